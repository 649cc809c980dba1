import type { RunRecord } from '@arcflow/db';
import type { RunEvent } from '@arcflow/engine';

/** The documented JSON shape of a run (`arcflow show --json`, `run --json`, `resume --json`). */
export function runToJson(run: RunRecord, events: RunEvent[]) {
  return {
    id: run.id,
    workflow: run.workflowName,
    status: run.status,
    workspace: run.workspaceDir,
    definitionHash: run.definitionHash,
    revisionId: run.revisionId,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    resumeCount: run.resumeCount,
    steps: run.steps.map((step) => ({
      id: step.stepId,
      status: step.status,
      attempts: step.attemptCount,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      universe: step.universe,
      action: step.action,
      beat: step.beat,
      outputs: step.outputs,
      attemptHistory: step.attempts.map((a) => ({
        number: a.number,
        status: a.status,
        startedAt: a.startedAt,
        finishedAt: a.finishedAt,
        exitCode: a.exitCode,
        failure: a.failure,
      })),
    })),
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at,
      ...(e.stepId ? { stepId: e.stepId } : {}),
      ...(e.attempt ? { attempt: e.attempt } : {}),
      story: e.story,
      ...(e.data ? { data: e.data } : {}),
    })),
  };
}
