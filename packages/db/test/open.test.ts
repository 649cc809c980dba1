import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, DatabaseError, openDatabase, pgliteDataDir } from '../src/index.ts';
import { createTestWorkspace, TEST_ADMIN_URL, type TestWorkspace } from '../src/testing.ts';
import { runInput } from './fixtures.ts';

async function openError(options: Parameters<typeof openDatabase>[0]): Promise<DatabaseError> {
  try {
    const db = await openDatabase(options);
    await db.close();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as Error).message).not.toContain('\n');
    return error as DatabaseError;
  }
  throw new Error('openDatabase succeeded');
}

describe('openDatabase errors', () => {
  let workspace: TestWorkspace;
  beforeAll(async () => {
    workspace = await createTestWorkspace();
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('says PostgreSQL cannot be reached, with the URL minus its password', async () => {
    const error = await openError({
      databaseUrl: 'postgres://postgres:secret@127.0.0.1:5499/x',
      workspaceDir: workspace.dir,
    });
    expect(error.message).toBe(
      'cannot reach PostgreSQL at postgres://postgres@127.0.0.1:5499/x: connection refused. Is the server running? Check DATABASE_URL.',
    );
    expect(error.cause).toBeDefined();
  });

  it('says the database does not exist', async () => {
    const url = new URL(TEST_ADMIN_URL);
    url.pathname = '/arcflow_no_such_database';
    const error = await openError({ databaseUrl: url.href, workspaceDir: workspace.dir });
    expect(error.message).toMatch(
      /^database "arcflow_no_such_database" does not exist on the PostgreSQL server at /,
    );
  });

  it('rejects a malformed URL', async () => {
    expect(
      (await openError({ databaseUrl: 'not a url', workspaceDir: workspace.dir })).message,
    ).toMatch(/DATABASE_URL is not a valid URL/);
    expect(
      (await openError({ databaseUrl: 'mysql://u@h/db', workspaceDir: workspace.dir })).message,
    ).toMatch(/must start with postgres:\/\//);
  });

  it('says the workspace directory is missing', async () => {
    const missing = join(workspace.dir, 'nope');
    expect((await openError({ workspaceDir: missing })).message).toBe(
      `the workspace directory ${missing} does not exist`,
    );
    const file = join(workspace.dir, 'a-file');
    await writeFile(file, '');
    expect((await openError({ workspaceDir: file })).message).toBe(
      `the workspace ${file} is not a directory`,
    );
  });

  it('says an embedded database is corrupt', async () => {
    const broken = join(workspace.dir, 'broken');
    await mkdir(pgliteDataDir(broken), { recursive: true });
    await writeFile(join(pgliteDataDir(broken), 'PG_VERSION'), 'garbage\n');
    const error = await openError({ workspaceDir: broken });
    expect(error.message).toMatch(/ is damaged \(.+\); move it aside .*: mv \S+ \S+\.damaged$/);
    // The lock is released after the failure.
    expect(existsSync(join(broken, '.mia', 'state', 'pglite.lock'))).toBe(false);
    await rm(pgliteDataDir(broken), { recursive: true });
  });
});

describe('embedded PGlite database', () => {
  let workspace: TestWorkspace;
  beforeAll(async () => {
    workspace = await createTestWorkspace({ pglite: true });
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('keeps its state across close and reopen, and is locked while open', async () => {
    const first = await openDatabase({ workspaceDir: workspace.dir });
    expect(first.kind).toBe('pglite');
    expect(first.location).toBe(pgliteDataDir(workspace.dir));
    const run = await createStore(first.prisma).runs.create(runInput());

    const locked = await openError({ workspaceDir: workspace.dir });
    expect(locked.message).toMatch(/is in use by this process/);
    await first.close();

    const second = await openDatabase({ workspaceDir: workspace.dir });
    try {
      expect((await createStore(second.prisma).runs.get(run.id))?.id).toBe(run.id);
    } finally {
      await second.close();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    await writeFile(join(workspace.dir, '.mia', 'state', 'pglite.lock'), '999999999');
    const db = await openDatabase({ workspaceDir: workspace.dir });
    await db.close();
  });
});

describe('PostgreSQL', () => {
  it('reports its location without the password', async () => {
    const { createTestPostgresDatabase } = await import('../src/testing.ts');
    const database = await createTestPostgresDatabase();
    const workspace = await createTestWorkspace();
    try {
      const url = new URL(database.url);
      url.password = 'hunter2';
      const db = await openDatabase({ databaseUrl: url.href, workspaceDir: workspace.dir });
      expect(db.kind).toBe('postgres');
      expect(db.location).not.toContain('hunter2');
      expect(db.location).toContain(database.name);
      await db.close();
    } finally {
      await database.drop();
      await workspace.cleanup();
    }
  });
});
