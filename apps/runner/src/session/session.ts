import { createStore, type Database, DatabaseError, openDatabase, type Store } from '@arcflow/db';
import { type RunnerEnv, readEnv } from '../env.ts';
import { UserError } from '../errors.ts';
import { type BlobStores, openBlobStores, StoreConfigError } from '../storage/open-blob-stores.ts';
import { workspaceStateDir } from '../workflows/locations.ts';
import { Inbox } from '../workspace/inbox.ts';
import { acquireStateLock } from '../workspace/state-lock.ts';
import { resolveWorkspace } from '../workspace/workspace.ts';

/** A workspace and its open database: what every command, API call and worker works with. */
export interface Session {
  env: RunnerEnv;
  workspaceDir: string;
  db: Database;
  store: Store;
  inbox: Inbox;
  /** Where the step cache and artifacts keep their bytes (`ARCFLOW_STORE_URL`). */
  blobs: BlobStores;
  close(): Promise<void>;
}

/** Opens the workspace's database (PostgreSQL with DATABASE_URL, else embedded PGlite). */
export async function openSession(
  workspaceOption: string | undefined,
  command: string,
): Promise<Session> {
  const env = readEnv();
  const workspaceDir = resolveWorkspace(workspaceOption);
  const stateDir = workspaceStateDir(workspaceDir);
  const blobs = openStores(env, workspaceDir);
  const release = env.DATABASE_URL ? () => {} : acquireStateLock(stateDir, command);
  try {
    const db = await openDatabase({
      databaseUrl: env.DATABASE_URL,
      workspaceDir,
      preparedStatements: env.ARCFLOW_DB_PREPARED_STATEMENTS === 'on',
    });
    return {
      env,
      workspaceDir,
      db,
      store: createStore(db.prisma, db.sql),
      inbox: new Inbox(stateDir),
      blobs,
      close: async () => {
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    if (error instanceof DatabaseError) throw new UserError(error.message, 2, { cause: error });
    throw error;
  }
}

export async function withSession<T>(
  workspaceOption: string | undefined,
  command: string,
  use: (session: Session) => Promise<T>,
): Promise<T> {
  const session = await openSession(workspaceOption, command);
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

/** The blob stores, a bad configuration one `UserError` naming the variable. */
function openStores(env: RunnerEnv, workspaceDir: string): BlobStores {
  try {
    return openBlobStores(env, workspaceDir);
  } catch (error) {
    if (error instanceof StoreConfigError) throw new UserError(error.message, 2, { cause: error });
    throw error;
  }
}
