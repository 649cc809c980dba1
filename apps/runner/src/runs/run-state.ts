import type { RunRecord } from '@arcflow/db';
import type { FailureInfo, RunState, StepState } from '@arcflow/engine';

/** Rebuilds the scheduler's state of a run from storage, to resume or finish it. */
export function runStateFromRecord(run: RunRecord): RunState {
  const steps: Record<string, StepState> = {};
  for (const step of run.steps) {
    steps[step.stepId] = {
      id: step.stepId,
      status: step.status,
      attempts: step.attemptCount,
      failures: 0,
      startedAt: step.startedAt ?? undefined,
      finishedAt: step.finishedAt ?? undefined,
      outputs: (step.outputs as Record<string, unknown> | null) ?? undefined,
      lastFailure: (step.lastFailure as FailureInfo | null) ?? undefined,
    };
  }
  return {
    status: run.status,
    steps,
    resumed: run.resumeCount > 0,
    cancelRequested: run.cancelRequestedAt !== null,
    inputs: run.inputs,
    startedAt: run.startedAt ?? undefined,
    finishedAt: run.finishedAt ?? undefined,
  };
}
