import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';

/** Resolves `--workspace` (default: the current directory) and checks that it is a directory. */
export function resolveWorkspace(dir: string | undefined): string {
  const path = resolve(dir ?? process.cwd());
  if (!existsSync(path)) {
    throw new UserError(
      `workspace directory not found: ${path}. Create it or pass --workspace DIR.`,
    );
  }
  if (!statSync(path).isDirectory()) throw new UserError(`workspace is not a directory: ${path}`);
  return path;
}
