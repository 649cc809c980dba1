import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, rejection, type ServeProcess, startServe } from './helpers/serve.ts';

// A runner service executes what the API re-tells: its worker claims retries and reruns.
const SHIP = `name: ship
steps:
  - id: build
    action: shell
    with: { run: "echo build >> marker.txt" }
  - id: test
    action: shell
    depends_on: [build]
    with: { run: "echo test >> marker.txt" }
  - id: deploy
    action: deploy
    depends_on: [test]
    with: { environment: staging, command: "echo deploy >> marker.txt" }
`;

let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
let api: ReturnType<typeof httpClient>;

beforeAll(async () => {
  ws = await createTestWorkspace();
  mkdirSync(join(ws.dir, '.mia', 'workflows'), { recursive: true });
  writeFileSync(join(ws.dir, '.mia', 'workflows', 'ship.yaml'), SHIP);
  db = await createTestPostgresDatabase();
  serve = await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } });
  api = httpClient(serve.url);
});

afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  await db?.drop();
  await ws?.cleanup();
});

const executions = () =>
  readFileSync(join(ws.dir, 'marker.txt'), 'utf8').split('\n').filter(Boolean).join(' ');

/** The run once it has ended after its `retold`-th re-telling began (0: its first telling). */
async function settled(runId: string, retold = 0) {
  for (const deadline = Date.now() + 60_000; ; ) {
    const run = await api.runs.get.query({ runId });
    const began = run.events.filter((e) => e.type === 'run.retold').length >= retold;
    if (began && ['succeeded', 'failed', 'canceled'].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe('re-telling through the API, executed by the runner service', () => {
  it('previews, refuses an unacknowledged deploy, then retries and reruns', async () => {
    const started = await api.runs.start.mutate({ workflow: 'ship' });
    const first = await settled(started.id);
    expect(first.status).toBe('succeeded');
    expect(executions()).toBe('build test deploy');

    const request = { kind: 'retry' as const, runId: first.id, step: 'test', downstream: true };
    const preview = await api.runs.preview.query(request);
    expect(preview.run.map((s) => [s.step, s.why, s.irreversible])).toEqual([
      ['test', 'asked for', null],
      ['deploy', 'after "test"', 'deploys'],
    ]);
    expect(preview.keep).toEqual(['build']);

    const refused = await rejection(api.runs.retell.mutate({ request }));
    expect(refused.data?.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toBe(
      `running again would repeat what already happened: "deploy" deploys (it did in run ${first.id}); nothing was started`,
    );
    expect(executions()).toBe('build test deploy');

    await api.runs.retell.mutate({ request, acknowledged: ['deploy'] });
    const retried = await settled(first.id, 1);
    expect(retried.status).toBe('succeeded');
    expect(executions()).toBe('build test deploy test deploy');
    expect(retried.steps.map((s) => [s.id, s.attempts])).toEqual([
      ['build', 1],
      ['test', 2],
      ['deploy', 2],
    ]);

    const rerun = await api.runs.retell.mutate({
      request: { kind: 'rerun', runId: first.id, only: ['build'], latest: false },
    });
    expect(rerun.id).not.toBe(first.id);
    const done = await settled(rerun.id);
    expect(done.status).toBe('succeeded');
    expect(done.retoldFrom?.runId).toBe(first.id);
    expect(executions()).toBe('build test deploy test deploy build');
  });

  it('resumes a failed run on the edited workflow: the worker switches the run to the new revision', async () => {
    const file = join(ws.dir, '.mia', 'workflows', 'mend.yaml');
    const step = (id: string, run: string, deps = '') =>
      `  - id: ${id}\n    action: shell\n${deps}    with: { run: "echo ${id} >> mend.txt${run}" }\n`;
    writeFileSync(
      file,
      `name: mend\nsteps:\n${step('a', '')}${step('gone', '')}${step('b', '; exit 1', '    depends_on: [a]\n')}`,
    );
    const started = await api.runs.start.mutate({ workflow: 'mend' });
    const failed = await settled(started.id);
    expect(failed.status).toBe('failed');

    writeFileSync(
      file,
      `name: mend\nsteps:\n${step('a', '')}${step('b', '', '    depends_on: [a]\n')}`,
    );
    const request = { kind: 'resume' as const, runId: failed.id, latest: true };
    const preview = await api.runs.preview.query(request);
    expect(preview.definitionChange?.changeCount).toBe(2);
    expect(preview.run.map((s) => s.step)).toEqual(['b']);
    expect(preview.removed).toEqual(['gone']);

    await api.runs.retell.mutate({ request });
    const resumed = await settled(failed.id, 1);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.revision).toBe(preview.definitionChange?.to);
    expect(resumed.revisionId).not.toBe(failed.revisionId);
    expect(resumed.steps.map((s) => s.id)).toEqual(['a', 'b']);
    expect(resumed.removedSteps.map((s) => s.id)).toEqual(['gone']);
    const ran = readFileSync(join(ws.dir, 'mend.txt'), 'utf8').split('\n').filter(Boolean);
    // a and gone ran once (at once, in either order), b twice
    expect([...ran].sort()).toEqual(['a', 'b', 'b', 'gone']);
  });

  it('answers bad requests with a clear message', async () => {
    const started = await api.runs.start.mutate({ workflow: 'ship' });
    await settled(started.id);
    const unknown = await rejection(
      api.runs.preview.query({ kind: 'retry', runId: started.id, step: 'tset', downstream: false }),
    );
    expect(unknown.data?.code).toBe('BAD_REQUEST');
    expect(unknown.message).toContain(`run ${started.id}: unknown step "tset"`);
    const resumeSucceeded = await rejection(
      api.runs.preview.query({ kind: 'resume', runId: started.id, latest: true }),
    );
    expect(resumeSucceeded.message).toContain('already succeeded; there is nothing to resume');
    const missing = await rejection(
      api.runs.preview.query({ kind: 'rerun', runId: 'nosuchrun', latest: false }),
    );
    expect(missing.data?.code).toBe('NOT_FOUND');
  });
});
