import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';
import { httpClient, type ServeProcess, startServe } from './helpers/serve.ts';
import { TestWorkspace } from './helpers/workspace.ts';

const STORY = `
name: told-twice
narrative: "One run, seen from the API and from the terminal"
steps:
  - id: one
    action: shell
    beat: "The first beat lands"
    with: { run: "sleep 0.5; echo one" }
  - id: two
    action: shell
    depends_on: [one]
    beat: "The second beat lands"
    with: { run: "sleep 0.5; echo two" }
`;

describe('a run started through the API, followed in the terminal (and the reverse)', () => {
  let ws: TestWorkspace;
  let cleanup: () => Promise<void>;
  let db: TestPostgresDatabase;
  let serve: ServeProcess;

  beforeAll(async () => {
    const created = await createTestWorkspace();
    ws = new TestWorkspace(created.dir);
    cleanup = created.cleanup;
    db = await createTestPostgresDatabase();
    ws.workflow('told-twice', STORY);
    serve = await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } });
  });
  afterAll(async () => {
    await serve?.stop();
    await db?.drop();
    await cleanup?.();
  });

  const env = () => ({ DATABASE_URL: db.url });

  it('shows the same run: the service executes it, `show --follow` tells it as it happens', async () => {
    const api = httpClient(serve.url);
    const started = await api.runs.start.mutate({ workflow: 'told-twice' });
    const followed = await cli(['show', started.id, '--follow'], { cwd: ws.dir, env: env() });
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain('The first beat lands');
    expect(followed.stdout).toContain('The second beat lands');
    expect(followed.stdout).toMatch(/run [a-z0-9]+ succeeded/);

    const shown = await cliJson<RunJson>(['show', started.id, '--json'], {
      cwd: ws.dir,
      env: env(),
    });
    const fromApi = await api.runs.get.query({ runId: started.id });
    expect(shown.json.status).toBe('succeeded');
    expect(shown.json.events.map((e) => e.seq)).toEqual(fromApi.events.map((e) => e.seq));
  });

  it('lists a run started in the terminal through the API, with the same events', async () => {
    const ran = await cliJson<RunJson>(['run', 'told-twice', '--json'], {
      cwd: ws.dir,
      env: env(),
    });
    expect(ran.code).toBe(0);
    const api = httpClient(serve.url);
    const listed = await api.runs.list.query({ workflow: 'told-twice' });
    expect(listed.items.map((r) => r.id)).toContain(ran.json.id);
    const fromApi = await api.runs.get.query({ runId: ran.json.id });
    expect(fromApi.status).toBe('succeeded');
    expect(fromApi.events.map((e) => e.story.text)).toEqual(
      ran.json.events.map((e) => e.story.text),
    );
  });
});
