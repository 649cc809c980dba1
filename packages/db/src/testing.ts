// Helpers for tests that need a real database (this package's and other packages').
// Import from '@arcflow/db/testing'; never from production code.
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { TEST_ADMIN_URL } from './env.ts';
import { loadMigrations } from './migrate.ts';
import { type Database, openDatabase, pgliteDataDir } from './open.ts';

export { TEST_ADMIN_URL } from './env.ts';

export interface TestPostgresDatabase {
  /** URL of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: TEST_ADMIN_URL,
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database `arcflow_test_<random>` on the test server. */
export async function createTestPostgresDatabase(): Promise<TestPostgresDatabase> {
  const name = `arcflow_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    name,
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => {},
      ),
  };
}

export interface TestWorkspace {
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh temporary workspace directory. With `pglite: true` it already holds a migrated,
 * empty embedded database, copied from a template made once per machine and migration
 * set (initialising a new PGlite directory takes seconds; copying one does not).
 */
export async function createTestWorkspace(
  options: { pglite?: boolean } = {},
): Promise<TestWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'arcflow-ws-'));
  if (options.pglite) {
    const template = await pgliteTemplate();
    await mkdir(join(dir, '.mia', 'state'), { recursive: true });
    await cp(template, pgliteDataDir(dir), { recursive: true });
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

let templatePromise: Promise<string> | undefined;

function pgliteTemplate(): Promise<string> {
  templatePromise ??= buildPgliteTemplate();
  return templatePromise;
}

async function buildPgliteTemplate(): Promise<string> {
  const migrations = await loadMigrations();
  // The resolved path carries PGlite's version in pnpm's layout (…/@electric-sql+pglite@0.3.8/…).
  const version = import.meta.resolve('@electric-sql/pglite');
  const key = createHash('sha256')
    .update([version, ...migrations.map((m) => `${m.name}:${m.checksum}`)].join('\n'))
    .digest('hex')
    .slice(0, 16);
  const template = join(tmpdir(), `arcflow-pglite-template-${key}`);
  if (await exists(template)) return template;
  // Build in a private directory and rename into place, so parallel test workers never see
  // a half-made template.
  const scratch = await mkdtemp(join(tmpdir(), 'arcflow-pglite-build-'));
  const db = await openDatabase({ workspaceDir: scratch });
  await db.close();
  await rename(pgliteDataDir(scratch), template).catch(async (error) => {
    if (!(await exists(template))) throw error;
  });
  await rm(scratch, { recursive: true, force: true });
  return template;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export type TestBackend = 'postgres' | 'pglite';
export const TEST_BACKENDS: readonly TestBackend[] = ['postgres', 'pglite'];

export interface TestDatabase {
  db: Database;
  workspaceDir: string;
  /** The database URL (postgres) or undefined (pglite), to open it again. */
  databaseUrl: string | undefined;
  /** Closes the database and removes everything the helper created. */
  cleanup(): Promise<void>;
}

/** An opened, migrated, empty database of the given kind, for one test file or test. */
export async function openTestDatabase(backend: TestBackend): Promise<TestDatabase> {
  const workspace = await createTestWorkspace({ pglite: backend === 'pglite' });
  const postgres = backend === 'postgres' ? await createTestPostgresDatabase() : undefined;
  const db = await openDatabase({ workspaceDir: workspace.dir, databaseUrl: postgres?.url });
  return {
    db,
    workspaceDir: workspace.dir,
    databaseUrl: postgres?.url,
    async cleanup() {
      await db.close().catch(() => {});
      await postgres?.drop();
      await workspace.cleanup();
    },
  };
}
