import type { RunRecord } from '@arcflow/db';
import type {
  FailureInfo,
  RunState,
  StepState,
  TriggerEvent,
  WorkflowDefinition,
} from '@arcflow/engine';

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
      ...(step.skipReason ? { skipReason: step.skipReason } : {}),
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
    // Steps read it as `${{ event.* }}`; without it they would see a manual run.
    ...(run.event ? { event: run.event as unknown as TriggerEvent } : {}),
  };
}

/**
 * The run's state as the scheduler sees it on `definition`, a revision the run switches to:
 * steps the definition adds are pending, steps it no longer has are left out.
 */
export function runStateOnDefinition(
  run: RunRecord,
  definition: WorkflowDefinition,
  inputs: Record<string, unknown>,
): RunState {
  const recorded = runStateFromRecord(run).steps;
  const steps: Record<string, StepState> = {};
  for (const { id } of definition.steps) {
    steps[id] = recorded[id] ?? { id, status: 'pending', attempts: 0, failures: 0 };
  }
  return { ...runStateFromRecord(run), steps, inputs };
}
