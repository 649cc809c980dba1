import {
  closeSync,
  mkdirSync,
  openSync,
  renameSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { openDatabase, pgliteDataDir } from '@arcflow/db';
import { createTestWorkspace, type TestWorkspace } from '@arcflow/db/testing';
import { afterEach, expect, test } from 'vitest';
import { cli } from './helpers/cli.ts';
import { runServe } from './helpers/serve.ts';

/**
 * An embedded database whose files were damaged (a disk that filled up or failed, a copy
 * taken while a runner wrote, a power cut: PGlite does not fsync) is reported at start as
 * one sentence naming the directory, the cause and how to get going again — by
 * `arcflow serve` and by every other command — never as a stack trace.
 */

const QUICK =
  'name: quick\nsteps:\n  - id: hello\n    action: shell\n    with: { run: echo hello }\n';
const EMBEDDED = { DATABASE_URL: undefined };

let workspace: TestWorkspace | undefined;
afterEach(async () => {
  await workspace?.cleanup();
  workspace = undefined;
});

async function embeddedWorkspace(): Promise<string> {
  workspace = await createTestWorkspace({ pglite: true });
  return workspace.dir;
}

async function workspaceWithRun(): Promise<string> {
  const dir = await embeddedWorkspace();
  mkdirSync(join(dir, '.mia', 'workflows'), { recursive: true });
  writeFileSync(join(dir, '.mia', 'workflows', 'quick.yaml'), QUICK);
  const run = await cli(['run', 'quick'], { cwd: dir, env: EMBEDDED });
  expect(run.code, run.stderr).toBe(0);
  return dir;
}

function damagedMessage(dataDir: string, cause: RegExp): RegExp {
  const dir = dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^arcflow: the embedded database at ${dir} is damaged \\(${cause.source}\\); move it aside .*: mv ${dir} ${dir}\\.damaged\\n$`,
  );
}

test('a garbled control file: serve and runs say the database is damaged and how to recover; the advice works', async () => {
  const dir = await embeddedWorkspace();
  const dataDir = pgliteDataDir(dir);
  const control = openSync(join(dataDir, 'global', 'pg_control'), 'r+');
  writeSync(control, Buffer.from('not a control file'), 0, 18, 16);
  closeSync(control);

  const message = damagedMessage(dataDir, /incorrect checksum in control file/);
  const runs = await cli(['runs'], { cwd: dir, env: EMBEDDED });
  expect(runs.code).toBe(2);
  expect(runs.stderr).toMatch(message);
  const serve = await runServe({ cwd: dir, env: EMBEDDED });
  expect(serve.code).toBe(2);
  expect(serve.stderr).toMatch(message);

  renameSync(dataDir, `${dataDir}.damaged`);
  const fresh = await cli(['runs'], { cwd: dir, env: EMBEDDED });
  expect(fresh.stderr).toBe('');
  expect(fresh.code).toBe(0);
});

test('a table file cut short: the start says the database is damaged, naming the file', async () => {
  const dir = await workspaceWithRun();
  const db = await openDatabase({ workspaceDir: dir });
  const [row] = await db.sql.query<{ path: string }>(`SELECT pg_relation_filepath('runs') AS path`);
  await db.close();
  truncateSync(join(pgliteDataDir(dir), row?.path ?? 'missing'), 0);

  const runs = await cli(['runs'], { cwd: dir, env: EMBEDDED });
  expect(runs.code).toBe(2);
  expect(runs.stderr).toMatch(
    damagedMessage(
      pgliteDataDir(dir),
      /could not read blocks? .* in file "base\/\d+\/\d+": read only 0 of 8192 bytes/,
    ),
  );
});
