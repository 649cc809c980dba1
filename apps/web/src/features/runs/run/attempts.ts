import type { RunStep } from '@/lib/api-types';

/** An attempt of a step as the run page draws it. */
export type StepAttempt = NonNullable<RunStep['attemptHistory']>[number];

/**
 * Every attempt of a step, oldest first. `runs.overview` leaves a step's attempts out when the
 * step tells them itself — it ran once, and that attempt has the step's status, times and
 * failure — so that one attempt is rebuilt here from the step.
 */
export function attemptsOf(step: RunStep): StepAttempt[] {
  if (step.attemptHistory) return step.attemptHistory;
  if (step.attempts !== 1 || !step.startedAt) return [];
  return [
    {
      number: 1,
      status: step.status as StepAttempt['status'],
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      exitCode: null,
      failure: step.failure ?? null,
    },
  ];
}
