import { access, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseError } from './errors.ts';
import { DamagedDatabaseError, diagnoseOpenFailure } from './pglite-damage.ts';
import { pgliteOptions } from './pglite-module.ts';

/**
 * Opens the embedded database's data directory, creating it first when there is none.
 *
 * A new directory is initialised beside it (`<dir>.new`) and renamed into place once
 * complete: PGlite's initialisation takes seconds, and a directory cut short by a kill
 * during it would not open again (or would open without parts of PostgreSQL's catalog).
 * A leftover `<dir>.new` never held data and is removed.
 */
export async function openPgliteDataDir(dataDir: string): Promise<PGlite> {
  if (!(await exists(join(dataDir, 'PG_VERSION')))) await initialise(dataDir);
  try {
    return await PGlite.create(dataDir, await pgliteOptions());
  } catch (error) {
    throw new DamagedDatabaseError(dataDir, await diagnoseOpenFailure(dataDir, error), {
      cause: error,
    });
  }
}

async function initialise(dataDir: string): Promise<void> {
  if ((await readdir(dataDir).catch(() => [])).length > 0) {
    throw new DamagedDatabaseError(dataDir, 'PG_VERSION is missing; it is not a whole database');
  }
  const scratch = `${dataDir}.new`;
  try {
    await rm(scratch, { recursive: true, force: true });
    const db = await PGlite.create(scratch, await pgliteOptions());
    await db.close();
    await rmdir(dataDir).catch(() => {});
    await rename(scratch, dataDir);
  } catch (error) {
    throw new DatabaseError(
      `cannot create the embedded database at ${dataDir}: ${(error as Error).message || (error as Error).name}`,
      { cause: error },
    );
  }
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
