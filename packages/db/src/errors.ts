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

/** A run's lease passed to another runner, which now executes the run. */
export class LeaseLostError extends DatabaseError {
  override name = 'LeaseLostError';
  constructor(
    readonly runId: string,
    readonly currentOwner: string | null,
  ) {
    super(
      `run ${runId} was taken over by ${currentOwner ? `another runner (${currentOwner})` : 'another runner'}`,
    );
  }
}

/**
 * The reason a storage call failed, in one line. Prisma's messages open with the invocation
 * and a code frame and end with the driver's reason ("Server has closed the connection."),
 * which is the only part a user can act on.
 */
export function storageFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const reason = lines.at(-1) ?? 'unknown error';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && !reason.includes(code)
    ? `${reason} (${code})`
    : reason;
}

/**
 * A JSON column whose stored value does not have the shape Arcflow writes (edited by hand, or
 * written by an incompatible version). Raised where the row is read, naming the run and the
 * column, so it does not surface later as a confusing crash; no retry can mend it.
 */
export class InvalidColumnError extends DatabaseError {
  override name = 'InvalidColumnError';
  constructor(
    readonly runId: string,
    /** `table.column`, with the row when the run has several (`events.data (seq 12)`). */
    readonly column: string,
    detail: string,
    /** `subject` names a row that belongs to no run (`audit entry 12`); `runId` is then ''. */
    options?: { cause?: unknown; subject?: string },
  ) {
    super(`${options?.subject ?? `run ${runId}`} has an unreadable ${column}: ${detail}`, options);
  }
}

/** A revision reference (a hash prefix) that matches more than one revision of a workflow. */
export class AmbiguousRevisionError extends DatabaseError {
  override name = 'AmbiguousRevisionError';
  constructor(
    readonly workflowName: string,
    readonly ref: string,
  ) {
    super(`"${ref}" matches several revisions of ${workflowName}; give more of the hash`);
  }
}

/** A user whose username or email another user already has. */
export class UserExistsError extends DatabaseError {
  override name = 'UserExistsError';
  constructor(
    readonly field: 'username' | 'email',
    readonly value: string,
    options?: { cause?: unknown },
  ) {
    super(`a user with the ${field} ${value} already exists`, options);
  }
}

/**
 * A change that would leave no admin who can sign in (demoting or disabling the last one):
 * refused, since nobody could manage the team runner afterwards. Not worth retrying.
 */
export class LastAdminError extends DatabaseError {
  override name = 'LastAdminError';
  constructor(
    readonly userId: string,
    readonly username: string,
  ) {
    super(`${username} is the last active admin`);
  }
}
