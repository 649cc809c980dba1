import type { RunChange } from '@arcflow/db';
import type { RunState, SchedulerInput, Transition } from '@arcflow/engine';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const time = (d: Date | undefined) => d?.getTime();

/** What one scheduler transition changes in storage, so it can be committed atomically. */
export function toRunChange(
  before: RunState,
  input: SchedulerInput,
  transition: Transition,
  runnerId: string,
): RunChange {
  const after = transition.state;
  const change: RunChange = {
    events: transition.events,
    steps: [],
    attemptsStarted: [],
    attemptsFinished: [],
  };

  if (
    before.status !== after.status ||
    time(before.startedAt) !== time(after.startedAt) ||
    time(before.finishedAt) !== time(after.finishedAt) ||
    input.type === 'resume' ||
    input.type === 'retell'
  ) {
    // A rerun's start is its first telling, not a resume.
    const picksUp =
      input.type === 'resume' || (input.type === 'retell' && before.status !== 'queued');
    change.run = {
      status: after.status,
      startedAt: after.startedAt,
      finishedAt: after.finishedAt ?? null,
      ...(picksUp ? { resumeCountIncrement: true, cancelRequestedAt: null } : {}),
      ...(input.type === 'retell' ? { clearResumeRequest: true } : {}),
    };
  }

  for (const [stepId, step] of Object.entries(after.steps)) {
    const old = before.steps[stepId];
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
      stepId,
      status: step.status,
      attempts: step.attempts,
      startedAt: step.startedAt ?? null,
      finishedAt: step.finishedAt ?? null,
      outputs: step.outputs,
      lastFailure: step.lastFailure ?? null,
      skipReason: step.skipReason ?? null,
    });
  }

  for (const command of transition.commands) {
    if (command.type === 'start-step') {
      change.attemptsStarted?.push({
        stepId: command.stepId,
        number: command.attempt,
        startedAt: input.at,
        runnerId,
      });
    }
  }

  if (input.type === 'step-succeeded' || input.type === 'step-failed') {
    const old = before.steps[input.stepId];
    if (old?.status === 'running' || old?.status === 'waiting') {
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
  }
  return change;
}
