/**
 * An error the user can fix (a missing workflow, a bad flag, an unreachable database).
 * The CLI prints its message as one line and exits 2; it never shows a stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly exitCode = 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
