import type { FailureInfo } from '../actions/types.ts';
import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import * as story from '../narrative/story.ts';
import type { NewRunEvent, RunEventType, StoryKind } from '../narrative/types.ts';
import { isFinalRunStatus, isFinalStepStatus, isRerunOnResume } from '../statuses.ts';
import { transitiveDependents } from './dependencies.ts';
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
  const steps: Record<string, StepState> = {};
  for (const step of def.steps)
    steps[step.id] = { id: step.id, status: 'pending', attempts: 0, failures: 0 };
  return { status: 'queued', steps, resumed: false, cancelRequested: false };
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
  if (!changed) return { state, commands: [], events: [] };
  return { state: draft.state, commands: draft.commands, events: draft.events };
}

/** A working copy of the state plus what the transition emits. The input state is never touched. */
class Draft {
  readonly state: RunState;
  readonly commands: SchedulerCommand[] = [];
  readonly events: NewRunEvent[] = [];
  readonly nowMs: number;
  private readonly byId: Map<string, StepDefinition>;

  constructor(
    readonly def: WorkflowDefinition,
    original: RunState,
    readonly at: Date,
    readonly options: SchedulerOptions,
  ) {
    const steps: Record<string, StepState> = {};
    for (const [id, step] of Object.entries(original.steps)) steps[id] = { ...step };
    this.state = { ...original, steps };
    this.nowMs = at.getTime();
    this.byId = new Map(def.steps.map((step) => [step.id, step]));
  }

  stepDef(id: string): StepDefinition | undefined {
    return this.byId.get(id);
  }

  /** Step states in declaration order (steps missing from the state are left out). */
  *ordered(): Generator<[StepDefinition, StepState]> {
    for (const def of this.def.steps) {
      const step = this.state.steps[def.id];
      if (step) yield [def, step];
    }
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
  for (const [, step] of d.ordered()) {
    if (!isRerunOnResume(step.status)) continue;
    if (step.status === 'failed') failed.push(step.id);
    replay.push(step.id);
    step.status = 'pending';
    step.failures = 0;
    step.retryAt = undefined;
    step.startedAt = undefined;
    step.finishedAt = undefined;
    step.outputs = undefined;
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

function activeStep(d: Draft, stepId: string): [StepDefinition, StepState] | undefined {
  const def = d.stepDef(stepId);
  const step = d.state.steps[stepId];
  if (!def || !step || isFinalRunStatus(d.state.status)) return undefined;
  if (step.status !== 'running' && step.status !== 'waiting') return undefined;
  return [def, step];
}

function onStepSucceeded(
  d: Draft,
  stepId: string,
  outputs: Record<string, unknown> | undefined,
): boolean {
  const active = activeStep(d, stepId);
  if (!active) return false;
  const [def, step] = active;
  step.status = 'succeeded';
  step.finishedAt = d.at;
  step.outputs = outputs ?? {};
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
  const [def, step] = active;
  const wasRunning = step.status === 'running';
  step.finishedAt = d.at;
  step.lastFailure = failure;
  const attempt = step.attempts;
  const duration = durationMs(step, d.nowMs);

  if (failure.reason === 'canceled') {
    step.status = 'canceled';
    d.emit('step.canceled', 'tension', story.stepCanceledText(def, wasRunning), {
      stepId,
      attempt,
      data: { ...failure, durationMs: duration },
    });
    if (!d.state.cancelRequested) skipDependents(d, stepId, 'canceled');
  } else {
    step.failures += 1;
    const mayRetry =
      failure.retriable !== false && !d.state.cancelRequested && step.failures <= def.retries;
    if (mayRetry) {
      scheduleRetry(d, def, step, failure, duration);
    } else {
      step.status = 'failed';
      d.emit('step.failed', 'tension', story.tensionText(def, failure), {
        stepId,
        attempt,
        data: { ...failure, durationMs: duration },
      });
      if (!d.state.cancelRequested) skipDependents(d, stepId, 'failed');
    }
  }
  scheduleReady(d);
  finishIfDone(d);
  return true;
}

function scheduleRetry(
  d: Draft,
  def: StepDefinition,
  step: StepState,
  failure: FailureInfo,
  duration: number | undefined,
): void {
  const delayMs = Math.max(0, d.options.retryDelayMs(step.failures));
  const retryAt = d.nowMs + delayMs;
  const nextAttempt = step.attempts + 1;
  const lastAttempt = step.attempts - step.failures + 1 + def.retries;
  step.status = 'pending';
  step.retryAt = retryAt;
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
  for (const [, step] of d.ordered()) {
    if (step.status !== 'pending' || step.retryAt === undefined || step.retryAt <= d.nowMs)
      continue;
    earliest = earliest === undefined ? step.retryAt : Math.min(earliest, step.retryAt);
  }
  if (earliest !== undefined) d.commands.push({ type: 'wake-at', at: new Date(earliest) });
  finishIfDone(d);
  return d.commands.length > 0 || d.events.length > 0;
}

function onCancel(d: Draft): boolean {
  const run = d.state;
  if (isFinalRunStatus(run.status) || run.cancelRequested) return false;
  run.cancelRequested = true;
  const running = [...d.ordered()].filter(([, step]) => step.status === 'running');
  d.emit('run.cancel-requested', 'tension', story.cancelRequestedText(running.length), {
    data: { running: running.map(([, step]) => step.id) },
  });
  for (const [def, step] of d.ordered()) {
    switch (step.status) {
      case 'running':
        d.commands.push({ type: 'abort-step', stepId: step.id });
        break;
      case 'pending':
      case 'waiting': {
        const wasWaiting = step.status === 'waiting';
        step.status = 'canceled';
        step.retryAt = undefined;
        step.finishedAt = d.at;
        d.emit('step.canceled', 'tension', story.stepCanceledText(def, wasWaiting), {
          stepId: step.id,
          ...(wasWaiting ? { attempt: step.attempts } : {}),
        });
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
  let running = 0;
  for (const [, step] of d.ordered()) if (step.status === 'running') running += 1;
  for (const [def, step] of d.ordered()) {
    if (running >= d.maxParallel) return;
    if (!isReady(d, def, step)) continue;
    step.status = 'running';
    step.attempts += 1;
    step.retryAt = undefined;
    step.startedAt = d.at;
    step.finishedAt = undefined;
    running += 1;
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
}

function isReady(d: Draft, def: StepDefinition, step: StepState): boolean {
  if (step.status !== 'pending') return false;
  if (step.retryAt !== undefined && step.retryAt > d.nowMs) return false;
  return def.dependsOn.every((dep) => d.state.steps[dep]?.status === 'succeeded');
}

/** Everything downstream of a failed or canceled step that has not run yet is skipped. */
function skipDependents(d: Draft, rootId: string, cause: 'failed' | 'canceled'): void {
  for (const id of transitiveDependents(d.def, rootId)) {
    const def = d.stepDef(id);
    const step = d.state.steps[id];
    if (!def || !step || step.status !== 'pending') continue;
    step.status = 'skipped';
    step.retryAt = undefined;
    step.finishedAt = d.at;
    d.emit('step.skipped', 'fallout', story.skippedText(def, { id: rootId, status: cause }), {
      stepId: id,
      data: { because: rootId },
    });
  }
}

/** When every step is final, the run ends: canceled, failed, or succeeded. */
function finishIfDone(d: Draft): void {
  const run = d.state;
  if (isFinalRunStatus(run.status)) return;
  const steps = [...d.ordered()].map(([, step]) => step);
  if (!steps.every((step) => isFinalStepStatus(step.status))) return;

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
