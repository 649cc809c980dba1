import type { FailureInfo } from '../actions/types.ts';
import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import { downstreamIndexes } from '../graph/indexed-graph.ts';
import * as story from '../narrative/story.ts';
import type { NewRunEvent, RunEventType, StoryKind } from '../narrative/types.ts';
import type { Telling } from '../revisions/types.ts';
import { isFinalRunStatus, isRerunOnResume } from '../statuses.ts';
import type { TriggerEvent } from '../triggers/event.ts';
import { incitingIncidentText } from '../triggers/incident.ts';
import { RunPlan } from './run-plan.ts';
import { decideStart } from './step-start.ts';
import { initialSteps, type RunFields, StepTable } from './step-table.ts';
import type {
  RunState,
  SchedulerCommand,
  SchedulerInput,
  SchedulerOptions,
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
    changes: draft.steps.changes(),
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
  readonly steps: StepTable;
  readonly commands: SchedulerCommand[] = [];
  readonly events: NewRunEvent[] = [];
  readonly nowMs: number;
  /** The run's inputs; states stored before inputs existed have none. */
  readonly inputs: Record<string, unknown>;

  constructor(
    readonly def: WorkflowDefinition,
    original: RunState,
    readonly at: Date,
    readonly options: SchedulerOptions,
  ) {
    this.state = runFields(original);
    this.steps = StepTable.open(def, original);
    this.nowMs = at.getTime();
    this.inputs = original.inputs ?? {};
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
    if (!d.state.cancelRequested) skipDependents(d, i, 'canceled');
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
      if (!d.state.cancelRequested) skipDependents(d, i, 'failed');
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
    for (const i of d.steps.ready()) {
      const retryAt = d.steps.get(i)?.retryAt;
      if (retryAt !== undefined && retryAt > d.nowMs) continue;
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
      skipDependents(d, i, 'condition');
      return false;
    case 'fail': {
      const text = story.expressionFailedText(def, decision);
      const failure: FailureInfo = { reason: 'error', message: text, retriable: false };
      const before = d.steps.get(i) as StepState;
      d.steps.update(i, {
        status: 'failed',
        failures: before.failures + 1,
        retryAt: undefined,
        finishedAt: d.at,
        lastFailure: failure,
      });
      d.emit('step.failed', 'tension', text, {
        stepId: def.id,
        data: { ...failure, expression: decision.expression, error: decision.message },
      });
      skipDependents(d, i, 'failed');
      return false;
    }
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
  const failed = ids('failed');
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
