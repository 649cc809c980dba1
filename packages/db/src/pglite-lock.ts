import { open, readFile, rm } from 'node:fs/promises';
import { DatabaseError } from './errors.ts';

/** The lock files this process holds: a lock naming this pid and not listed is stale. */
const heldHere = new Set<string>();

/**
 * PGlite does not stop two processes from opening one data directory (which corrupts it),
 * so the embedded database is guarded by a lock file holding the owner's pid. A lock left
 * by a process that no longer exists is taken over — also when it names this very pid: in
 * a container restarted after a crash, the new runner often gets the pid the old one had.
 */
export async function acquirePgliteLock(
  lockPath: string,
  dataDir: string,
): Promise<() => Promise<void>> {
  for (let tries = 0; tries < 3; tries++) {
    try {
      const file = await open(lockPath, 'wx');
      await file.writeFile(String(process.pid));
      await file.close();
      heldHere.add(lockPath);
      return async () => {
        heldHere.delete(lockPath);
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DatabaseError(
          `cannot lock the embedded database at ${dataDir}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    const pid = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
    const ownPid = pid === process.pid;
    if (Number.isInteger(pid) && pid > 0 && (ownPid ? heldHere.has(lockPath) : isAlive(pid))) {
      const who = ownPid ? 'this process' : `process ${pid}`;
      throw new DatabaseError(
        `the embedded database at ${dataDir} is in use by ${who}; ` +
          'stop the other Arcflow runner first, or set DATABASE_URL to share a PostgreSQL server',
      );
    }
    await rm(lockPath, { force: true });
  }
  throw new DatabaseError(
    `cannot lock the embedded database at ${dataDir}: lock file keeps changing`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
