import type { FailureInfo } from '../actions/types.ts';
import { MAX_FOR_EACH_ITEMS } from '../definition/limits.ts';
import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import { expandForEach } from '../fan-out/expand.ts';
import { downstreamIndexes } from '../graph/indexed-graph.ts';
import * as story from '../narrative/story.ts';
import type { NewRunEvent, RunEventType, StoryKind } from '../narrative/types.ts';
import type { Telling } from '../revisions/types.ts';
import { isFinalRunStatus, isFinalStepStatus, isRerunOnResume } from '../statuses.ts';
import type { TriggerEvent } from '../triggers/event.ts';
import { incitingIncidentText } from '../triggers/incident.ts';
import { RunPlan } from './run-plan.ts';
import { decideStart, resolveForEach } from './step-start.ts';
import { initialSteps, type RunFields, StepTable } from './step-table.ts';
import type {
  RunState,
  SchedulerCommand,
  SchedulerInput,
  SchedulerOptions,
  StepChange,
  StepState,
  Transition,
} from './types.ts';

/**
 * The scheduler: a pure state machine, `state + input -> new state + commands + events`.
 * No I/O, no clock, no timers: time arrives with each input (`at`), and retries are timed
 * through `wake-at` commands that the runner turns into `tick` inputs.
 *
 *   queued ──start──► running ──(all steps final)──► succeeded | failed | canceled
 *                        ▲                                        │
 *                        └──────────────resume────────────────────┘ (failed | canceled)
 */

/**
 * A queued run of `def`. `inputs` are the run's inputs as `resolveRunInputs` returns them
 * (typed, defaults applied); expressions read them as `inputs.<name>`. `event` is what
 * started the run: the story opens with it and expressions read it as `event.*`. The state carries the
 * run's own `RunPlan` (the definition's graph index), which `decide` hands on.
 */
export function initialRunState(
  def: WorkflowDefinition,
  inputs: Record<string, unknown> = {},
  event?: TriggerEvent,
): RunState {
  const run: RunState = {
    status: 'queued',
    steps: {},
    resumed: false,
    cancelRequested: false,
    inputs,
    ...(event === undefined ? {} : { event }),
  };
  return initialSteps(new RunPlan(def), run);
}

export function decide(
  def: WorkflowDefinition,
  state: RunState,
  input: SchedulerInput,
  options: SchedulerOptions,
): Transition {
  const draft = new Draft(def, state, input.at, options);
  let changed: boolean;
  switch (input.type) {
    case 'start':
      changed = onStart(draft);
      break;
    case 'resume':
      changed = onResume(draft);
      break;
    case 'retell':
      changed = onRetell(draft, input.steps, input.telling);
      break;
    case 'step-succeeded':
      changed =
        input.skipped === undefined
          ? onStepSucceeded(draft, input.stepId, input.outputs, input.summary)
          : onNothingToDo(draft, input.stepId, input.outputs, input.skipped);
      break;
    case 'step-waiting':
      changed = onStepWaiting(draft, input);
      break;
    case 'step-decision':
      changed = onStepDecision(draft, input);
      break;
    case 'step-failed':
      changed = onStepFailed(draft, input.stepId, input.failure);
      break;
    case 'tick':
      changed = onTick(draft);
      break;
    case 'cancel':
      changed = onCancel(draft, input.supersededBy);
      break;
    default: {
      const _never: never = input;
      return _never;
    }
  }
  if (!changed) {
    draft.steps.release();
    return { state, commands: [], events: [], changes: [] };
  }
  refreshActivity(draft);
  return {
    state: draft.steps.commit(draft.state),
    commands: draft.commands,
    events: draft.events,
    changes: draft.changes(),
    ...(draft.expanded ? { definition: draft.def } : {}),
  };
}

/**
 * A working copy of the state plus what the transition emits. The input state is never touched.
 * Steps are addressed by declaration index (`step(i)`, the run plan's graph index) and changed
 * through `steps.update`.
 */
class Draft {
  /** The run's own fields, in the input's key order; `steps` lives in `this.steps`. */
  readonly state: RunFields;
  /** Changes when a `for_each` step expands (`expand`); the run goes on with the new one. */
  def: WorkflowDefinition;
  steps: StepTable;
  /** Set once a step expanded in this transition: the definition the run now has. */
  expanded = false;
  /** What the tables before the last expansion changed. */
  private readonly earlier: StepChange[] = [];
  readonly commands: SchedulerCommand[] = [];
  readonly events: NewRunEvent[] = [];
  readonly nowMs: number;
  /** The run's inputs; states stored before inputs existed have none. */
  readonly inputs: Record<string, unknown>;

  constructor(
    def: WorkflowDefinition,
    original: RunState,
    readonly at: Date,
    readonly options: SchedulerOptions,
  ) {
    this.def = def;
    this.state = runFields(original);
    this.steps = StepTable.open(def, original);
    this.nowMs = at.getTime();
    this.inputs = original.inputs ?? {};
  }

  /**
   * Goes on with `def`, which has every step of the current one at the same index and adds
   * `added` (pending) after them: a `for_each` step's instances.
   */
  expand(def: WorkflowDefinition, added: readonly string[]): void {
    const current = this.steps.commit({ ...this.state });
    const steps: Record<string, StepState> = { ...current.steps };
    for (const id of added) {
      const step: StepState = { id, status: 'pending', attempts: 0, failures: 0 };
      steps[id] = step;
      this.earlier.push({ before: undefined, after: step });
    }
    this.earlier.unshift(...this.steps.changes());
    this.def = def;
    this.steps = StepTable.open(def, { ...this.state, steps } as RunState);
    this.expanded = true;
  }

  /** Every step this transition changed, across expansions, each once. */
  changes(): StepChange[] {
    const later = this.steps.changes();
    if (this.earlier.length === 0) return later;
    const byId = new Map<string, StepChange>();
    for (const change of [...this.earlier, ...later]) {
      const first = byId.get(change.after.id);
      byId.set(change.after.id, first ? { before: first.before, after: change.after } : change);
    }
    return [...byId.values()];
  }

  /** The definition of the step declared at `i`. */
  step(i: number): StepDefinition {
    return this.steps.plan.step(i);
  }

  /** Declaration indices of the steps the state holds, in order. */
  present(): number[] {
    const found: number[] = [];
    for (let i = 0; i < this.steps.plan.size; i++) if (this.steps.get(i)) found.push(i);
    return found;
  }

  emit(
    type: RunEventType,
    kind: StoryKind,
    text: string,
    extra: Pick<NewRunEvent, 'stepId' | 'attempt' | 'data'> = {},
  ): void {
    this.events.push({ type, at: this.at, ...extra, story: { kind, text } });
  }

  /** The cap on steps running at once: the runner's, and the workflow's own if lower. */
  get maxParallel(): number {
    const cap = Math.min(
      this.options.maxParallel,
      this.def.maxParallel ?? Number.POSITIVE_INFINITY,
    );
    return Number.isFinite(cap) ? Math.max(1, Math.floor(cap)) : 1;
  }
}

/** A shallow copy of the run's fields, leaving `steps` unread (reading it may build a record). */
function runFields(original: RunState): RunFields {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(original))
    fields[key] = key === 'steps' ? undefined : original[key as keyof RunState];
  return fields as unknown as RunFields;
}

function onStart(d: Draft): boolean {
  if (d.state.status !== 'queued') return false;
  d.state.status = 'running';
  d.state.startedAt = d.at;
  // The inciting incident opens the story, then the exposition; a run without an event
  // tells the exposition alone, as it always has.
  const event = d.state.event;
  const exposition = story.expositionText(d.def);
  const incident = event === undefined ? undefined : incitingIncidentText(event);
  d.emit(
    'run.started',
    'exposition',
    incident === undefined ? exposition : `${incident}. ${exposition}`,
    {
      data: {
        steps: d.def.steps.length,
        ...(incident === undefined || event === undefined
          ? {}
          : { incident: { kind: event.kind, text: incident } }),
      },
    },
  );
  scheduleReady(d);
  finishIfDone(d);
  return true;
}

function onResume(d: Draft): boolean {
  const run = d.state;
  if (run.status !== 'failed' && run.status !== 'canceled') return false;
  const replay: string[] = [];
  const failed: string[] = [];
  for (const i of d.present()) {
    const step = d.steps.get(i) as StepState;
    if (!isRerunOnResume(step.status)) continue;
    if (step.status === 'failed') failed.push(step.id);
    replay.push(step.id);
    d.steps.update(i, {
      status: 'pending',
      failures: 0,
      retryAt: undefined,
      startedAt: undefined,
      finishedAt: undefined,
      outputs: undefined,
      skipReason: undefined,
    });
  }
  run.status = 'running';
  run.resumed = true;
  run.cancelRequested = false;
  run.finishedAt = undefined;
  d.emit('run.resumed', 'return', story.resumedText(replay.length, failed), {
    data: { replay, failed },
  });
  scheduleReady(d);
  finishIfDone(d);
  return true;
}

/**
 * A re-telling: the named steps go back to pending (their next start is a new attempt), the
 * others keep their results. A queued run (a rerun) starts here; a final one picks up again.
 * A step sent back whose dependency stays failed or canceled is skipped at once, so the run
 * always ends (adapters refuse such requests first, with a clearer message).
 */
function onRetell(d: Draft, stepIds: readonly string[], telling: Telling): boolean {
  const run = d.state;
  const fresh = run.status === 'queued';
  if (!fresh && !isFinalRunStatus(run.status)) return false;
  const replay: string[] = [];
  const reset = new Set<number>();
  for (const id of stepIds) {
    const i = d.steps.indexOf(id);
    if (i === undefined || !d.steps.get(i) || reset.has(i)) continue;
    reset.add(i);
    replay.push(id);
    d.steps.update(i, {
      status: 'pending',
      failures: 0,
      retryAt: undefined,
      startedAt: undefined,
      finishedAt: undefined,
      outputs: undefined,
      skipReason: undefined,
    });
  }
  run.status = 'running';
  if (fresh) run.startedAt = d.at;
  else run.resumed = true;
  run.cancelRequested = false;
  run.finishedAt = undefined;
  d.emit('run.retold', fresh ? 'exposition' : 'return', story.retoldText(telling, replay.length), {
    data: { ...telling, replay },
  });
  skipBlocked(d, reset);
  scheduleReady(d);
  finishIfDone(d);
  return true;
}

/** Steps sent back to pending that depend on a step that failed or was canceled and stays so. */
function skipBlocked(d: Draft, reset: ReadonlySet<number>): void {
  for (const i of [...reset].sort((a, b) => a - b)) {
    if (d.steps.get(i)?.status !== 'pending') continue;
    for (const dep of d.step(i).dependsOn) {
      const j = d.steps.indexOf(dep);
      const state = j === undefined ? undefined : d.steps.get(j);
      if (j === undefined || !state || reset.has(j)) continue;
      if (state.status === 'failed') skipDependents(d, j, 'failed');
      else if (state.status === 'canceled') skipDependents(d, j, 'canceled');
      else if (state.status === 'skipped' && state.skipReason !== 'nothing-to-do') {
        skipDependents(d, j, isQuietSkip(state) ? 'condition' : 'canceled');
      }
    }
  }
}

/** The declaration index, definition and state of a step that is running or waiting. */
function activeStep(d: Draft, stepId: string): [number, StepDefinition, StepState] | undefined {
  const i = d.steps.indexOf(stepId);
  const def = i === undefined ? undefined : d.step(i);
  const step = d.steps.byId(stepId);
  if (i === undefined || !def || !step || isFinalRunStatus(d.state.status)) return undefined;
  if (step.status !== 'running' && step.status !== 'waiting') return undefined;
  return [i, def, step];
}

function onStepSucceeded(
  d: Draft,
  stepId: string,
  outputs: Record<string, unknown> | undefined,
  summary: string | undefined,
): boolean {
  const active = activeStep(d, stepId);
  if (!active) return false;
  const [i, def] = active;
  const step = d.steps.update(i, {
    status: 'succeeded',
    finishedAt: d.at,
    outputs: outputs ?? {},
  });
  d.emit('step.succeeded', 'beat', story.beatText(def, summary), {
    stepId,
    attempt: step.attempts,
    data: {
      durationMs: durationMs(step, d.nowMs),
      ...(summary === undefined ? {} : { summary }),
      outputs: outputs ?? {},
    },
  });
  ended(d, i);
  scheduleReady(d);
  finishIfDone(d);
  return true;
}

/**
 * The action ran and found nothing to do: the step is `skipped` (told as a beat, with the
 * action's reason), and the steps that depend on it go on as after a success.
 */
function onNothingToDo(
  d: Draft,
  stepId: string,
  outputs: Record<string, unknown> | undefined,
  reason: string,
): boolean {
  const active = activeStep(d, stepId);
  if (!active) return false;
  const [i, def] = active;
  const step = d.steps.update(i, {
    status: 'skipped',
    skipReason: 'nothing-to-do',
    finishedAt: d.at,
    outputs: outputs ?? {},
  });
  d.emit('step.skipped', 'beat', story.nothingToDoText(def, reason), {
    stepId,
    attempt: step.attempts,
    data: {
      reason: 'nothing-to-do',
      because: reason,
      durationMs: durationMs(step, d.nowMs),
      outputs: outputs ?? {},
    },
  });
  ended(d, i);
  scheduleReady(d);
  finishIfDone(d);
  return true;
}

function onStepFailed(d: Draft, stepId: string, failure: FailureInfo): boolean {
  const active = activeStep(d, stepId);
  if (!active) return false;
  const [i, def, before] = active;
  const wasRunning = before.status === 'running';
  const step = d.steps.update(i, { finishedAt: d.at, lastFailure: failure });
  const attempt = step.attempts;
  const duration = durationMs(step, d.nowMs);

  if (failure.reason === 'canceled') {
    d.steps.update(i, { status: 'canceled' });
    const text = wasRunning ? story.stepCanceledText(def, true) : story.waitCanceledText(def);
    d.emit('step.canceled', 'tension', text, {
      stepId,
      attempt,
      data: { ...failure, durationMs: duration },
    });
    if (!d.state.cancelRequested) ended(d, i, 'canceled');
  } else {
    d.steps.update(i, { failures: step.failures + 1 });
    const mayRetry =
      failure.retriable !== false && !d.state.cancelRequested && step.failures <= def.retries;
    if (mayRetry) {
      scheduleRetry(d, i, def, step, failure, duration);
    } else {
      d.steps.update(i, { status: 'failed' });
      d.emit('step.failed', 'tension', story.tensionText(def, failure), {
        stepId,
        attempt,
        data: { ...failure, durationMs: duration },
      });
      if (!d.state.cancelRequested) ended(d, i, 'failed');
    }
  }
  scheduleReady(d);
  finishIfDone(d);
  return true;
}

function scheduleRetry(
  d: Draft,
  i: number,
  def: StepDefinition,
  step: StepState,
  failure: FailureInfo,
  duration: number | undefined,
): void {
  const delayMs = Math.max(0, d.options.retryDelayMs(step.failures));
  const retryAt = d.nowMs + delayMs;
  const nextAttempt = step.attempts + 1;
  const lastAttempt = step.attempts - step.failures + 1 + def.retries;
  d.steps.update(i, { status: 'pending', retryAt });
  d.emit(
    'step.retrying',
    'tension',
    story.retryingText(def, failure, delayMs, nextAttempt, lastAttempt),
    {
      stepId: step.id,
      attempt: step.attempts,
      data: { ...failure, durationMs: duration, delayMs, retryAt, nextAttempt },
    },
  );
  if (retryAt > d.nowMs) d.commands.push({ type: 'wake-at', at: new Date(retryAt) });
}

/** A running step now waits for people: it gives up its parallel slot while it waits. */
function onStepWaiting(
  d: Draft,
  input: Extract<SchedulerInput, { type: 'step-waiting' }>,
): boolean {
  const { stepId, prompt, requiredApprovals, fourEyes } = input;
  const active = activeStep(d, stepId);
  if (active?.[2].status !== 'running') return false;
  const [i, def] = active;
  const step = d.steps.update(i, { status: 'waiting' });
  const approvers = [...input.approvers];
  d.emit('step.waiting', 'suspense', story.waitingText(def, input), {
    stepId,
    attempt: step.attempts,
    data: { prompt, approvers, requiredApprovals, fourEyes },
  });
  scheduleReady(d);
  return true;
}

/** Someone decided on a waiting step: told as a verdict; the action reports what follows. */
function onStepDecision(
  d: Draft,
  input: Extract<SchedulerInput, { type: 'step-decision' }>,
): boolean {
  const active = activeStep(d, input.stepId);
  if (active?.[2].status !== 'waiting') return false;
  const [, def, step] = active;
  const approved = input.decision === 'approve';
  d.emit(
    approved ? 'step.approved' : 'step.rejected',
    approved ? 'verdict' : 'tension',
    story.decisionText(def, input),
    {
      stepId: input.stepId,
      attempt: step.attempts,
      data: {
        by: input.by,
        ...(input.username === undefined ? {} : { username: input.username }),
        decision: input.decision,
        ...(input.comment === undefined ? {} : { comment: input.comment }),
        ...(input.unchecked ? { unchecked: true } : {}),
      },
    },
  );
  return true;
}

function onTick(d: Draft): boolean {
  if (!isActive(d.state.status) || d.state.cancelRequested) return false;
  scheduleReady(d);
  let earliest: number | undefined;
  for (const i of d.steps.retrying()) {
    const retryAt = d.steps.get(i)?.retryAt;
    if (retryAt === undefined || retryAt <= d.nowMs) continue;
    earliest = earliest === undefined ? retryAt : Math.min(earliest, retryAt);
  }
  if (earliest !== undefined) d.commands.push({ type: 'wake-at', at: new Date(earliest) });
  finishIfDone(d);
  return d.commands.length > 0 || d.events.length > 0;
}

function onCancel(d: Draft, supersededBy: TriggerEvent | undefined): boolean {
  const run = d.state;
  if (isFinalRunStatus(run.status) || run.cancelRequested) return false;
  run.cancelRequested = true;
  const present = d.present();
  const running = present.filter((i) => {
    const status = d.steps.get(i)?.status;
    return status === 'running' || status === 'waiting';
  });
  const superseding = supersededBy === undefined ? undefined : incitingIncidentText(supersededBy);
  d.emit(
    'run.cancel-requested',
    'tension',
    story.cancelRequestedText(running.length, superseding),
    {
      data: {
        running: running.map((i) => d.steps.get(i)?.id),
        ...(superseding === undefined || supersededBy === undefined
          ? {}
          : { supersededBy: { kind: supersededBy.kind, text: superseding } }),
      },
    },
  );
  for (const i of present) {
    const step = d.steps.get(i) as StepState;
    switch (step.status) {
      // The runner aborts the action; for a waiting step, its wait for approval.
      case 'running':
      case 'waiting':
        d.commands.push({ type: 'abort-step', stepId: step.id });
        break;
      case 'pending':
        d.steps.update(i, { status: 'canceled', retryAt: undefined, finishedAt: d.at });
        d.emit('step.canceled', 'tension', story.stepCanceledText(d.step(i), false), {
          stepId: step.id,
        });
        break;
      case 'succeeded':
      case 'failed':
      case 'skipped':
      case 'canceled':
        break;
      default: {
        const _never: never = step.status;
        return _never;
      }
    }
  }
  finishIfDone(d);
  return true;
}

/**
 * Start every ready step, in declaration order, while there is room. A step whose condition
 * is false, or whose expressions fail, settles without taking a slot, so the next pass may
 * find room for more.
 */
function scheduleReady(d: Draft): void {
  if (!isActive(d.state.status) || d.state.cancelRequested) return;
  let room = d.maxParallel - d.steps.running;
  while (room > 0) {
    // Chosen before starting any, since starting one takes it off the live `ready` list.
    const chosen: number[] = [];
    const caps = new GroupCaps(d);
    for (const i of d.steps.ready()) {
      const retryAt = d.steps.get(i)?.retryAt;
      if (retryAt !== undefined && retryAt > d.nowMs) continue;
      if (!caps.take(i)) continue;
      chosen.push(i);
      if (chosen.length === room) break;
    }
    let settled = false;
    for (const i of chosen) {
      if (startStep(d, i)) room -= 1;
      else settled = true;
    }
    if (!settled) return;
  }
}

/** Starts the step at `i`, or settles it when its condition or expressions say so. */
function startStep(d: Draft, i: number): boolean {
  const def = d.step(i);
  if (def.fanOut !== undefined) {
    if (def.fanOut.instances === undefined) expandForEachStep(d, i);
    else settleGroup(d, i);
    return false;
  }
  const decision = decideStart(
    d.def,
    def,
    d.steps.plan.start(i),
    d.inputs,
    (id) => d.steps.byId(id),
    d.state.event,
  );
  switch (decision.kind) {
    case 'skip':
      d.steps.update(i, {
        status: 'skipped',
        skipReason: 'condition',
        retryAt: undefined,
        finishedAt: d.at,
      });
      d.emit('step.skipped', 'fallout', story.conditionSkippedText(def, decision.condition), {
        stepId: def.id,
        data: { condition: decision.condition, reason: 'condition' },
      });
      ended(d, i, 'condition');
      return false;
    case 'fail':
      failBeforeStart(d, i, story.expressionFailedText(def, decision), {
        expression: decision.expression,
        error: decision.message,
      });
      return false;
    case 'start':
      break;
    default: {
      const _never: never = decision;
      return _never;
    }
  }
  const before = d.steps.get(i) as StepState;
  const step = d.steps.update(i, {
    status: 'running',
    attempts: before.attempts + 1,
    retryAt: undefined,
    startedAt: d.at,
    finishedAt: undefined,
  });
  d.emit('step.started', 'rising', story.stepStartedText(def, step.attempts), {
    stepId: step.id,
    attempt: step.attempts,
  });
  d.commands.push({
    type: 'start-step',
    stepId: step.id,
    attempt: step.attempts,
    ...(def.timeoutMs !== undefined ? { timeoutMs: def.timeoutMs } : {}),
    with: decision.with,
    env: decision.env,
    ...(decision.cacheKey === undefined ? {} : { cacheKey: decision.cacheKey }),
  });
  return true;
}

/**
 * Everything downstream of a failed or canceled step that has not run yet is skipped; so is
 * everything downstream of a step skipped by its condition (as GitHub Actions does).
 */
function skipDependents(d: Draft, root: number, cause: 'failed' | 'canceled' | 'condition'): void {
  const rootId = d.step(root).id;
  const skipReason = cause === 'condition' ? 'upstream-condition' : 'upstream';
  const downstream = downstreamIndexes(d.steps.plan.graph, root).sort((a, b) => a - b);
  for (const i of downstream) {
    const def = d.step(i);
    if (d.steps.get(i)?.status !== 'pending') continue;
    d.steps.update(i, { status: 'skipped', skipReason, retryAt: undefined, finishedAt: d.at });
    const text =
      cause === 'condition'
        ? story.skippedAfterConditionText(def, rootId)
        : story.skippedText(def, { id: rootId, status: cause });
    d.emit('step.skipped', 'fallout', text, {
      stepId: def.id,
      data: { because: rootId, reason: skipReason },
    });
  }
}

/** A run with a step waiting for people and none running is `waiting`; else `running`. */
function refreshActivity(d: Draft): void {
  const run = d.state;
  if (!isActive(run.status)) return;
  run.status = d.steps.waiting > 0 && d.steps.running === 0 ? 'waiting' : 'running';
}

function isActive(status: RunState['status']): boolean {
  return status === 'running' || status === 'waiting';
}

/** Skipped by a condition (here or upstream) or with nothing to do: part of a successful run. */
function isQuietSkip(step: StepState): boolean {
  return (
    step.status === 'skipped' &&
    (step.skipReason === 'condition' ||
      step.skipReason === 'upstream-condition' ||
      step.skipReason === 'nothing-to-do')
  );
}

/** When every step is final, the run ends: canceled, failed, or succeeded. */
function finishIfDone(d: Draft): void {
  const run = d.state;
  if (isFinalRunStatus(run.status)) return;
  if (!d.steps.allFinal()) return;
  const steps = d.present().map((i) => d.steps.get(i) as StepState);

  const ids = (status: StepState['status']) =>
    steps.filter((step) => step.status === status).map((step) => step.id);
  const failed = ids('failed').filter((id) => !failedThroughInstances(d, id));
  const skipped = ids('skipped');
  // Steps left out by a condition do not break the arc; steps skipped after a failure do.
  const fallout = steps
    .filter((step) => step.status === 'skipped' && !isQuietSkip(step))
    .map((step) => step.id);
  const canceled = ids('canceled');
  const succeeded = ids('succeeded');
  run.finishedAt = d.at;
  const runDurationMs = run.startedAt ? d.nowMs - run.startedAt.getTime() : undefined;

  if (run.cancelRequested || (failed.length === 0 && canceled.length + fallout.length > 0)) {
    run.status = 'canceled';
    d.emit('run.canceled', 'climax', story.runCanceledText(succeeded.length, steps.length), {
      data: { succeeded, failed, canceled, skipped },
    });
  } else if (failed.length > 0) {
    run.status = 'failed';
    d.emit('run.failed', 'climax', story.runFailedText(failed, fallout.length), {
      data: { failed, skipped, durationMs: runDurationMs },
    });
  } else if (run.resumed) {
    run.status = 'succeeded';
    const resolved = steps
      .filter((step) => step.lastFailure && step.lastFailure.reason !== 'canceled')
      .map((step) => step.id);
    d.emit('run.succeeded', 'resolution', story.resolutionText(d.def, resolved), {
      data: { resolved, durationMs: runDurationMs },
    });
  } else {
    run.status = 'succeeded';
    const idle = steps.filter((step) => step.skipReason === 'nothing-to-do').length;
    d.emit(
      'run.succeeded',
      'denouement',
      story.denouementText(d.def, runDurationMs, skipped.length, idle),
      { data: { durationMs: runDurationMs, ...(skipped.length > 0 ? { skipped } : {}) } },
    );
  }
}

function durationMs(step: StepState, nowMs: number): number | undefined {
  return step.startedAt ? nowMs - step.startedAt.getTime() : undefined;
}

/**
 * A step ended (`cause`: how, when its dependents cannot run). An instance settles its group
 * instead — after canceling its siblings when it failed and the group fails fast — so the
 * steps after the group wait for every instance.
 */
function ended(d: Draft, i: number, cause?: 'failed' | 'canceled' | 'condition'): void {
  const instance = d.step(i).instance;
  if (instance === undefined) {
    if (cause !== undefined) skipDependents(d, i, cause);
    return;
  }
  const j = d.steps.indexOf(instance.of);
  if (j === undefined) return;
  const group = d.step(j);
  if (cause === 'failed' && group.fanOut?.failFast && !d.state.cancelRequested) {
    cancelSiblings(d, group, d.step(i));
  }
  settleGroup(d, j);
}

/** fail_fast: the other instances still pending stop here; those running are aborted. */
function cancelSiblings(d: Draft, group: StepDefinition, failed: StepDefinition): void {
  for (const id of group.fanOut?.instances ?? []) {
    const k = d.steps.indexOf(id);
    const step = k === undefined ? undefined : d.steps.get(k);
    if (k === undefined || !step || id === failed.id) continue;
    if (step.status === 'running' || step.status === 'waiting') {
      d.commands.push({ type: 'abort-step', stepId: id });
    } else if (step.status === 'pending') {
      d.steps.update(k, { status: 'canceled', retryAt: undefined, finishedAt: d.at });
      d.emit('step.canceled', 'tension', story.failFastCanceledText(d.step(k), failed), {
        stepId: id,
        data: { reason: 'fail-fast', because: failed.id },
      });
    }
  }
}

/**
 * Once every instance of the group at `j` is final, the group ends: it succeeds with each
 * output as a list (one entry per instance, in order) when no instance failed or was canceled;
 * otherwise it fails (or is canceled) and the steps after it are skipped.
 */
function settleGroup(d: Draft, j: number): void {
  const group = d.step(j);
  if (d.steps.get(j)?.status !== 'pending') return;
  const ids = group.fanOut?.instances ?? [];
  const states = ids.map((id) => d.steps.byId(id));
  if (states.some((state) => !state || !isFinalStepStatus(state.status))) return;
  const ended = states as StepState[];
  const failed = ended.filter((state) => state.status === 'failed').map((state) => state.id);
  const stopped = ended
    .filter(
      (state) =>
        state.status === 'canceled' ||
        (state.status === 'skipped' && state.skipReason === 'upstream'),
    )
    .map((state) => state.id);
  const starts = ended.flatMap((state) => (state.startedAt ? [state.startedAt.getTime()] : []));
  const startedAt = starts.length > 0 ? new Date(Math.min(...starts)) : undefined;
  const held = ended.filter((state) => state.status === 'succeeded').length;
  if (
    failed.length === 0 &&
    stopped.length === 0 &&
    held === 0 &&
    ended.some(isSkippedByCondition)
  ) {
    // every instance left out by its condition: the group is, as one step would be
    d.steps.update(j, { status: 'skipped', skipReason: 'condition', finishedAt: d.at });
    d.emit('step.skipped', 'fallout', story.groupSkippedText(group), {
      stepId: group.id,
      data: { reason: 'condition', instances: ids },
    });
    skipDependents(d, j, 'condition');
    return;
  }
  if (failed.length === 0 && stopped.length === 0) {
    const outputs = gatheredOutputs(ended);
    d.steps.update(j, { status: 'succeeded', startedAt, finishedAt: d.at, outputs });
    d.emit('step.succeeded', 'beat', story.groupHeldText(group, held, ids.length), {
      stepId: group.id,
      data: {
        durationMs: startedAt === undefined ? undefined : d.nowMs - startedAt.getTime(),
        outputs,
        instances: ids,
      },
    });
    return;
  }
  const status = failed.length > 0 ? 'failed' : 'canceled';
  const labels = (list: string[]) => list.map((id) => labelOf(d, id));
  const message = story.groupFailedText(group, labels(failed), labels(stopped), ids.length);
  const failure: FailureInfo = {
    reason: status === 'failed' ? 'error' : 'canceled',
    message,
    retriable: false,
    details: { failedInstances: failed, stoppedInstances: stopped },
  };
  const before = d.steps.get(j) as StepState;
  d.steps.update(j, {
    status,
    failures: before.failures + (status === 'failed' ? 1 : 0),
    startedAt,
    finishedAt: d.at,
    lastFailure: failure,
  });
  d.emit(status === 'failed' ? 'step.failed' : 'step.canceled', 'tension', message, {
    stepId: group.id,
    data: { ...failure, instances: ids },
  });
  if (!d.state.cancelRequested) skipDependents(d, j, status);
}

function isSkippedByCondition(state: StepState): boolean {
  return (
    state.status === 'skipped' &&
    (state.skipReason === 'condition' || state.skipReason === 'upstream-condition')
  );
}

/** The instance's values in words, `node 22, os linux`. */
function labelOf(d: Draft, id: string): string {
  const j = d.steps.indexOf(id);
  return (j === undefined ? undefined : d.step(j).instance?.label) ?? id;
}

/** Each output any instance set, as a list with one entry per instance (null where unset). */
function gatheredOutputs(states: readonly StepState[]): Record<string, unknown[]> {
  const names = new Set<string>();
  for (const state of states) for (const name of Object.keys(state.outputs ?? {})) names.add(name);
  const outputs: Record<string, unknown[]> = {};
  for (const name of names) {
    outputs[name] = states.map((state) => state.outputs?.[name] ?? null);
  }
  return outputs;
}

/**
 * A `for_each` step is reached: its list is read, recorded with the run (the event and the
 * definition the run goes on with), and its instances join the run as pending steps.
 */
function expandForEachStep(d: Draft, i: number): void {
  const def = d.step(i);
  const result = resolveForEach(
    d.def,
    def,
    d.steps.plan.start(i),
    d.inputs,
    (id) => d.steps.byId(id),
    d.state.event,
  );
  if ('message' in result) {
    failBeforeStart(d, i, story.expressionFailedText(def, result), {
      expression: result.expression,
    });
    return;
  }
  const { items } = result;
  if (items.length > MAX_FOR_EACH_ITEMS) {
    const message = `"${def.id}": for_each gave ${items.length} items; at most ${MAX_FOR_EACH_ITEMS} instances may run from one step`;
    failBeforeStart(d, i, message, { items: items.length });
    return;
  }
  if (items.length === 0) {
    const reason = 'its for_each list is empty';
    d.steps.update(i, {
      status: 'skipped',
      skipReason: 'nothing-to-do',
      finishedAt: d.at,
      outputs: {},
    });
    d.emit('step.skipped', 'beat', story.nothingToDoText(def, reason), {
      stepId: def.id,
      data: { reason: 'nothing-to-do', because: reason, outputs: {} },
    });
    return;
  }
  let next: WorkflowDefinition;
  try {
    next = expandForEach(d.def, def.id, items);
  } catch (error) {
    failBeforeStart(d, i, error instanceof Error ? error.message : String(error), {});
    return;
  }
  const instances = next.steps[i]?.fanOut?.instances ?? [];
  d.expand(next, instances);
  d.emit('step.expanded', 'rising', story.expandedText(def, instances.length), {
    stepId: def.id,
    data: { items, instances },
  });
}

/** The step fails before its action starts: an expression or its list could not be read. */
function failBeforeStart(d: Draft, i: number, message: string, data: Record<string, unknown>) {
  const failure: FailureInfo = { reason: 'error', message, retriable: false };
  const before = d.steps.get(i) as StepState;
  d.steps.update(i, {
    status: 'failed',
    failures: before.failures + 1,
    retryAt: undefined,
    finishedAt: d.at,
    lastFailure: failure,
  });
  d.emit('step.failed', 'tension', message, {
    stepId: d.step(i).id,
    data: { ...failure, ...data },
  });
  ended(d, i, 'failed');
}

/** A group that failed because instances did: the run's story names the instances instead. */
function failedThroughInstances(d: Draft, id: string): boolean {
  const i = d.steps.indexOf(id);
  const step = i === undefined ? undefined : d.steps.get(i);
  const failed = step?.lastFailure?.details?.failedInstances;
  return Array.isArray(failed) && failed.length > 0;
}

/** `max_parallel` of fanned-out steps: how many more instances of each group may start. */
class GroupCaps {
  private readonly room = new Map<string, number>();

  constructor(private readonly d: Draft) {}

  /** Whether the step at `i` may start; counts it when it may. */
  take(i: number): boolean {
    const instance = this.d.step(i).instance;
    if (instance === undefined) return true;
    let room = this.room.get(instance.of);
    if (room === undefined) {
      const j = this.d.steps.indexOf(instance.of);
      const group = j === undefined ? undefined : this.d.step(j);
      const cap = group?.fanOut?.maxParallel;
      if (cap === undefined) return true;
      const running = (group?.fanOut?.instances ?? []).filter(
        (id) => this.d.steps.byId(id)?.status === 'running',
      ).length;
      room = cap - running;
    }
    if (room <= 0) return false;
    this.room.set(instance.of, room - 1);
    return true;
  }
}
