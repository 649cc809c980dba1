export { ApiTokens, newApiTokenId, TOKEN_TOUCH_INTERVAL_MS } from './api-tokens.ts';
export { type ArtifactRecord, Artifacts, type NewArtifact } from './artifacts.ts';
export { AuditLog } from './audit-log.ts';
export type { ClaimOptions } from './claim-query.ts';
export { Decisions } from './decisions.ts';
export { Deliveries } from './deliveries.ts';
export {
  AmbiguousRevisionError,
  DatabaseError,
  InvalidColumnError,
  LastAdminError,
  LeaseLostError,
  RunNotFoundError,
  storageFailureReason,
  UserExistsError,
} from './errors.ts';
export { type CommitFence, EVENTS_CHANNEL, EventLog } from './event-log.ts';
export type { PrismaClient } from './generated/prisma/client.ts';
export { Leases } from './leases.ts';
export type { Unlisten } from './listen.ts';
export {
  loadMigrations,
  MIGRATIONS_DIR,
  type MigrateResult,
  type Migration,
  migrate,
} from './migrate.ts';
export { type Database, type OpenDatabaseOptions, openDatabase, pgliteDataDir } from './open.ts';
export {
  type GroupHolder,
  notifyQueue,
  QUEUE_CHANNEL,
  Queue,
  type WaitingRun,
} from './queue.ts';
export * from './records.ts';
export {
  MIN_REVISION_PREFIX,
  REVISION_RUNS_DEFAULT,
  REVISION_RUNS_MAX,
  type RevisionHistoryEntry,
  type RevisionRun,
  Revisions,
  revisionHash,
} from './revisions.ts';
export { newRunId, RUN_ID_PATTERN } from './run-id.ts';
export {
  notifyRunSignal,
  parseRunSignal,
  RUN_SIGNALS_CHANNEL,
  type RunSignalKind,
} from './run-signals.ts';
export { Runners } from './runners.ts';
export { Runs } from './runs.ts';
export { ScheduleFires } from './schedule-fires.ts';
export { Secrets } from './secrets.ts';
export { pgExecutor, pgliteExecutor, type SqlExecutor } from './sql-executor.ts';
export { StepLogs } from './step-logs.ts';
export { createStore, type Store } from './store.ts';
export * from './trigger-records.ts';
export { newUserId, PLACEHOLDER_EMAIL_DOMAIN, Users } from './users.ts';
