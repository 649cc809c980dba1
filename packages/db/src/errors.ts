/**
 * A problem with the database that the user can cause and fix: a server that is not
 * running, a wrong URL, a missing database, an unwritable workspace, a locked or corrupt
 * embedded database, a migration that changed after it was applied. The message is meant
 * to be shown as is (one line, no stack trace); `cause` keeps the underlying error.
 */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A run id that is not in the database. */
export class RunNotFoundError extends DatabaseError {
  override name = 'RunNotFoundError';
  constructor(readonly runId: string) {
    super(`run ${runId} not found`);
  }
}
