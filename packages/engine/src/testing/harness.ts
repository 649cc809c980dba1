import type { FailureInfo } from '../actions/types.ts';
import { resolveRunInputs } from '../definition/inputs.ts';
import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import type { NewRunEvent } from '../narrative/types.ts';
import type { Telling } from '../revisions/types.ts';
import { decide, initialRunState } from '../scheduler/scheduler.ts';
import type {
  RunState,
  SchedulerCommand,
  SchedulerInput,
  SchedulerOptions,
} from '../scheduler/types.ts';
import type { TriggerEvent } from '../triggers/event.ts';

/**
 * Runs a definition through the scheduler on a virtual clock: no processes, no timers, no
 * waiting. Steps "take" `durationsMs` of virtual time and end as `outcomes` says. Times are
 * plain milliseconds from the virtual epoch (`new Date(ms)` in the events).
 */

/**
 * How one attempt of a step ends: `'succeed'`, a success with outputs and a summary, a
 * failure, or a wait for people (`waitThenApprove`) that ends as its decisions say.
 */
export type SimulatedOutcome = 'succeed' | SimulatedSuccess | FailureInfo | SimulatedApproval;

export interface SimulatedSuccess {
  outputs?: Record<string, unknown>;
  summary?: string;
  /** The action found nothing to do: the step ends skipped for this reason. */
  skipped?: string;
}

/** The step waits for people as soon as it starts; `decisions` arrive `afterMs` into the wait. */
export interface SimulatedApproval {
  approval: {
    prompt?: string;
    /** Default 1. */
    requiredApprovals?: number;
    /** Who may decide, as in `approvers:` (not enforced here). Default: anyone. */
    approvers?: string[];
    decisions: SimulatedDecision[];
  };
  /** How the step ends once approved. Default `'succeed'`. */
  then?: 'succeed' | SimulatedSuccess;
}

export interface SimulatedDecision {
  by: string;
  decision: 'approve' | 'reject';
  comment?: string;
  /** Time from the start of the wait. */
  afterMs: number;
}

/** A step that waits `afterMs` for `by` to approve (with `comment`), then succeeds. */
export function waitThenApprove(
  afterMs = 60_000,
  by = 'approver',
  comment?: string,
): SimulatedApproval {
  return {
    approval: {
      prompt: 'Approve?',
      decisions: [
        { by, decision: 'approve', afterMs, ...(comment === undefined ? {} : { comment }) },
      ],
    },
  };
}

export interface SimulationOptions {
  /** The run's inputs, as given (`--input k=v` strings are fine): defaults are applied. */
  inputs?: Record<string, unknown>;
  /** What started the run (a push, a schedule tick, …); absent: started by hand. */
  event?: TriggerEvent;
  /** Runner-side cap on parallel steps (the workflow's own `maxParallel` still applies). Default 4. */
  maxParallel?: number;
  /**
   * Per step, how its attempts end, in the order they start within THIS simulation
   * (a resumed simulation starts counting again). Missing entries succeed.
   */
  outcomes?: Record<string, SimulatedOutcome[]>;
  /** Virtual duration of each attempt of a step. Default `defaultDurationMs`. */
  durationsMs?: Record<string, number>;
  /** Default 1000. */
  defaultDurationMs?: number;
  /** Delay before retry n (1-based), or a fixed delay. Default 1000 · 2^(n-1). */
  retryDelayMs?: number | ((failures: number) => number);
  /** Virtual time at which a `cancel` arrives. */
  cancelAt?: number;
  /** Virtual time between an `abort-step` and the step reporting `canceled`. Default 0. */
  abortLatencyMs?: number;
}

export interface TimelineEntry {
  stepId: string;
  attempt: number;
  startMs: number;
  endMs: number;
  result: 'succeeded' | FailureInfo['reason'];
}

export interface SimulationResult {
  state: RunState;
  events: NewRunEvent[];
  timeline: TimelineEntry[];
  /** Every command the scheduler issued, with the virtual time it was issued at. */
  commands: Array<{ atMs: number; command: SchedulerCommand }>;
  /** Virtual time of the last input that changed anything. */
  endMs: number;
  /** The definition the run ended with: a `for_each` step's instances added when it expanded. */
  definition: WorkflowDefinition;
}

/** Start a run at virtual time `startMs` (default 0) and drive it until nothing is left to do. */
export function simulateRun(
  def: WorkflowDefinition,
  options: SimulationOptions & { startMs?: number } = {},
): SimulationResult {
  const startMs = options.startMs ?? 0;
  const inputs = resolveRunInputs(def, options.inputs ?? {});
  if ('errors' in inputs) throw new Error(`bad inputs: ${inputs.errors.join('; ')}`);
  return drive(
    def,
    initialRunState(def, inputs.values, options.event),
    { type: 'start', at: new Date(startMs) },
    options,
  );
}

/**
 * Resume a finished (failed or canceled) run at virtual time `atMs` — by default one minute
 * after it finished — and drive it to its end.
 */
export function resumeSimulation(
  def: WorkflowDefinition,
  state: RunState,
  options: SimulationOptions & { atMs?: number } = {},
): SimulationResult {
  const atMs = options.atMs ?? (state.finishedAt?.getTime() ?? 0) + 60_000;
  return drive(def, state, { type: 'resume', at: new Date(atMs) }, options);
}

/**
 * Re-tell a run (`retell`: a retry, a resume on a newer definition, a rerun's start) at
 * virtual time `atMs` — by default one minute after it finished — and drive it to its end.
 */
export function retellSimulation(
  def: WorkflowDefinition,
  state: RunState,
  steps: readonly string[],
  telling: Telling,
  options: SimulationOptions & { atMs?: number } = {},
): SimulationResult {
  const atMs = options.atMs ?? (state.finishedAt?.getTime() ?? 0) + 60_000;
  return drive(def, state, { type: 'retell', at: new Date(atMs), steps, telling }, options);
}

interface Queued {
  atMs: number;
  seq: number;
  input: SchedulerInput;
  /** Set when the input no longer applies (a completion for an aborted step). */
  dropped?: boolean;
}

const MAX_STEPS = 100_000;

function drive(
  written: WorkflowDefinition,
  initial: RunState,
  first: SchedulerInput,
  options: SimulationOptions,
): SimulationResult {
  const retryDelay = options.retryDelayMs ?? ((n: number) => 1000 * 2 ** (n - 1));
  const schedulerOptions: SchedulerOptions = {
    maxParallel: options.maxParallel ?? 4,
    retryDelayMs: typeof retryDelay === 'number' ? () => retryDelay : retryDelay,
  };
  let def = written;
  let stepDefs = new Map(def.steps.map((step) => [step.id, step]));
  const starts = new Map<string, number>();
  /** Per running step, what it will still report (a wait, decisions, its end). */
  const completions = new Map<string, Queued[]>();
  const openEntries = new Map<string, TimelineEntry>();
  const queue: Queued[] = [];
  let seq = 0;
  const enqueue = (atMs: number, input: SchedulerInput): Queued => {
    const item: Queued = { atMs, seq: seq++, input };
    queue.push(item);
    return item;
  };

  const result: SimulationResult = {
    state: initial,
    events: [],
    timeline: [],
    commands: [],
    endMs: 0,
    definition: written,
  };
  enqueue(first.at.getTime(), first);
  if (options.cancelAt !== undefined)
    enqueue(options.cancelAt, { type: 'cancel', at: new Date(options.cancelAt) });

  for (let i = 0; ; i++) {
    if (i > MAX_STEPS) throw new Error('simulation did not settle: too many scheduler inputs');
    queue.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    const next = queue.shift();
    if (!next) break;
    if (next.dropped) continue;
    const now = next.atMs;
    const input = next.input;
    if (input.type === 'step-succeeded' || input.type === 'step-failed') {
      completions.delete(input.stepId);
      const entry = openEntries.get(input.stepId);
      if (entry) {
        entry.endMs = now;
        entry.result = input.type === 'step-succeeded' ? 'succeeded' : input.failure.reason;
        openEntries.delete(input.stepId);
      }
    }

    const transition = decide(def, result.state, input, schedulerOptions);
    result.state = transition.state;
    if (transition.definition) {
      def = transition.definition;
      stepDefs = new Map(def.steps.map((step) => [step.id, step]));
      result.definition = def;
    }
    if (transition.events.length > 0 || transition.commands.length > 0) result.endMs = now;
    result.events.push(...transition.events);

    for (const command of transition.commands) {
      result.commands.push({ atMs: now, command });
      switch (command.type) {
        case 'start-step': {
          const nth = starts.get(command.stepId) ?? 0;
          starts.set(command.stepId, nth + 1);
          const outcome = options.outcomes?.[command.stepId]?.[nth] ?? 'succeed';
          const stepId = command.stepId;
          if (typeof outcome === 'object' && 'approval' in outcome) {
            completions.set(
              stepId,
              approvalInputs(stepId, now, outcome, def.fourEyes !== false).map(([atMs, input]) =>
                enqueue(atMs, input),
              ),
            );
          } else {
            const duration = options.durationsMs?.[stepId] ?? options.defaultDurationMs ?? 1000;
            const timeoutMs = command.timeoutMs ?? stepDefs.get(stepId)?.timeoutMs;
            const timedOut = timeoutMs !== undefined && duration > timeoutMs;
            const endMs = now + (timedOut ? timeoutMs : duration);
            const at = new Date(endMs);
            const completion: SchedulerInput = timedOut
              ? { type: 'step-failed', stepId, at, failure: timeoutFailure(timeoutMs) }
              : typeof outcome === 'object' && 'reason' in outcome
                ? { type: 'step-failed', stepId, at, failure: outcome }
                : success(stepId, at, outcome);
            completions.set(stepId, [enqueue(endMs, completion)]);
          }
          const entry: TimelineEntry = {
            stepId: command.stepId,
            attempt: command.attempt,
            startMs: now,
            endMs: Number.NaN,
            result: 'succeeded',
          };
          openEntries.set(command.stepId, entry);
          result.timeline.push(entry);
          break;
        }
        case 'abort-step': {
          const pending = completions.get(command.stepId);
          if (!pending) break;
          for (const item of pending) item.dropped = true;
          const atMs = now + (options.abortLatencyMs ?? 0);
          completions.set(command.stepId, [
            enqueue(atMs, {
              type: 'step-failed',
              stepId: command.stepId,
              at: new Date(atMs),
              failure: { reason: 'canceled', message: 'the run was canceled' },
            }),
          ]);
          break;
        }
        case 'wake-at': {
          const atMs = Math.max(now, command.at.getTime());
          const already = queue.some(
            (q) => !q.dropped && q.input.type === 'tick' && q.atMs === atMs,
          );
          if (!already) enqueue(atMs, { type: 'tick', at: new Date(atMs) });
          break;
        }
        default: {
          const _never: never = command;
          return _never;
        }
      }
    }
  }
  return result;
}

function success(stepId: string, at: Date, outcome: 'succeed' | SimulatedSuccess): SchedulerInput {
  const { outputs = {}, summary, skipped } = outcome === 'succeed' ? {} : outcome;
  return {
    type: 'step-succeeded',
    stepId,
    at,
    outputs,
    ...(summary === undefined ? {} : { summary }),
    ...(skipped === undefined ? {} : { skipped }),
  };
}

/** The wait, each decision, and the end: at the approval that makes enough, or a rejection. */
function approvalInputs(
  stepId: string,
  startMs: number,
  outcome: SimulatedApproval,
  fourEyes: boolean,
): Array<[number, SchedulerInput]> {
  const {
    prompt = 'Approve?',
    requiredApprovals = 1,
    approvers = [],
    decisions,
  } = outcome.approval;
  const inputs: Array<[number, SchedulerInput]> = [
    [
      startMs,
      {
        type: 'step-waiting',
        stepId,
        at: new Date(startMs),
        prompt,
        approvers,
        requiredApprovals,
        fourEyes,
      },
    ],
  ];
  let approvals = 0;
  for (const decision of [...decisions].sort((a, b) => a.afterMs - b.afterMs)) {
    const atMs = startMs + decision.afterMs;
    const at = new Date(atMs);
    inputs.push([
      atMs,
      {
        type: 'step-decision',
        stepId,
        at,
        decision: decision.decision,
        by: decision.by,
        ...(decision.comment === undefined ? {} : { comment: decision.comment }),
      },
    ]);
    if (decision.decision === 'reject') {
      const said = decision.comment === undefined ? '' : `: “${decision.comment}”`;
      const failure: FailureInfo = {
        reason: 'error',
        message: `rejected by ${decision.by}`,
        summary: `rejected by ${decision.by}${said}`,
        retriable: false,
      };
      inputs.push([atMs, { type: 'step-failed', stepId, at, failure }]);
      break;
    }
    approvals += 1;
    if (approvals >= requiredApprovals) {
      inputs.push([atMs, success(stepId, at, outcome.then ?? 'succeed')]);
      break;
    }
  }
  return inputs;
}

function timeoutFailure(timeoutMs: number): FailureInfo {
  return { reason: 'timeout', message: `timed out after ${timeoutMs}ms` };
}

/** A validated step with defaults (`shell` action, engineer universe, no retries), for tests. */
export function testStep(
  id: string,
  dependsOn: string[] = [],
  extra: Partial<Omit<StepDefinition, 'id' | 'dependsOn'>> = {},
): StepDefinition {
  return {
    id,
    action: 'shell',
    universe: 'engineer',
    dependsOn,
    with: {},
    retries: 0,
    env: {},
    ...extra,
  };
}

/** A validated workflow around `steps`, for tests. */
export function testWorkflow(
  steps: StepDefinition[],
  extra: Partial<Omit<WorkflowDefinition, 'steps'>> = {},
): WorkflowDefinition {
  return { name: 'test-flow', env: {}, inputs: [], steps, ...extra };
}
