import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.ts';
import { childEnv } from './helpers/env.ts';
import type { RunJson } from './helpers/run-json.ts';
import { type ServeProcess, startServe } from './helpers/serve.ts';

// Downloading an artifact from a team runner: the same sign-in and roles as the API.

const BIN = join(import.meta.dirname, '../bin/arcflow.mjs');
const BUILD = `
name: build
steps:
  - id: build
    action: shell
    with: { run: "mkdir -p dist && printf 'team build' > dist/out.txt" }
    artifacts: [dist/out.txt]
`;

let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
let env: Record<string, string>;

async function addUser(name: string, role: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [BIN, 'user', 'add', name, '--role', role, '--password-stdin'],
    {
      cwd: ws.dir,
      env: childEnv({ NO_COLOR: '1', ...env }),
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  child.stdin.end('correct horse battery');
  expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
}

beforeAll(async () => {
  ws = await createTestWorkspace();
  db = await createTestPostgresDatabase();
  env = { DATABASE_URL: db.url };
  await addUser('root', 'admin');
  await addUser('vic', 'viewer');
  serve = await startServe({ cwd: ws.dir, args: ['--team'], env });
});

afterAll(async () => {
  await serve?.stop();
  await db?.drop();
  await ws?.cleanup();
});

describe('artifact downloads in team mode', () => {
  it('need a signed-in viewer', async () => {
    mkdirSync(join(ws.dir, '.mia', 'workflows'), { recursive: true });
    writeFileSync(join(ws.dir, '.mia', 'workflows', 'build.yaml'), BUILD);
    const ran = await cliJson<RunJson>(['run', 'build', '--json'], { cwd: ws.dir, env });
    expect(ran.code, ran.stderr).toBe(0);
    const listed = await cliJson<Array<{ downloadPath: string }>>(
      ['artifacts', ran.json.id, '--json'],
      {
        cwd: ws.dir,
        env,
      },
    );
    const url = `${serve.url}${listed.json[0]?.downloadPath}`;

    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'sign in first' });
    const forged = await fetch(url, { headers: { authorization: 'Bearer arc_not-a-token' } });
    expect(forged.status).toBe(401);

    const created = await cli(['token', 'create', '--user', 'vic'], { cwd: ws.dir, env });
    expect(created.code, created.stderr).toBe(0);
    const viewer = await fetch(url, {
      headers: { authorization: `Bearer ${created.stdout.trim()}` },
    });
    expect(viewer.status).toBe(200);
    expect(await viewer.text()).toBe('team build');
  });
});
