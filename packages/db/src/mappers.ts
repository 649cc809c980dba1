import type {
  LogStream,
  RunEvent,
  RunEventType,
  RunStatus,
  SkipReason,
  StepStatus,
  StoryKind,
  Universe,
} from '@arcflow/engine';
import type {
  Attempt,
  Decision,
  Event,
  LogChunk,
  Run,
  StepRun,
  WorkflowRevision,
} from './generated/prisma/client.ts';
import {
  failureInfoSchema,
  jsonObjectSchema,
  parseColumn,
  retellingOrderSchema,
  tellingSchema,
  workflowDefinitionSchema,
} from './json-columns.ts';
import {
  type AttemptRecord,
  type AttemptStatus,
  type DecisionRecord,
  type LogChunkRecord,
  REVISION_SHORT_ID_LENGTH,
  type RevisionRecord,
  type RunRecord,
  type StepRecord,
} from './records.ts';

// Rows to records. Text statuses are narrowed without re-validating (only this package writes
// them); JSON columns are parsed with the schemas in `json-columns.ts`, and a value that does
// not match raises `InvalidColumnError` naming the run and the column.

const nullableFailure = failureInfoSchema.nullable();
const nullableObject = jsonObjectSchema.nullable();

export function toAttemptRecord(row: Attempt): AttemptRecord {
  return {
    id: row.id,
    number: row.number,
    status: row.status as AttemptStatus,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    exitCode: row.exitCode,
    failure: parseColumn(
      nullableFailure,
      row.failure,
      row.runId,
      `attempts.failure (step ${row.stepId}, attempt ${row.number})`,
    ),
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
    outputs: parseColumn(
      nullableObject,
      row.outputs,
      row.runId,
      `step_runs.outputs (step ${row.stepId})`,
    ),
    lastFailure: parseColumn(
      nullableFailure,
      row.lastFailure,
      row.runId,
      `step_runs.last_failure (step ${row.stepId})`,
    ),
    skipReason: row.skipReason as SkipReason | null,
    removedAt: row.removedAt,
    reusedFromRunId: row.reusedFromRunId,
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
    definition: parseColumn(workflowDefinitionSchema, row.definition, row.id, 'runs.definition'),
    inputs: parseColumn(jsonObjectSchema, row.inputs ?? {}, row.id, 'runs.inputs'),
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
    revisionId: row.revisionId,
    resumeRequest: parseColumn(
      retellingOrderSchema.nullable(),
      row.resumeRequest,
      row.id,
      'runs.resume_request',
    ),
    retelling: parseColumn(tellingSchema.nullable(), row.retelling, row.id, 'runs.retelling'),
    retoldFromRunId: row.retoldFromRunId,
    steps: row.steps.filter((step) => step.removedAt === null).map(toStepRecord),
    removedSteps: row.steps.filter((step) => step.removedAt !== null).map(toStepRecord),
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
  if (row.data !== null) {
    event.data = parseColumn(jsonObjectSchema, row.data, row.runId, `events.data (seq ${row.seq})`);
  }
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

export function toDecisionRecord(row: Decision): DecisionRecord {
  return { ...row, decision: row.decision as DecisionRecord['decision'] };
}

export function toRevisionRecord(row: WorkflowRevision): RevisionRecord {
  return {
    id: row.id,
    shortId: row.hash.slice(0, REVISION_SHORT_ID_LENGTH),
    workflowName: row.workflowName,
    workspaceDir: row.workspaceDir,
    hash: row.hash,
    yaml: row.yaml,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    message: row.message,
  };
}
