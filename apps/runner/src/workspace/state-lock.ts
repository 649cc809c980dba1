import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';

export interface LockOwner {
  pid: number;
  command: string;
  since: string;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function readLockOwner(stateDir: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(join(stateDir, 'arcflow.lock'), 'utf8')) as LockOwner;
    return isAlive(owner.pid) && owner.pid !== process.pid ? owner : undefined;
  } catch {
    return undefined;
  }
}

export class StateBusyError extends UserError {
  constructor(
    readonly stateDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `the embedded database in ${stateDir} is in use by another arcflow process ` +
        `(pid ${owner.pid}, \`arcflow ${owner.command}\` since ${owner.since}). ` +
        'Wait for it to finish, or set DATABASE_URL to a PostgreSQL server, which many processes can share.',
    );
  }
}

/**
 * Makes `.mia/state` with the `.gitignore` that keeps it out of git: runs and the webhook
 * secret live inside the user's repository, and `git add -A` steps must not commit them.
 */
export function ensureStateDir(stateDir: string, mode?: number): void {
  mkdirSync(stateDir, { recursive: true, ...(mode !== undefined ? { mode } : {}) });
  const ignore = join(stateDir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# Arcflow run state; never commit it\n*\n');
}

/**
 * PGlite is a single-process database: two processes opening one data directory would
 * corrupt it. A lock file with the owner's pid keeps one arcflow process per workspace;
 * a lock left by a dead process is taken over.
 */
export function acquireStateLock(stateDir: string, command: string): () => void {
  ensureStateDir(stateDir);
  const path = join(stateDir, 'arcflow.lock');
  const owner: LockOwner = { pid: process.pid, command, since: new Date().toISOString() };
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      const release = () => {
        try {
          if (JSON.parse(readFileSync(path, 'utf8')).pid === process.pid) unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readLockOwner(stateDir);
      if (current) throw new StateBusyError(stateDir, current);
      try {
        unlinkSync(path); // stale: its process is gone
      } catch {
        // someone else removed it first; try again
      }
    }
  }
  throw new UserError(`could not lock ${stateDir}; another arcflow process keeps taking it`);
}
