export {
  DatabaseError,
  LeaseLostError,
  RunNotFoundError,
  storageFailureReason,
} from './errors.ts';
export type { PrismaClient } from './generated/prisma/client.ts';
export type { Unlisten } from './listen.ts';
export {
  loadMigrations,
  MIGRATIONS_DIR,
  type MigrateResult,
  type Migration,
  migrate,
} from './migrate.ts';
export { type Database, type OpenDatabaseOptions, openDatabase, pgliteDataDir } from './open.ts';
export * from './records.ts';
export { EVENTS_CHANNEL, RunRepository } from './repository.ts';
export { newRunId, RUN_ID_PATTERN } from './run-id.ts';
export { pgExecutor, pgliteExecutor, type SqlExecutor } from './sql-executor.ts';
