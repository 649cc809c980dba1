import type { RunChange } from '@arcflow/db';
import type { RunState, SchedulerCommand, SchedulerInput, StepChange } from '@arcflow/engine';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const time = (d: Date | undefined) => d?.getTime();

/** One input of a tick, and the commands its transition gave and the steps it changed. */
export interface Decided {
  input: SchedulerInput;
  commands: readonly SchedulerCommand[];
  changes: readonly StepChange[];
}

/**
 * What one scheduler tick changes in storage — the transitions of `decided`, one after
 * another, from `before` to `after` — so it can be committed atomically. Only the steps the
 * transitions changed are looked at, never the states' `steps` records: building one costs
 * O(steps), and makes the scheduler index the run afresh on the next transition.
 */
export function toTickChange(
  before: RunState,
  decided: readonly Decided[],
  after: RunState,
  events: RunChange['events'],
  runnerId: string,
): RunChange {
  const change: RunChange = { events, steps: [], attemptsStarted: [], attemptsFinished: [] };
  const inputs = decided.map((d) => d.input);
  const resumes = inputs.some((input) => input.type === 'resume');
  const retells = inputs.some((input) => input.type === 'retell');
  if (
    before.status !== after.status ||
    time(before.startedAt) !== time(after.startedAt) ||
    time(before.finishedAt) !== time(after.finishedAt) ||
    resumes ||
    retells
  ) {
    // A rerun's start is its first telling, not a resume.
    const picksUp = resumes || (retells && before.status !== 'queued');
    change.run = {
      status: after.status,
      startedAt: after.startedAt,
      finishedAt: after.finishedAt ?? null,
      ...(picksUp ? { resumeCountIncrement: true, cancelRequestedAt: null } : {}),
      ...(retells ? { clearResumeRequest: true } : {}),
    };
  }

  const changes = tickChanges(decided);
  for (const { before: old, after: step } of changes) {
    if (
      old &&
      old.status === step.status &&
      old.attempts === step.attempts &&
      time(old.startedAt) === time(step.startedAt) &&
      time(old.finishedAt) === time(step.finishedAt) &&
      sameJson(old.outputs, step.outputs) &&
      sameJson(old.lastFailure, step.lastFailure) &&
      old.skipReason === step.skipReason
    ) {
      continue;
    }
    change.steps?.push({
      stepId: step.id,
      status: step.status,
      attempts: step.attempts,
      startedAt: step.startedAt ?? null,
      finishedAt: step.finishedAt ?? null,
      outputs: step.outputs,
      lastFailure: step.lastFailure ?? null,
      skipReason: step.skipReason ?? null,
    });
  }

  // a step a tick ends always changes, so what it was before is among the changes
  const stateBefore = new Map(changes.map((c) => [c.after.id, c.before]));
  const ended = new Set<string>();
  for (const { input, commands } of decided) {
    for (const command of commands) {
      if (command.type !== 'start-step') continue;
      change.attemptsStarted?.push({
        stepId: command.stepId,
        number: command.attempt,
        startedAt: input.at,
        runnerId,
      });
    }
    if (input.type !== 'step-succeeded' && input.type !== 'step-failed') continue;
    // Attempts start only after a tick is committed: what ran when the tick began is what ends.
    const old = stateBefore.get(input.stepId);
    if (ended.has(input.stepId) || (old?.status !== 'running' && old?.status !== 'waiting')) {
      continue;
    }
    ended.add(input.stepId);
    const failure = input.type === 'step-failed' ? input.failure : undefined;
    change.attemptsFinished?.push({
      stepId: input.stepId,
      number: old.attempts,
      status: !failure
        ? 'succeeded'
        : failure.reason === 'canceled'
          ? 'canceled'
          : failure.reason === 'interrupted'
            ? 'interrupted'
            : 'failed',
      finishedAt: input.at,
      exitCode: failure?.exitCode,
      failure,
    });
  }
  return change;
}

/** Each step the tick's transitions changed: as it was before the tick, and after it. */
function tickChanges(decided: readonly Decided[]): StepChange[] {
  const byId = new Map<string, StepChange>();
  for (const { changes } of decided) {
    for (const { before, after } of changes) {
      const earlier = byId.get(after.id);
      byId.set(after.id, { before: earlier ? earlier.before : before, after });
    }
  }
  return [...byId.values()];
}
