import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatabaseError,
  loadMigrations,
  type Migration,
  migrate,
  openDatabase,
  pgExecutor,
  pgliteDataDir,
  pgliteExecutor,
} from '../src/index.ts';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '../src/testing.ts';

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const appliedNames = (url: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    return rows as Array<{
      migration_name: string;
      checksum: string;
      finished_at: Date;
      applied_steps_count: number;
    }>;
  });

describe('migrations on PostgreSQL', () => {
  let database: TestPostgresDatabase;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    database = await createTestPostgresDatabase();
    workspace = await createTestWorkspace();
  });
  afterAll(async () => {
    await database?.drop();
    await workspace?.cleanup();
  });

  it('applies every migration once, even when two runners start at the same time', async () => {
    const migrations = await loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const open = () => openDatabase({ databaseUrl: database.url, workspaceDir: workspace.dir });
    const [a, b] = await Promise.all([open(), open()]);
    await Promise.all([a.close(), b.close()]);

    const rows = await appliedNames(database.url);
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
    expect(rows.map((row) => row.checksum)).toEqual(migrations.map((m) => m.checksum));
    expect(
      rows.every((row) => row.finished_at instanceof Date && row.applied_steps_count === 1),
    ).toBe(true);
  });

  it('applies nothing the second time', async () => {
    const result = await withClient(database.url, (client) => migrate(pgExecutor(client)));
    expect(result.applied).toEqual([]);
  });

  it('applies only the migrations that are new', async () => {
    const extra: Migration = {
      name: '99990101000000_extra',
      sql: 'CREATE TABLE "extra" ("id" INTEGER PRIMARY KEY);',
      checksum: 'e'.repeat(64),
    };
    const migrations = [...(await loadMigrations()), extra];
    const result = await withClient(database.url, (client) =>
      migrate(pgExecutor(client), { migrations }),
    );
    expect(result.applied).toEqual([extra.name]);
    // And the database now knows a migration the files do not: refused, as from a newer version.
    await expect(
      openDatabase({ databaseUrl: database.url, workspaceDir: workspace.dir }),
    ).rejects.toThrow(/99990101000000_extra, which this version of Arcflow does not know/);
    await withClient(database.url, async (client) => {
      await client.query(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, [extra.name]);
      await client.query('DROP TABLE "extra"');
    });
  });

  it('refuses to start when an applied migration was modified', async () => {
    const [first, ...rest] = await loadMigrations();
    const edited = { ...first!, sql: `${first!.sql}\n-- edited`, checksum: 'f'.repeat(64) };
    const attempt = withClient(database.url, (client) =>
      migrate(pgExecutor(client), { migrations: [edited, ...rest] }),
    );
    await expect(attempt).rejects.toBeInstanceOf(DatabaseError);
    await expect(attempt).rejects.toThrow(/was modified after it was applied/);
  });

  it('rolls back a migration that fails and records nothing', async () => {
    const broken: Migration = {
      name: '99990101000000_broken',
      sql: 'CREATE TABLE oops (',
      checksum: 'b'.repeat(64),
    };
    const migrations = [...(await loadMigrations()), broken];
    await expect(
      withClient(database.url, (client) => migrate(pgExecutor(client), { migrations })),
    ).rejects.toThrow(/migration 99990101000000_broken failed/);
    const rows = await appliedNames(database.url);
    expect(rows.map((row) => row.migration_name)).not.toContain(broken.name);
  });
});

describe('migrations on PGlite', () => {
  let workspace: TestWorkspace;
  beforeAll(async () => {
    workspace = await createTestWorkspace({ pglite: true });
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('records the applied migrations and applies nothing on reopen', async () => {
    const db = await PGlite.create(pgliteDataDir(workspace.dir));
    try {
      const { rows } = await db.query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
      );
      expect(rows.map((row) => row.migration_name)).toEqual(
        (await loadMigrations()).map((m) => m.name),
      );
      expect((await migrate(pgliteExecutor(db))).applied).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('applies every migration to an empty PGlite database', async () => {
    const db = await PGlite.create();
    try {
      const names = (await loadMigrations()).map((m) => m.name);
      expect((await migrate(pgliteExecutor(db))).applied).toEqual(names);
      expect((await migrate(pgliteExecutor(db))).applied).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
