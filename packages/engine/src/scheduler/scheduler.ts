import type { FailureInfo } from '../actions/types.ts';
import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import * as story from '../narrative/story.ts';
import type { NewRunEvent, RunEventType, StoryKind } from '../narrative/types.ts';
import { isFinalRunStatus, isRerunOnResume } from '../statuses.ts';
import { transitiveDependentIndices } from './dependencies.ts';
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

export function initialRunState(def: WorkflowDefinition): RunState {
  const run: RunState = { status: 'queued', steps: {}, resumed: false, cancelRequested: false };
  return initialSteps(def, run);
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
    case 'step-succeeded':
      changed = onStepSucceeded(draft, input.stepId, input.outputs);
      break;
    case 'step-failed':
      changed = onStepFailed(draft, input.stepId, input.failure);
      break;
    case 'tick':
      changed = onTick(draft);
      break;
    case 'cancel':
      changed = onCancel(draft);
      break;
    default: {
      const _never: never = input;
      return _never;
    }
  }
  if (!changed) {
    draft.steps.release();
    return { state, commands: [], events: [] };
  }
  return { state: draft.steps.commit(draft.state), commands: draft.commands, events: draft.events };
}

/**
 * A working copy of the state plus what the transition emits. The input state is never touched.
 * Steps are addressed by declaration index (`def.steps[i]`) and changed through `steps.update`.
 */
class Draft {
  /** The run's own fields, in the input's key order; `steps` lives in `this.steps`. */
  readonly state: RunFields;
  readonly steps: StepTable;
  readonly commands: SchedulerCommand[] = [];
  readonly events: NewRunEvent[] = [];
  readonly nowMs: number;

  constructor(
    readonly def: WorkflowDefinition,
    original: RunState,
    readonly at: Date,
    readonly options: SchedulerOptions,
  ) {
    this.state = runFields(original);
    this.steps = StepTable.open(def, original);
    this.nowMs = at.getTime();
  }

  /** Declaration indices of the steps the state holds, in order. */
  present(): number[] {
    const found: number[] = [];
    for (let i = 0; i < this.def.steps.length; i++) if (this.steps.get(i)) found.push(i);
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
  d.emit('run.started', 'exposition', story.expositionText(d.def), {
    data: { steps: d.def.steps.length },
  });
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

/** The declaration index, definition and state of a step that is running or waiting. */
function activeStep(d: Draft, stepId: string): [number, StepDefinition, StepState] | undefined {
  const i = d.steps.indexOf(stepId);
  const def = i === undefined ? undefined : d.def.steps[i];
  const step = d.steps.byId(stepId);
  if (i === undefined || !def || !step || isFinalRunStatus(d.state.status)) return undefined;
  if (step.status !== 'running' && step.status !== 'waiting') return undefined;
  return [i, def, step];
}

function onStepSucceeded(
  d: Draft,
  stepId: string,
  outputs: Record<string, unknown> | undefined,
): boolean {
  const active = activeStep(d, stepId);
  if (!active) return false;
  const [i, def] = active;
  const step = d.steps.update(i, {
    status: 'succeeded',
    finishedAt: d.at,
    outputs: outputs ?? {},
  });
  d.emit('step.succeeded', 'beat', story.beatText(def), {
    stepId,
    attempt: step.attempts,
    data: { durationMs: durationMs(step, d.nowMs) },
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
    d.emit('step.canceled', 'tension', story.stepCanceledText(def, wasRunning), {
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

function onTick(d: Draft): boolean {
  if (d.state.status !== 'running' || d.state.cancelRequested) return false;
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

function onCancel(d: Draft): boolean {
  const run = d.state;
  if (isFinalRunStatus(run.status) || run.cancelRequested) return false;
  run.cancelRequested = true;
  const present = d.present();
  const running = present.filter((i) => d.steps.get(i)?.status === 'running');
  d.emit('run.cancel-requested', 'tension', story.cancelRequestedText(running.length), {
    data: { running: running.map((i) => d.steps.get(i)?.id) },
  });
  for (const i of present) {
    const step = d.steps.get(i) as StepState;
    switch (step.status) {
      case 'running':
        d.commands.push({ type: 'abort-step', stepId: step.id });
        break;
      case 'pending':
      case 'waiting': {
        const wasWaiting = step.status === 'waiting';
        d.steps.update(i, { status: 'canceled', retryAt: undefined, finishedAt: d.at });
        d.emit(
          'step.canceled',
          'tension',
          story.stepCanceledText(d.def.steps[i] as StepDefinition, wasWaiting),
          {
            stepId: step.id,
            ...(wasWaiting ? { attempt: step.attempts } : {}),
          },
        );
        break;
      }
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

/** Start every ready step, in declaration order, while there is room. */
function scheduleReady(d: Draft): void {
  if (d.state.status !== 'running' || d.state.cancelRequested) return;
  const room = d.maxParallel - d.steps.running;
  if (room <= 0) return;
  // Chosen before starting any, since starting one takes it off the live `ready` list.
  const chosen: number[] = [];
  for (const i of d.steps.ready()) {
    const retryAt = d.steps.get(i)?.retryAt;
    if (retryAt !== undefined && retryAt > d.nowMs) continue;
    chosen.push(i);
    if (chosen.length === room) break;
  }
  for (const i of chosen) startStep(d, i);
}

function startStep(d: Draft, i: number): void {
  const def = d.def.steps[i] as StepDefinition;
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
  });
}

/** Everything downstream of a failed or canceled step that has not run yet is skipped. */
function skipDependents(d: Draft, root: number, cause: 'failed' | 'canceled'): void {
  const rootId = d.def.steps[root]?.id as string;
  for (const i of transitiveDependentIndices(d.steps.index, root)) {
    const def = d.def.steps[i] as StepDefinition;
    if (d.steps.get(i)?.status !== 'pending') continue;
    d.steps.update(i, { status: 'skipped', retryAt: undefined, finishedAt: d.at });
    d.emit('step.skipped', 'fallout', story.skippedText(def, { id: rootId, status: cause }), {
      stepId: def.id,
      data: { because: rootId },
    });
  }
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
  const canceled = ids('canceled');
  const succeeded = ids('succeeded');
  run.finishedAt = d.at;
  const runDurationMs = run.startedAt ? d.nowMs - run.startedAt.getTime() : undefined;

  if (run.cancelRequested || (failed.length === 0 && canceled.length + skipped.length > 0)) {
    run.status = 'canceled';
    d.emit('run.canceled', 'climax', story.runCanceledText(succeeded.length, steps.length), {
      data: { succeeded, failed, canceled, skipped },
    });
  } else if (failed.length > 0) {
    run.status = 'failed';
    d.emit('run.failed', 'climax', story.runFailedText(failed, skipped.length), {
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
    d.emit('run.succeeded', 'denouement', story.denouementText(d.def, runDurationMs), {
      data: { durationMs: runDurationMs },
    });
  }
}

function durationMs(step: StepState, nowMs: number): number | undefined {
  return step.startedAt ? nowMs - step.startedAt.getTime() : undefined;
}
