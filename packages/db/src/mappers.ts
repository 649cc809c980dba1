import type {
  FailureInfo,
  LogStream,
  RunEvent,
  RunEventType,
  RunStatus,
  StepStatus,
  StoryKind,
  Universe,
  WorkflowDefinition,
} from '@arcflow/engine';
import type { Attempt, Event, LogChunk, Run, StepRun } from './generated/prisma/client.ts';
import type {
  AttemptRecord,
  AttemptStatus,
  LogChunkRecord,
  RunRecord,
  StepRecord,
} from './records.ts';

// The database stores statuses and JSON as text/jsonb; only this package writes them, so
// reading them back narrows the types without re-validating.

export function toAttemptRecord(row: Attempt): AttemptRecord {
  return {
    id: row.id,
    number: row.number,
    status: row.status as AttemptStatus,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    exitCode: row.exitCode,
    failure: (row.failure as unknown as FailureInfo | null) ?? null,
    runnerId: row.runnerId,
  };
}

export function toStepRecord(row: StepRun & { attemptHistory: Attempt[] }): StepRecord {
  return {
    stepId: row.stepId,
    position: row.position,
    status: row.status as StepStatus,
    universe: row.universe as Universe,
    action: row.action,
    beat: row.beat,
    attemptCount: row.attempts,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    outputs: (row.outputs as Record<string, unknown> | null) ?? null,
    lastFailure: (row.lastFailure as unknown as FailureInfo | null) ?? null,
    attempts: row.attemptHistory.map(toAttemptRecord),
  };
}

export function toRunRecord(
  row: Run & { steps: Array<StepRun & { attemptHistory: Attempt[] }> },
): RunRecord {
  return {
    id: row.id,
    workflowName: row.workflowName,
    workflowFile: row.workflowFile,
    workspaceDir: row.workspaceDir,
    definitionYaml: row.definitionYaml,
    definitionHash: row.definitionHash,
    definition: row.definition as unknown as WorkflowDefinition,
    inputs: (row.inputs as Record<string, unknown> | null) ?? {},
    status: row.status as RunStatus,
    triggeredBy: row.triggeredBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    updatedAt: row.updatedAt,
    cancelRequestedAt: row.cancelRequestedAt,
    resumeRequestedAt: row.resumeRequestedAt,
    resumeCount: row.resumeCount,
    lastSeq: row.lastSeq,
    leaseOwner: row.leaseOwner,
    leaseExpiresAt: row.leaseExpiresAt,
    steps: row.steps.map(toStepRecord),
  };
}

export function toRunEvent(row: Event): RunEvent {
  const event: RunEvent = {
    seq: row.seq,
    type: row.type as RunEventType,
    at: row.at,
    story: { kind: row.storyKind as StoryKind, text: row.storyText },
  };
  if (row.stepId !== null) event.stepId = row.stepId;
  if (row.attempt !== null) event.attempt = row.attempt;
  if (row.data !== null) event.data = row.data as Record<string, unknown>;
  return event;
}

export function toLogChunkRecord(row: LogChunk): LogChunkRecord {
  return {
    id: row.id,
    runId: row.runId,
    stepId: row.stepId,
    attempt: row.attempt,
    stream: row.stream as LogStream,
    text: row.text,
    at: row.at,
  };
}
