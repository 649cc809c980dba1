import { randomUUID } from 'node:crypto';
import { LeaseLostError, type RetellingOrder, type RunChange } from '@arcflow/db';
import {
  type ActionRegistry,
  decide,
  type FailureInfo,
  isFinalRunStatus,
  type RunEvent,
  type RunState,
  type SchedulerCommand,
  type SchedulerInput,
  type SchedulerOptions,
  type StepDefinition,
  type TriggerEvent,
  type WorkflowDefinition,
} from '@arcflow/engine';
import type { StepArtifacts } from '../artifacts/step-artifacts.ts';
import { launchCachedStep, type StepCaching } from '../cache/cached-launch.ts';
import type { StepCache } from '../cache/step-cache.ts';
import type { SecretResolver } from '../identity/secret-resolver.ts';
import type { StoredDecision } from './await-approval.ts';
import { launchChild, type SubWorkflowStarter } from './launch-child.ts';
import { launchStep, type StepLaunch } from './launch-step.ts';
import { LogBuffer, type LogLine } from './log-buffer.ts';
import { DEFAULT_STEP_LOG_MAX_BYTES, LogCap } from './log-cap.ts';
import { LogMasker } from './log-masker.ts';
import { maskInput, SecretMask } from './mask-secrets.ts';
import { type RetryNotice, withDatabaseRetry } from './retry.ts';
import { type Decided, toTickChange } from './run-change.ts';
import { stepEnv } from './step-environment.ts';

/** What the executor needs from storage; the `Store` of `@arcflow/db` provides it. */
export interface RunStore {
  events: {
    commit(
      runId: string,
      change: RunChange,
      fence: { leaseOwner: string; afterSeq: number },
    ): Promise<RunEvent[]>;
  };
  logs: { append(lines: LogLine[], writeId: string): Promise<void> };
  leases: { renew(runId: string, owner: string, ttlMs: number): Promise<boolean> };
}

export interface ExecutorOptions extends SchedulerOptions {
  runnerId: string;
  leaseMs: number;
  workspaceDir: string;
  /** The environment steps inherit (see `inheritedStepEnv`), before the workflow's and the step's own `env`. */
  baseEnv: Record<string, string>;
  /** Gives the values of `${{ secrets.NAME }}` right before a step's action runs. */
  secrets: SecretResolver;
  /**
   * Asked while the run executes: null until someone asked to cancel it; then, for a run a
   * newer run of its group replaces (`cancel_in_progress`), the event that started that one.
   */
  cancelRequested: () => Promise<{ supersededBy?: TriggerEvent } | null | false>;
  /**
   * Calls `wake` whenever a cancel (or a decision) may have been recorded for the run: a
   * notification. With it, `cancelRequested` and `pollDecisions` are asked when woken and
   * otherwise only every few seconds, for a notification lost with a connection.
   */
  runSignals?: RunSignalSource;
  /** With `runSignals`: how often to ask anyway (default 5 s). */
  safetyPollMs?: number;
  /** For `cancel` and `adopt` of a run whose cancel was already requested: see `cancelRequested`. */
  supersededBy?: TriggerEvent;
  onEvent?: (event: RunEvent, state: RunState) => void;
  onLog?: (line: LogLine) => void;
  /** What one attempt of a step stores of its output (see `LogCap`); default 10 MB. */
  stepLogMaxBytes?: number;
  /** Storage failed and the call is retried (the database restarting, a dropped connection). */
  onStorageTrouble?: RetryNotice;
  /** The last seq in the run's event log when this runner took the run. */
  lastSeq: number;
  /** For `adopt`: the runner whose lease expired, named in the story. */
  previousOwner?: string | null;
  /** Approvals and rejections recorded for a waiting step's attempt after `afterId`. */
  pollDecisions: (stepId: string, attempt: number, afterId: bigint) => Promise<StoredDecision[]>;
  /** The signed-in user who started the run (the four-eyes rule); absent: started locally. */
  startedByUserId?: string | null;
  /** A team runner: decisions without a user id count as one person (`RunApprovalRules`). */
  team?: boolean;
  /** Where the results of steps with `cache:` are kept; absent: such steps always run. */
  stepCache?: StepCache;
  /** The run was started with `--no-cache`: cached steps run anyway (their results are still stored). */
  noCache?: boolean;
  /** Keeps steps' `artifacts` and places `needs_artifacts`; absent: steps with them fail. */
  artifacts?: StepArtifacts;
  /** Sub-workflows: runs the child run of a `uses:` step; without it such a step fails. */
  subWorkflows?: SubWorkflowStarter;
  now?: () => Date;
}

/** Something that says a run's cancel request or decisions may have changed. */
export type RunSignalSource = (wake: (kind: 'cancel' | 'decision') => void) => () => void;

const CANCEL_POLL_MS = 300;
/** With notifications, the poll is only a safety net for one lost with a connection. */
const SAFETY_POLL_MS = 5000;

/** How a run is picked up: started, resumed, canceled (an orphan), or adopted from a dead runner. */
export type ExecuteHow = 'start' | 'resume' | 'cancel' | 'adopt';

/**
 * How the executor begins: as `ExecuteHow` says, or with a re-telling (`RetellingOrder`);
 * the executor must then have been built with the order's definition, if it switches.
 */
export type Beginning = ExecuteHow | { retell: RetellingOrder };

/**
 * Executes one run: feeds the engine's scheduler, commits every transition (state and
 * events) in one transaction, and carries out its commands — starting actions with a
 * timeout, aborting them on cancel, and waking up for retries.
 */
export class RunExecutor {
  private state: RunState;
  /** Inputs waiting for the next tick, in the order they arrived. */
  private inbox: SchedulerInput[] = [];
  private ticking = false;
  private readonly running = new Map<string, AbortController>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** By id; grows when a `for_each` step expands. */
  private steps: Map<string, StepDefinition>;
  private readonly logs: LogBuffer;
  private readonly now: () => Date;
  private finished!: (state: RunState) => void;
  private failed!: (error: unknown) => void;
  private readonly done: Promise<RunState>;
  private cancelSent = false;
  private stopped = false;
  /** Events committed and not yet handed to `onEvent` (delivered off the tick, in order). */
  private outbox: Array<{ events: RunEvent[]; state: RunState }> = [];
  private lastSeq: number;
  /** Written with the transition that begins a re-telling onto another revision. */
  private definitionSwitch: RunChange['definitionSwitch'];

  constructor(
    private readonly runId: string,
    private definition: WorkflowDefinition,
    initialState: RunState,
    private readonly store: RunStore,
    private readonly actions: ActionRegistry,
    private readonly options: ExecutorOptions,
  ) {
    this.state = initialState;
    this.lastSeq = options.lastSeq;
    this.steps = new Map(definition.steps.map((step) => [step.id, step]));
    this.now = options.now ?? (() => new Date());
    this.logs = new LogBuffer((lines, writeId) =>
      withDatabaseRetry(() => store.logs.append(lines, writeId), options.onStorageTrouble),
    );
    this.done = new Promise((resolve, reject) => {
      this.finished = resolve;
      this.failed = reject;
    });
  }

  /** Starts (or resumes) the run and resolves with its final state. */
  execute(how: Beginning): Promise<RunState> {
    if (typeof how === 'object') this.retell(how.retell);
    else this.begin(how);
    const signals = this.options.runSignals;
    const unsubscribe = signals?.((kind) => {
      if (kind === 'cancel') void this.pollCancel();
    });
    const poll = setInterval(
      () => void this.pollCancel(),
      signals ? (this.options.safetyPollMs ?? SAFETY_POLL_MS) : CANCEL_POLL_MS,
    );
    const lease = setInterval(
      () => void this.renewLease(),
      Math.max(1000, Math.floor(this.options.leaseMs / 3)),
    );
    return this.done.finally(() => {
      unsubscribe?.();
      clearInterval(poll);
      clearInterval(lease);
      for (const timer of this.timers) clearTimeout(timer);
    });
  }

  private retell(order: RetellingOrder): void {
    const at = this.now();
    if (order.switchTo) {
      this.definitionSwitch = { ...order.switchTo, at };
    }
    this.enqueue({ type: 'retell', at, steps: order.steps, telling: order.telling });
  }

  private begin(how: ExecuteHow): void {
    switch (how) {
      case 'start':
      case 'resume':
        this.enqueue({ type: how, at: this.now() });
        break;
      case 'cancel':
        // An orphan may carry an unanswered cancel request; the cancel is carried out here.
        this.cancelSent = true;
        this.state = { ...this.state, cancelRequested: false };
        this.enqueue(this.cancelInput(this.options.supersededBy));
        break;
      case 'adopt':
        this.adopt();
        break;
      default: {
        const unknown: never = how;
        throw new Error(`unknown way to execute a run: ${String(unknown)}`);
      }
    }
  }

  /**
   * Takes over a run whose runner died: what that runner was running is over, so each such
   * attempt ends `interrupted` (retried if the step has retries left, else failed), an
   * unanswered cancel request is carried out, and whatever is ready starts.
   */
  private adopt(): void {
    const at = this.now();
    const previous = this.options.previousOwner ?? 'its previous runner';
    for (const step of Object.values(this.state.steps)) {
      if (step.status !== 'running' && step.status !== 'waiting') continue;
      this.enqueue({
        type: 'step-failed',
        stepId: step.id,
        at,
        failure: {
          reason: 'interrupted',
          message: `its runner (${previous}) stopped before the step ended`,
        },
      });
    }
    if (this.state.cancelRequested) {
      this.state = { ...this.state, cancelRequested: false };
      this.cancel(this.options.supersededBy);
    }
    this.enqueue({ type: 'tick', at });
  }

  /**
   * Stops driving the run without recording an ending: running actions are aborted and the
   * run is left for another runner to adopt (used when this runner shuts down).
   */
  async handBack(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const controller of this.running.values()) controller.abort('handed-back');
    await this.logs.close().catch(() => {});
    this.finished(this.state);
  }

  /**
   * Asks the run to stop: pending steps are canceled, running ones aborted. `supersededBy`:
   * the event of the newer run of its group that replaces it, named in the story.
   */
  cancel(supersededBy?: TriggerEvent): void {
    if (this.cancelSent) return;
    this.cancelSent = true;
    this.enqueue(this.cancelInput(supersededBy));
  }

  /** `runSignals` narrowed to decisions, for the approval waits of ceremony steps. */
  private readonly decisionsChanged = (wake: () => void): (() => void) =>
    this.options.runSignals?.((kind) => {
      if (kind === 'decision') wake();
    }) ?? (() => {});

  private cancelInput(supersededBy: TriggerEvent | undefined): SchedulerInput {
    return { type: 'cancel', at: this.now(), ...(supersededBy ? { supersededBy } : {}) };
  }

  /**
   * Keeps the run ours. Once another runner has taken it over (this one was paused or cut
   * off for longer than the lease), its steps stop here: they run there now.
   */
  private async renewLease(): Promise<void> {
    try {
      const held = await this.store.leases.renew(
        this.runId,
        this.options.runnerId,
        this.options.leaseMs,
      );
      if (!held) this.abortAll(new LeaseLostError(this.runId, null));
    } catch {
      // the database is away; commits retry, and the next renewal tries again
    }
  }

  private async pollCancel(): Promise<void> {
    if (this.cancelSent || this.stopped) return;
    try {
      const request = await this.options.cancelRequested();
      if (request) this.cancel(request.supersededBy);
    } catch {
      // the next poll tries again
    }
  }

  private enqueue(input: SchedulerInput): void {
    this.inbox.push(input);
    this.scheduleTick();
  }

  private scheduleTick(): void {
    if (this.ticking) return;
    this.ticking = true;
    // After the I/O callbacks and promise jobs of this turn: steps that finish together
    // share one tick.
    setImmediate(() => void this.tick());
  }

  /** Decides every input waiting and commits them as one; inputs arriving meanwhile wait. */
  private async tick(): Promise<void> {
    try {
      const inputs = this.inbox;
      this.inbox = [];
      if (!this.stopped && inputs.length > 0) await this.process(inputs);
    } catch (error) {
      this.abortAll(error);
    } finally {
      this.ticking = false;
      if (this.inbox.length > 0 && !this.stopped) this.scheduleTick();
    }
  }

  /**
   * One scheduler tick: `decide` for each input in order, then one transaction for all the
   * transitions (with the log lines waiting, so a finishing step's output is stored with its
   * result), one notification, and only then the commands.
   */
  private async process(inputs: SchedulerInput[]): Promise<void> {
    const before = this.state;
    let state = before;
    const decided: Decided[] = [];
    const commands: SchedulerCommand[] = [];
    const decidedEvents: RunChange['events'] = [];
    let definition = this.definition;
    for (const input of inputs) {
      const transition = decide(definition, state, input, this.options);
      if (transition.definition) definition = transition.definition;
      decided.push({ input, commands: transition.commands, changes: transition.changes });
      commands.push(...transition.commands);
      decidedEvents.push(...transition.events);
      state = transition.state;
    }
    const change = toTickChange(before, decided, state, decidedEvents, this.options.runnerId);
    if (inputs.some((input) => input.type === 'retell') && this.definitionSwitch) {
      change.definitionSwitch = this.definitionSwitch;
    }
    if (definition !== this.definition) {
      // an expansion in the transition that also switches writes the switched definition expanded
      if (change.definitionSwitch)
        change.definitionSwitch = { ...change.definitionSwitch, definition };
      else change.definitionExpanded = { definition };
    }
    // Lines already on their way to storage must land first: they may be a finishing step's.
    const logs = await this.logs.takeAndHold();
    // named once, so a retry of this commit cannot store them twice
    if (logs.length > 0) Object.assign(change, { logs, logsWriteId: randomUUID() });
    const fence = { leaseOwner: this.options.runnerId, afterSeq: this.lastSeq };
    let events: RunEvent[];
    try {
      events = await withDatabaseRetry(
        () => this.store.events.commit(this.runId, change, fence),
        this.options.onStorageTrouble,
      );
    } finally {
      this.logs.release();
    }
    if (this.stopped) return;
    this.lastSeq = events.at(-1)?.seq ?? this.lastSeq;
    if (change.definitionSwitch) this.definitionSwitch = undefined;
    if (definition !== this.definition) {
      this.definition = definition;
      this.steps = new Map(definition.steps.map((step) => [step.id, step]));
    }
    this.state = state;
    for (const command of commands) this.carryOut(command);
    this.deliver(events, state);
    if (isFinalRunStatus(state.status) && this.running.size === 0) {
      this.stopped = true;
      try {
        await this.logs.close();
      } catch (error) {
        this.failed(error); // the last lines could not be stored
        return;
      }
      // after the events still on their way to `onEvent`
      setImmediate(() => this.finished(state));
    } else if (
      this.running.size === 0 &&
      this.timers.size === 0 &&
      this.inbox.length === 0 &&
      commands.length === 0
    ) {
      // Nothing runs and nothing will wake us: the run could never end. Say so instead of hanging.
      throw new Error(
        `run ${this.runId} cannot make progress from status ${state.status} (steps: ${summarize(state)})`,
      );
    }
  }

  /**
   * Hands committed events to `onEvent` after the steps they start are launched, off the
   * tick: rendering the live view or feeding sockets never holds up the next transition.
   */
  private deliver(events: RunEvent[], state: RunState): void {
    const onEvent = this.options.onEvent;
    if (!onEvent || events.length === 0) return;
    this.outbox.push({ events, state });
    if (this.outbox.length > 1) return;
    setImmediate(() => {
      const batches = this.outbox;
      this.outbox = [];
      for (const batch of batches) for (const event of batch.events) onEvent(event, batch.state);
    });
  }

  private carryOut(command: SchedulerCommand): void {
    switch (command.type) {
      case 'start-step':
        this.launch(command);
        return;
      case 'abort-step': {
        const controller = this.running.get(command.stepId);
        if (controller) controller.abort('canceled');
        // A step recorded as running with no process here belongs to a runner that is gone.
        else
          this.enqueue({
            type: 'step-failed',
            stepId: command.stepId,
            at: this.now(),
            failure: { reason: 'canceled', message: 'canceled' },
          });
        return;
      }
      case 'wake-at': {
        const delay = Math.max(0, command.at.getTime() - this.now().getTime());
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.enqueue({ type: 'tick', at: this.now() });
        }, delay);
        this.timers.add(timer);
        return;
      }
      default: {
        const unknown: never = command;
        throw new Error(`unknown scheduler command ${JSON.stringify(unknown)}`);
      }
    }
  }

  private launch(command: Extract<SchedulerCommand, { type: 'start-step' }>): void {
    const { stepId, attempt } = command;
    const step = this.steps.get(stepId);
    if (step?.uses !== undefined) {
      this.launchSubWorkflow(command, step.uses);
      return;
    }
    const action = step && this.actions.get(step.action);
    if (!step || !action) {
      const failure: FailureInfo = {
        reason: 'error',
        message: `action "${step?.action ?? '?'}" is not available in this runner`,
        retriable: false,
      };
      this.enqueue({ type: 'step-failed', stepId, at: this.now(), failure });
      return;
    }
    const env = stepEnv({
      inherited: this.options.baseEnv,
      workflow: this.definition.env,
      step: command.env,
      runId: this.runId,
      stepId,
      attempt,
    });
    const secrets = SecretMask.ofEnvNames(this.definition.secrets, env);
    const cap = new LogCap<LogLine>(
      step.logMaxBytes ?? this.options.stepLogMaxBytes ?? DEFAULT_STEP_LOG_MAX_BYTES,
      (stream, text, at) => ({
        runId: this.runId,
        stepId,
        attempt,
        stream,
        text,
        at: at ?? this.now(),
      }),
      (line) => this.logs.push(line),
    );
    const logs = new LogMasker<LogLine>(secrets, (masked) => {
      cap.push(masked);
      this.options.onLog?.(masked);
    });
    const launch: StepLaunch = {
      runId: this.runId,
      stepId,
      attempt,
      runStartedAt: this.state.startedAt ?? this.now(),
      workflowName: this.definition.name,
      action,
      with: command.with,
      env,
      secrets: this.options.secrets,
      reveal: (value) => secrets.add(value),
      timeoutMs: command.timeoutMs,
      workspaceDir: this.options.workspaceDir,
      log: (line) => logs.push(line),
      emit: (input) => this.enqueue(maskInput(input, secrets.mask)),
      settle: (input) => {
        logs.flush();
        cap.finish();
        this.running.delete(stepId);
        this.enqueue(maskInput(input, secrets.mask));
      },
      pollDecisions: this.options.pollDecisions,
      ...(this.options.runSignals
        ? {
            decisionsChanged: this.decisionsChanged,
            pollMs: this.options.safetyPollMs ?? SAFETY_POLL_MS,
          }
        : {}),
      approvalRules: {
        fourEyes: this.definition.fourEyes !== false,
        startedByUserId: this.options.startedByUserId ?? null,
        localDecisionsCountOnce: this.options.team === true,
      },
      ...this.artifactHooks(step, attempt, (text) =>
        logs.push({ runId: this.runId, stepId, attempt, stream: 'system', text, at: this.now() }),
      ),
      now: this.now,
    };
    const note = (text: string) =>
      logs.push({ runId: this.runId, stepId, attempt, stream: 'system', text, at: this.now() });
    const caching = this.caching(step, command, attempt, note, (input) =>
      maskInput(input, secrets.mask),
    );
    const controller = caching ? launchCachedStep(launch, caching) : launchStep(launch);
    this.running.set(stepId, controller);
  }

  /** How a step with `cache:` is looked up and stored; undefined without `cache:` or a store. */
  private caching(
    step: StepDefinition,
    command: Extract<SchedulerCommand, { type: 'start-step' }>,
    attempt: number,
    note: (text: string) => void,
    mask: StepCaching['mask'],
  ): StepCaching | undefined {
    const cache = this.options.stepCache;
    if (!step.cache || !cache) return undefined;
    const { artifacts } = this.options;
    const patterns = step.artifacts;
    return {
      cache,
      inputs: step.cache.inputs,
      // resolved by the scheduler as the step's with and env are (matrix, item, upstream outputs)
      key: command.cacheKey ?? '',
      ownEnv: { ...this.definition.env, ...command.env },
      skipLookup: this.options.noCache === true,
      mask,
      ...(artifacts && patterns?.length
        ? {
            // placed from the cached execution's records, then kept again as this run's own
            restoreArtifacts: async (from: { runId: string; stepId: string }) => {
              const { workspaceDir } = this.options;
              await artifacts.restore(from.runId, [from.stepId], workspaceDir, note);
              await artifacts.capture(
                { runId: this.runId, stepId: step.id, attempt, patterns },
                workspaceDir,
                this.definition.artifactRetentionMs,
                note,
              );
            },
          }
        : {}),
    };
  }

  /** `beforeRun`/`afterSuccess` for a step with `needs_artifacts`/`artifacts`. */
  private artifactHooks(
    step: StepDefinition,
    attempt: number,
    note: (text: string) => void,
  ): { beforeRun?: () => Promise<void>; afterSuccess?: () => Promise<void> } {
    const { artifacts: patterns } = step;
    // a fanned-out step's artifacts are its instances'
    const needsArtifacts = step.needsArtifacts?.flatMap(
      (id) => this.steps.get(id)?.fanOut?.instances ?? [id],
    );
    if (!needsArtifacts?.length && !patterns?.length) return {};
    const artifacts = this.options.artifacts;
    const missing = async () => {
      throw new Error('artifacts: this runner has no artifact store');
    };
    const { workspaceDir } = this.options;
    return {
      ...(needsArtifacts?.length
        ? {
            beforeRun: artifacts
              ? () => artifacts.restore(this.runId, needsArtifacts, workspaceDir, note)
              : missing,
          }
        : {}),
      ...(patterns?.length
        ? {
            afterSuccess: artifacts
              ? () =>
                  artifacts.capture(
                    { runId: this.runId, stepId: step.id, attempt, patterns },
                    workspaceDir,
                    this.definition.artifactRetentionMs,
                    note,
                  )
              : missing,
          }
        : {}),
    };
  }

  /** A `uses:` step: its child run, whose ending is the step's. */
  private launchSubWorkflow(
    command: Extract<SchedulerCommand, { type: 'start-step' }>,
    uses: string,
  ): void {
    const { stepId, attempt } = command;
    const controller = launchChild({
      request: { parentRunId: this.runId, stepId, attempt, uses, inputs: command.with },
      ...(command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs }),
      start: this.options.subWorkflows,
      log: (line) => {
        this.logs.push(line);
        this.options.onLog?.(line);
      },
      now: this.now,
      settle: (input) => {
        this.running.delete(stepId);
        this.enqueue(input);
      },
    });
    this.running.set(stepId, controller);
  }

  /** Storage failed for good: stop every step so nothing keeps running unrecorded. */
  private abortAll(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const controller of this.running.values()) controller.abort('canceled');
    void this.logs.close().catch(() => {});
    this.failed(error);
  }
}

function summarize(state: RunState): string {
  const counts = new Map<string, number>();
  for (const step of Object.values(state.steps))
    counts.set(step.status, (counts.get(step.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}
