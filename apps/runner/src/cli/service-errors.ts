import type { Database } from '@arcflow/db';
import { UserError } from '../errors.ts';
import { InvalidInputsError, RunNotFoundError, StepNotFoundError } from '../service/errors.ts';

/**
 * A run service error as the CLI says it: the service's message plus what only the
 * terminal knows — where the runs are stored, which command or flag helps next.
 * Anything else passes through unchanged.
 */
export function toCliError(error: unknown, db?: Database): unknown {
  if (error instanceof RunNotFoundError && db) {
    return new UserError(
      `${error.message} in ${db.location}. List runs with \`arcflow runs\`` +
        (db.kind === 'pglite' ? ' (and check --workspace: each workspace keeps its own runs)' : ''),
      error.exitCode,
      { cause: error },
    );
  }
  if (error instanceof StepNotFoundError) {
    return new UserError(
      `${error.message}; its steps are ${error.knownSteps.join(', ')}`,
      error.exitCode,
      { cause: error },
    );
  }
  if (error instanceof InvalidInputsError) {
    return new UserError(`${error.message} (pass inputs with --input name=value)`, error.exitCode, {
      cause: error,
    });
  }
  return error;
}
