import type {
  FailureInfo,
  LogStream,
  NewRunEvent,
  Role,
  RunEvent,
  RunStatus,
  SkipReason,
  StepStatus,
  Telling,
  Universe,
  WorkflowDefinition,
} from '@arcflow/engine';
import { ROLES } from '@arcflow/engine';

export const AttemptStatus = {
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
  /** The runner holding it went away (lost its lease or restarted). */
  interrupted: 'interrupted',
} as const;
export type AttemptStatus = (typeof AttemptStatus)[keyof typeof AttemptStatus];

export interface AttemptRecord {
  id: string;
  number: number;
  status: AttemptStatus;
  startedAt: Date;
  finishedAt: Date | null;
  exitCode: number | null;
  failure: FailureInfo | null;
  runnerId: string | null;
}

export interface StepRecord {
  stepId: string;
  /** Declaration order in the definition, from 0. */
  position: number;
  status: StepStatus;
  universe: Universe;
  action: string;
  beat: string | null;
  /** How many attempts were started (the step's counter). */
  attemptCount: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  outputs: Record<string, unknown> | null;
  lastFailure: FailureInfo | null;
  /** Why a `skipped` step was skipped (null for other statuses, and for runs before it was kept). */
  skipReason: SkipReason | null;
  /** When the run went on with a definition that no longer has this step (see `RunRecord.removedSteps`). */
  removedAt: Date | null;
  /** In a rerun: the run whose result this step took over instead of running. */
  reusedFromRunId: string | null;
  /** Every attempt, by number. */
  attempts: AttemptRecord[];
}

/**
 * A re-telling asked of a run and not yet begun: the runner that executes the run next feeds
 * the engine `{ type: 'retell', steps, telling }`, switching first to `switchTo` when given.
 */
export interface RetellingOrder {
  /** The steps to tell again (the plan's `run`), in order. */
  steps: string[];
  telling: Telling;
  /** The revision the run goes on with (a resume on a newer definition). */
  switchTo?: {
    revisionId: string;
    definitionYaml: string;
    definition: WorkflowDefinition;
    /** The run's inputs as the new definition reads them (defaults of new inputs applied). */
    inputs: Record<string, unknown>;
  };
}

export interface RunRecord {
  id: string;
  workflowName: string;
  workflowFile: string | null;
  workspaceDir: string;
  definitionYaml: string;
  /** sha256 hex of `definitionYaml`. */
  definitionHash: string;
  /** The definition snapshot the run was started with. */
  definition: WorkflowDefinition;
  inputs: Record<string, unknown>;
  status: RunStatus;
  triggeredBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
  cancelRequestedAt: Date | null;
  /** A resume asked for through the API, not yet taken by a runner. */
  resumeRequestedAt: Date | null;
  resumeCount: number;
  lastSeq: number;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** The workflow revision the run ran (null for runs recorded before revisions existed). */
  revisionId: string | null;
  /** A re-telling waiting for a runner (see `RetellingOrder`). */
  resumeRequest: RetellingOrder | null;
  /** For a rerun: how it re-tells `retoldFromRunId`. */
  retelling: Telling | null;
  retoldFromRunId: string | null;
  /** The signed-in user who started the run (team mode); null in local mode and for older runs. */
  startedByUserId: string | null;
  /** The normalized trigger event that started the run (its inciting incident); null otherwise. */
  event: Record<string, unknown> | null;
  /** The evaluated `concurrency.group`: one active run per group at a time. */
  concurrencyGroup: string | null;
  /** Labels a runner must all carry to claim the run; empty = any runner. */
  runsOn: string[];
  /** Why the queued run still waits, for people ("waiting for a runner with labels gpu"). */
  queuedReason: string | null;
  /** Set with `cancelRequestedAt` when a newer run of its group replaced it (`cancel_in_progress`). */
  supersededBy: Supersession | null;
  /** Sub-workflows: the run whose `uses:` step started this one, and that step. */
  parentRunId: string | null;
  parentStepId: string | null;
  /** Sub-workflows: the workflow's evaluated `outputs:`, once the run succeeded. */
  outputs: Record<string, unknown> | null;
  /** Started with `--no-cache`: steps with `cache:` run even on a cache hit. */
  noCache: boolean;
  /** In declaration order (of the definition the run has now). */
  steps: StepRecord[];
  /** Steps the run had before it went on with a definition without them; kept for the record. */
  removedSteps: StepRecord[];
}

/** A run without its definition snapshot and its steps: what every view of a run shows. */
export type RunHeader = Omit<RunRecord, 'definition' | 'definitionYaml' | 'steps' | 'removedSteps'>;

/** An attempt as a run's page lists it: its failure reduced to the message. */
export interface AttemptSummary {
  number: number;
  status: AttemptStatus;
  startedAt: Date;
  finishedAt: Date | null;
  exitCode: number | null;
  failure: string | null;
}

/** A step as a run's page first paints it (`RunOverview`): no outputs, no failure details. */
export interface StepSummary
  extends Pick<
    StepRecord,
    | 'stepId'
    | 'status'
    | 'universe'
    | 'action'
    | 'beat'
    | 'attemptCount'
    | 'startedAt'
    | 'finishedAt'
    | 'skipReason'
    | 'reusedFromRunId'
  > {
  /** From the run's definition snapshot. */
  dependsOn: string[];
  /** An instance of a fanned-out step: that step's id and the instance's values in words. */
  instance?: { of: string; label: string };
  /** A step written with `matrix` or `for_each`: it gathers its instances. */
  fanOut?: 'matrix' | 'for_each';
  /** The message of the step's latest failure. */
  failure: string | null;
  /**
   * Every attempt, only when the step's own fields do not tell them: it ran more than once, or
   * its only attempt ended otherwise than the step. Undefined: none, or the one the step tells.
   */
  attemptHistory: AttemptSummary[] | undefined;
  /** A ceremony step's `with` from the definition snapshot (who may decide); else null. */
  approvalInputs: Record<string, unknown> | null;
  /** Sub-workflows: the workflow a `uses:` step runs, from the definition snapshot; else null. */
  uses: string | null;
}

/** Sub-workflows: a child run, as its parent's page and `Runs.children` list it. */
export interface ChildRunSummary {
  id: string;
  workflowName: string;
  status: RunStatus;
  parentStepId: string;
  createdAt: Date;
}

/** A run's page summary (`Runs.overview`): the run, its four-eyes rule and its steps summarised. */
export interface RunOverview extends RunHeader {
  /** False when the definition waives the four-eyes rule. */
  fourEyes: boolean;
  steps: StepSummary[];
  removedSteps: StepSummary[];
}

/** The newer run of a concurrency group that replaces a run, and the event that started it. */
export interface Supersession {
  runId: string;
  event: Record<string, unknown>;
}

/** A request to stop a run that its runner has not carried out yet. */
export interface CancelRequest {
  at: Date;
  /** Set when the run is stopped because a newer run of its group replaces it. */
  supersededBy: Supersession | null;
}

export interface RunSummary {
  id: string;
  workflowName: string;
  status: RunStatus;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  triggeredBy: string;
  concurrencyGroup: string | null;
  runsOn: string[];
  queuedReason: string | null;
  /** Sub-workflows: the run whose `uses:` step started this one. */
  parentRunId: string | null;
  /** How many of the run's steps are in each status (every status present, 0 if none). */
  stepCounts: Record<StepStatus, number>;
}

export interface CreateRunInput {
  workflowName: string;
  workflowFile?: string;
  workspaceDir: string;
  definitionYaml: string;
  definition: WorkflowDefinition;
  inputs?: Record<string, unknown>;
  triggeredBy: string;
  /** The signed-in user who starts the run (team mode; what the four-eyes rule compares). */
  startedByUserId?: string;
  /** The workflow revision (`Revisions.record`) whose content `definitionYaml` is. */
  revisionId?: string;
  /** The normalized trigger event that starts the run (the engine's event record). */
  event?: Record<string, unknown>;
  /** The evaluated `concurrency.group`. */
  concurrencyGroup?: string;
  /** Labels the claiming runner must carry (`runs_on`). */
  runsOn?: readonly string[];
  /** Why it will wait, if known when it is created. */
  queuedReason?: string;
  /** Run steps with `cache:` even when their result could be restored (`--no-cache`). */
  noCache?: boolean;
  /** Create the run already leased to this runner, so no other runner claims it first. */
  lease?: { owner: string; ttlMs: number };
  /** Sub-workflows: the run and step (`uses:`) this run is the child of. */
  parent?: { runId: string; stepId: string };
  /**
   * A rerun: the run it re-tells, how, the steps whose results it takes over (they start in
   * their recorded state, the rest pending), and the order the runner begins it with.
   */
  retold?: {
    fromRunId: string;
    telling: Telling;
    kept: Array<{
      stepId: string;
      status: StepStatus;
      outputs: Record<string, unknown> | null;
      startedAt: Date | null;
      finishedAt: Date | null;
      skipReason: SkipReason | null;
    }>;
    order: RetellingOrder;
  };
}

/** Why a runner claimed a run, which decides how it drives it. */
export type ClaimKind = 'start' | 'resume' | 'adopt';

export interface ClaimedRun {
  id: string;
  kind: ClaimKind;
  /** The runner whose lease had expired, for `adopt`. */
  previousOwner: string | null;
}

export interface ListRunsFilter {
  workflowName?: string;
  status?: RunStatus;
  /** Default 50, at most 500. */
  limit?: number;
  /** Keyset cursor: only runs older than this one (pass the last summary of a page). */
  before?: { createdAt: Date; id: string };
}

/** Everything that changes together when the scheduler makes a transition. */
export interface RunChange {
  run?: {
    status?: RunStatus;
    startedAt?: Date | null;
    finishedAt?: Date | null;
    /** Adds one to `resumeCount`. */
    resumeCountIncrement?: boolean;
    cancelRequestedAt?: Date | null;
    /** The re-telling this transition begins is no longer waiting. */
    clearResumeRequest?: boolean;
  };
  /**
   * The run goes on with another definition (applied before `steps`): steps it adds are
   * created pending, steps it lacks are marked removed, the others take its order and fields.
   */
  /**
   * A `for_each` step expanded: the run's definition snapshot becomes this one (the same
   * revision, its instances added after its steps), and the steps it adds are created pending.
   */
  definitionExpanded?: { definition: WorkflowDefinition };
  definitionSwitch?: {
    revisionId: string;
    definitionYaml: string;
    definition: WorkflowDefinition;
    inputs: Record<string, unknown>;
    at: Date;
  };
  steps?: Array<{
    stepId: string;
    status?: StepStatus;
    attempts?: number;
    startedAt?: Date | null;
    finishedAt?: Date | null;
    outputs?: Record<string, unknown> | null;
    lastFailure?: FailureInfo | null;
    skipReason?: SkipReason | null;
  }>;
  attemptsStarted?: Array<{ stepId: string; number: number; startedAt: Date; runnerId?: string }>;
  attemptsFinished?: Array<{
    stepId: string;
    number: number;
    status: Exclude<AttemptStatus, 'running'>;
    finishedAt: Date;
    exitCode?: number;
    failure?: FailureInfo;
  }>;
  /** Appended in order with the next seq numbers. */
  events: NewRunEvent[];
  /**
   * Log lines stored in the same transaction, so a step's output is never stored later than
   * its result (a finishing step's last lines ride with the transition that records it).
   */
  logs?: NewLogLine[];
  /**
   * A UUID naming this write of `logs`, the same on every try of the commit: a retry whose
   * first try landed (its reply lost) then stores none of them again. Without it, a retry
   * of a commit with no events stores the lines twice.
   */
  logsWriteId?: string;
}

export type { RunEvent };

/** A person's approval or rejection of one attempt of a waiting step. */
export interface DecisionRecord {
  id: bigint;
  runId: string;
  stepId: string;
  attempt: number;
  decision: 'approve' | 'reject';
  /** Display name of whoever decided (a snapshot). */
  by: string;
  /** The signed-in user who decided (team mode); null in local mode. */
  userId: string | null;
  comment: string | null;
  at: Date;
}

export type NewDecision = Omit<DecisionRecord, 'id' | 'userId'> & { userId?: string | null };

/** How many hex digits of a revision's hash make its short id. */
export const REVISION_SHORT_ID_LENGTH = 8;

/** Which workflow a revision belongs to. */
export interface RevisionScope {
  workspaceDir: string;
  workflowName: string;
}

/** One content of a workflow, as it was saved or run. */
export interface RevisionRecord extends RevisionScope {
  id: string;
  /** The first `REVISION_SHORT_ID_LENGTH` digits of `hash`, shown to people. */
  shortId: string;
  /** sha256 hex of `yaml`. */
  hash: string;
  yaml: string;
  createdAt: Date;
  /** The person who saved it, or whose run first used it. */
  createdBy: string;
  /** The signed-in user who saved it (team mode); null in local mode. */
  createdByUserId: string | null;
  message: string | null;
}

export interface RevisionSummary extends RevisionRecord {
  /** How many runs ran this revision. */
  runCount: number;
}

export interface NewRevision extends RevisionScope {
  yaml: string;
  createdBy: string;
  createdByUserId?: string;
  message?: string;
}

export interface RecordedRevision {
  revision: RevisionRecord;
  /** False when the content was already a revision, which is returned. */
  created: boolean;
}

// ---------------------------------------------------------------------------------------------
// Teams: users, API tokens, the audit trail, secrets.

/** What a user may do: the engine's roles, stored as text. */
export const USER_ROLES = ROLES;
export type UserRole = Role;

/** A person who can sign in (team mode). Disabled people are banned, never deleted. */
export interface UserRecord {
  id: string;
  /** Lower-case login name. */
  username: string;
  /** The username as it was typed, when it differs only in case. */
  displayUsername: string | null;
  /** Display name ("Alice Doe"). */
  name: string;
  email: string;
  emailVerified: boolean;
  role: UserRole;
  /** Disabled: may not sign in or use tokens. */
  banned: boolean;
  banReason: string | null;
  banExpires: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  /** Stored in lower case. */
  username: string;
  /** Display name; the username when omitted. */
  name?: string;
  /** Default `<username>@users.arcflow.invalid` (better-auth needs a unique email). */
  email?: string;
  /** Default true for people an admin adds (see the design note: a one-time link on an
   * unverified account would delete its password). */
  emailVerified?: boolean;
  /** Default `viewer`. */
  role?: UserRole;
}

/** An API token's metadata (the token itself is never stored, only its sha256). */
export interface ApiTokenRecord {
  /** `tok_` + 10 characters. */
  id: string;
  userId: string;
  name: string | null;
  /** The first characters of the token, shown in lists. */
  prefix: string;
  createdAt: Date;
  createdByUserId: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiToken {
  userId: string;
  /** sha256 hex of the whole token (computed by the caller, which made the token). */
  tokenHash: string;
  prefix: string;
  name?: string;
  expiresAt?: Date;
  createdByUserId?: string;
}

/** A token `findByHash` accepted, with the user it acts for. */
export interface ApiTokenWithUser extends ApiTokenRecord {
  user: UserRecord;
}

export const AUDIT_ACTOR_KINDS = ['user', 'token', 'local', 'system', 'anonymous'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** One line of the append-only audit trail. */
export interface AuditEntryRecord {
  id: bigint;
  at: Date;
  actorKind: AuditActorKind;
  actorUserId: string | null;
  /** The actor's name when it acted. */
  actorName: string;
  tokenId: string | null;
  /** `run.start`, `step.approve`, `auth.sign_in_failed`, `secret.set`, … */
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** Never a secret value. */
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  /** `web`, `api`, `cli`, `cli-local`. */
  client: string | null;
}

export interface NewAuditEntry {
  actorKind: AuditActorKind;
  actorUserId?: string | null;
  actorName: string;
  tokenId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
  client?: string | null;
  /** Default: the database's clock. */
  at?: Date;
}

export interface AuditFilter {
  /** Entries at or after this time. */
  since?: Date;
  /** Entries before this time. */
  until?: Date;
  actorUserId?: string;
  /** `run.` matches `run.start`, `run.cancel`, …; `run.start` matches only itself and `run.start.*`. */
  actionPrefix?: string;
  targetType?: string;
  targetId?: string;
  /** Keyset cursor: only entries older than this id (pass the last entry of a page). */
  beforeId?: bigint;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** Which secrets a name lives among: a workspace, and one workflow or all (`''`). */
export interface SecretScope {
  workspaceDir: string;
  /** `''` (the default) = every workflow of the workspace. */
  workflowName?: string;
}

/** A secret's encrypted value: what the runner decrypts. */
export interface SecretValue {
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  keyId: string;
}

/** A secret as lists show it: never its value. */
export interface SecretMetadata {
  id: string;
  workspaceDir: string;
  workflowName: string;
  name: string;
  keyId: string;
  createdAt: Date;
  createdByUserId: string | null;
  updatedAt: Date;
  updatedByUserId: string | null;
}

export interface SecretRecord extends SecretMetadata, SecretValue {}

export interface PutSecret extends SecretScope, SecretValue {
  name: string;
  /** Who wrote it (kept as `created_by` on the first write, `updated_by` on every write). */
  byUserId?: string | null;
}

/** One line of a step's log, as stored (in chunks: see `StepLogs`). */
export interface LogLineRecord {
  /** Grows in the order lines were written: pass the last one seen as `afterId`. */
  id: bigint;
  runId: string;
  stepId: string;
  attempt: number;
  /** The line's number in its attempt's log, from 0. */
  line: number;
  stream: LogStream;
  text: string;
  /** When its chunk's first line was written (lines of a chunk are at most a second apart). */
  at: Date;
}

export interface NewLogLine {
  runId: string;
  stepId: string;
  attempt: number;
  stream: LogStream;
  text: string;
  at: Date;
}

export interface LogFilter {
  stepId?: string;
  attempt?: number;
  /** Only lines after this line id (for paging and tailing). */
  afterId?: bigint | number;
  /** Default 1000, at most 10000. */
  limit?: number;
}

/** What one attempt of a step has stored. */
export interface LogSize {
  lines: number;
  /** UTF-8 bytes, a newline counted per line. */
  bytes: number;
}
