import type {
  FailureInfo,
  LogStream,
  NewRunEvent,
  RunEvent,
  RunStatus,
  StepStatus,
  Universe,
  WorkflowDefinition,
} from '@arcflow/engine';

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
  /** Every attempt, by number. */
  attempts: AttemptRecord[];
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
  /** In declaration order. */
  steps: StepRecord[];
}

export interface RunSummary {
  id: string;
  workflowName: string;
  status: RunStatus;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  triggeredBy: string;
  /** How many of the run's steps are in each status (every status present, 0 if none). */
  stepCounts: Record<StepStatus, number>;
}

export interface LogChunkRecord {
  id: bigint;
  runId: string;
  stepId: string;
  attempt: number;
  stream: LogStream;
  text: string;
  at: Date;
}

export interface CreateRunInput {
  workflowName: string;
  workflowFile?: string;
  workspaceDir: string;
  definitionYaml: string;
  definition: WorkflowDefinition;
  inputs?: Record<string, unknown>;
  triggeredBy: string;
  /** The workflow revision (`Revisions.record`) whose content `definitionYaml` is. */
  revisionId?: string;
  /** Create the run already leased to this runner, so no other runner claims it first. */
  lease?: { owner: string; ttlMs: number };
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
  };
  steps?: Array<{
    stepId: string;
    status?: StepStatus;
    attempts?: number;
    startedAt?: Date | null;
    finishedAt?: Date | null;
    outputs?: Record<string, unknown> | null;
    lastFailure?: FailureInfo | null;
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
}

export interface NewLogChunk {
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
  /** Only chunks after this id (for paging and tailing). */
  afterId?: bigint | number;
  /** Default 1000, at most 10000. */
  limit?: number;
}

export type { RunEvent };

/** A person's approval or rejection of one attempt of a waiting step. */
export interface DecisionRecord {
  id: bigint;
  runId: string;
  stepId: string;
  attempt: number;
  decision: 'approve' | 'reject';
  by: string;
  comment: string | null;
  at: Date;
}

export type NewDecision = Omit<DecisionRecord, 'id'>;

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
  message: string | null;
}

export interface RevisionSummary extends RevisionRecord {
  /** How many runs ran this revision. */
  runCount: number;
}

export interface NewRevision extends RevisionScope {
  yaml: string;
  createdBy: string;
  message?: string;
}

export interface RecordedRevision {
  revision: RevisionRecord;
  /** False when the content was already a revision, which is returned. */
  created: boolean;
}
