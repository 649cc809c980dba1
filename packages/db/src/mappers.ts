import type {
  RunEvent,
  RunEventType,
  RunStatus,
  SkipReason,
  StepStatus,
  StoryKind,
  Universe,
} from '@arcflow/engine';
import type {
  ApiToken,
  Attempt,
  AuditEntry,
  Decision,
  Event,
  Run,
  Secret,
  StepRun,
  User,
  WorkflowRevision,
} from './generated/prisma/client.ts';
import {
  failureInfoSchema,
  jsonObjectSchema,
  parseColumn,
  parseRowColumn,
  retellingOrderSchema,
  supersessionSchema,
  tellingSchema,
  workflowDefinitionSchema,
} from './json-columns.ts';
import {
  type ApiTokenRecord,
  type AttemptRecord,
  type AttemptStatus,
  type AuditActorKind,
  type AuditEntryRecord,
  type DecisionRecord,
  REVISION_SHORT_ID_LENGTH,
  type RevisionRecord,
  type RunHeader,
  type RunRecord,
  type SecretMetadata,
  type SecretRecord,
  type StepRecord,
  USER_ROLES,
  type UserRecord,
  type UserRole,
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

/** A run's row; read without its definition when the caller has that already. */
type RunRow = Omit<Run, 'definition' | 'definitionYaml'> &
  Partial<Pick<Run, 'definition' | 'definitionYaml'>>;

/** The run's definition, when the caller has it already (it just wrote the run). */
export type KnownDefinition = Pick<RunRecord, 'definition' | 'definitionYaml'>;

export function toRunRecord(
  row: RunRow & { steps: Array<StepRun & { attemptHistory: Attempt[] }> },
  known?: KnownDefinition,
): RunRecord {
  const definition = known
    ? known.definition
    : parseColumn(workflowDefinitionSchema, row.definition, row.id, 'runs.definition');
  return {
    ...toRunHeader(row),
    definitionYaml: known ? known.definitionYaml : (row.definitionYaml as string),
    definition,
    steps: row.steps.filter((step) => step.removedAt === null).map(toStepRecord),
    removedSteps: row.steps.filter((step) => step.removedAt !== null).map(toStepRecord),
  };
}

/** The run's own columns, without its definition snapshot and steps. */
export function toRunHeader(row: Omit<Run, 'definition' | 'definitionYaml'>): RunHeader {
  return {
    id: row.id,
    workflowName: row.workflowName,
    workflowFile: row.workflowFile,
    workspaceDir: row.workspaceDir,
    definitionHash: row.definitionHash,
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
    startedByUserId: row.startedByUserId,
    event: parseColumn(jsonObjectSchema.nullable(), row.event, row.id, 'runs.event'),
    concurrencyGroup: row.concurrencyGroup,
    runsOn: row.runsOn,
    queuedReason: row.queuedReason,
    supersededBy: parseColumn(
      supersessionSchema.nullable(),
      row.supersededBy,
      row.id,
      'runs.superseded_by',
    ),
    parentRunId: row.parentRunId,
    parentStepId: row.parentStepId,
    outputs: parseColumn(jsonObjectSchema.nullable(), row.outputs, row.id, 'runs.outputs'),
    noCache: row.noCache,
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
    createdByUserId: row.createdByUserId,
    message: row.message,
  };
}

const isUserRole = (value: string): value is UserRole =>
  (USER_ROLES as readonly string[]).includes(value);

export function toUserRecord(row: User): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayUsername: row.displayUsername,
    name: row.name,
    email: row.email,
    emailVerified: row.emailVerified,
    // better-auth writes this table too: anything but a known role gets the least privilege.
    role: isUserRole(row.role) ? row.role : 'viewer',
    banned: row.banned === true,
    banReason: row.banReason,
    banExpires: row.banExpires,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toApiTokenRecord(row: ApiToken): ApiTokenRecord {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt,
    createdByUserId: row.createdByUserId,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

export function toAuditEntryRecord(row: AuditEntry): AuditEntryRecord {
  return {
    id: row.id,
    at: row.at,
    actorKind: row.actorKind as AuditActorKind,
    actorUserId: row.actorUserId,
    actorName: row.actorName,
    tokenId: row.tokenId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    details: parseRowColumn(
      jsonObjectSchema,
      row.details,
      `audit entry ${row.id}`,
      'audit_log.details',
    ),
    ip: row.ip,
    userAgent: row.userAgent,
    client: row.client,
  };
}

/** Everything of a secret but its value. */
export function toSecretMetadata(row: Omit<Secret, 'ciphertext' | 'nonce'>): SecretMetadata {
  return {
    id: row.id,
    workspaceDir: row.workspaceDir,
    workflowName: row.workflowName,
    name: row.name,
    keyId: row.keyId,
    createdAt: row.createdAt,
    createdByUserId: row.createdByUserId,
    updatedAt: row.updatedAt,
    updatedByUserId: row.updatedByUserId,
  };
}

export function toSecretRecord(row: Secret): SecretRecord {
  return {
    ...toSecretMetadata(row),
    ciphertext: row.ciphertext,
    nonce: row.nonce,
    keyId: row.keyId,
  };
}
