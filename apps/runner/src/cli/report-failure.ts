import { CommanderError } from 'commander';
import { UserError } from '../errors.ts';
import { err } from './output.ts';

/**
 * Turns whatever a command threw into one or two lines on stderr and the exit code:
 * 0 for help and version, 2 for anything the user can fix, 1 for a bug.
 */
export async function reportFailure(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // help and version exit 0; every usage mistake exits 2
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UserError) {
    err(`arcflow: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof Error && error.name.startsWith('PrismaClient')) {
    const { storageFailureReason } = await import('@arcflow/db');
    err(`arcflow: the database failed mid-command: ${storageFailureReason(error)}`);
    err('arcflow: run the command again once the database answers (check DATABASE_URL).');
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  err(`arcflow: unexpected error: ${message}`);
  const { isDebugEnabled } = await import('../env.ts');
  if (isDebugEnabled()) err(error instanceof Error ? (error.stack ?? '') : '');
  else err('arcflow: set ARCFLOW_DEBUG=1 to see where it happened, and please report it.');
  return 1;
}
