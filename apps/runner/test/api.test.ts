import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter, RunEventMessage } from '../src/index.ts';
import { httpClient, type ServeProcess, startServe, wsClient } from './helpers/serve.ts';

const STEPS = 5;
const slowYaml = (name: string) =>
  [
    `name: ${name}`,
    'narrative: "Beats arrive one after another"',
    'steps:',
    ...Array.from({ length: STEPS }, (_, i) => [
      `  - id: s${i + 1}`,
      '    action: shell',
      `    with: { run: "echo line-${i + 1}; sleep 0.3" }`,
      ...(i > 0 ? [`    depends_on: [s${i}]`] : []),
    ]).flat(),
    '',
  ].join('\n');

const quickYaml = `name: quick
narrative: "A short tale"
steps:
  - id: hello
    action: shell
    beat: "Hello is said"
    with: { run: "echo hello from quick; echo oops >&2" }
`;

let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
let api: ReturnType<typeof httpClient>;
/** The revision `workflows.save` recorded for quick, which its runs are pinned to. */
let quickRevisionId: string;

beforeAll(async () => {
  ws = await createTestWorkspace();
  db = await createTestPostgresDatabase();
  serve = await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } });
  api = httpClient(serve.url);
});

afterAll(async () => {
  const code = await serve?.stop();
  expect(code).toBe(0);
  await db?.drop();
  await ws?.cleanup();
});

function trpcError(error: unknown): TRPCClientError<AppRouter> {
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<AppRouter>;
}

async function rejection(promise: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await promise;
  } catch (error) {
    return trpcError(error);
  }
  throw new Error('expected the call to fail');
}

async function waitForRun(runId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await api.runs.get.query({ runId });
    if (['succeeded', 'failed', 'canceled'].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('auth', () => {
  it('takes every caller in local mode for the local person, an admin', async () => {
    const me = await api.auth.me.query();
    expect(me).toMatchObject({ mode: 'local', actor: { kind: 'local', role: 'admin' } });
    expect(me.actor?.name).toMatch(/\S/);
  });
});

describe('workflows', () => {
  it('validates YAML with located diagnostics', async () => {
    const ok = await api.workflows.validate.mutate({ yaml: quickYaml });
    expect(ok).toEqual({ valid: true, diagnostics: [] });
    const bad = await api.workflows.validate.mutate({
      yaml: 'name: bad\nsteps:\n  - id: a\n    action: no-such-action\n',
      file: 'bad.yaml',
    });
    expect(bad.valid).toBe(false);
    expect(bad.diagnostics[0]).toMatchObject({ file: 'bad.yaml', line: 4, code: 'unknown-action' });
  });

  it('saves a valid workflow, and lists and gets it with its graph', async () => {
    const saved = await api.workflows.save.mutate({
      name: 'quick',
      yaml: quickYaml,
      message: 'a first tale',
    });
    expect(saved).toEqual({
      saved: true,
      file: join('.mia', 'workflows', 'quick.yaml'),
      revision: {
        id: expect.any(String),
        shortId: expect.stringMatching(/^[0-9a-f]{8}$/),
        created: true,
      },
    });
    quickRevisionId = saved.revision.id;
    // the same content saved again is the same revision
    const again = await api.workflows.save.mutate({ name: 'quick', yaml: quickYaml });
    expect(again.revision).toEqual({ ...saved.revision, created: false });
    expect(readFileSync(join(ws.dir, '.mia/workflows/quick.yaml'), 'utf8')).toBe(quickYaml);
    await api.workflows.save.mutate({ name: 'slow', yaml: slowYaml('slow') });

    const list = await api.workflows.list.query();
    const quick = list.find((w) => w.name === 'quick');
    expect(quick).toMatchObject({ origin: 'workspace', valid: true, steps: 1, lastRun: null });
    expect(list.find((w) => w.name === 'first-arc')).toMatchObject({ origin: 'template' });

    const slow = await api.workflows.get.query({ name: 'slow' });
    expect(slow.yaml).toBe(slowYaml('slow'));
    expect(slow.graph.nodes.map((n) => [n.id, n.level])).toEqual([
      ['s1', 0],
      ['s2', 1],
      ['s3', 2],
      ['s4', 3],
      ['s5', 4],
    ]);
    expect(slow.graph.edges).toContainEqual({ from: 's1', to: 's2' });
    expect(slow.graph.criticalPath).toEqual(['s1', 's2', 's3', 's4', 's5']);

    const missing = await rejection(api.workflows.get.query({ name: 'nope' }));
    expect(missing.data?.code).toBe('NOT_FOUND');
  });

  it('refuses invalid YAML, a name that differs, and names that leave the folder', async () => {
    const invalid = await rejection(
      api.workflows.save.mutate({
        name: 'broken',
        yaml: 'name: broken\nsteps:\n  - id: a\n    action: nope\n',
      }),
    );
    expect(invalid.data?.code).toBe('BAD_REQUEST');
    expect(invalid.message).toMatch(/broken\.yaml:4:\d+: .*nope/);
    expect(invalid.data?.diagnostics?.[0]).toMatchObject({ line: 4, code: 'unknown-action' });

    const renamed = await rejection(api.workflows.save.mutate({ name: 'other', yaml: quickYaml }));
    expect(renamed.data?.code).toBe('BAD_REQUEST');
    expect(renamed.message).toMatch(/"quick"/);

    for (const name of ['../evil', 'a/b', '..', '.hidden', '/etc/evil', 'UPPER', 'a'.repeat(101)]) {
      const escaped = await rejection(
        api.workflows.save.mutate({
          name,
          yaml: quickYaml.replace('name: quick', `name: ${name}`),
        }),
      );
      expect(escaped.data?.code, name).toBe('BAD_REQUEST');
    }
    expect(existsSync(join(ws.dir, '.mia/evil.yaml'))).toBe(false);
    expect(readdirSync(join(ws.dir, '.mia/workflows')).sort()).toEqual(['quick.yaml', 'slow.yaml']);
  });

  it('serves the JSON Schema of the format', async () => {
    const schema = (await api.workflows.jsonSchema.query()) as { properties?: object };
    expect(schema.properties).toHaveProperty('steps');
  });
});

describe('templates', () => {
  it('lists templates and customizes one into the workspace, refusing to overwrite', async () => {
    const templates = await api.templates.list.query();
    expect(templates.map((t) => t.name)).toContain('first-arc');

    const copied = await api.templates.customize.mutate({ template: 'first-arc', as: 'my-arc' });
    expect(copied).toEqual({
      name: 'my-arc',
      template: 'first-arc',
      file: join('.mia', 'workflows', 'my-arc.yaml'),
      revision: { id: expect.any(String), shortId: expect.stringMatching(/^[0-9a-f]{8}$/) },
    });
    expect(readFileSync(join(ws.dir, copied.file), 'utf8')).toMatch(/^name: my-arc$/m);
    // the customisation is the workflow's first revision
    const history = await api.workflows.history.query({ name: 'my-arc' });
    expect(history.revisions.map((r) => [r.id, r.message])).toEqual([
      [copied.revision.id, 'customised from the first-arc template'],
    ]);
    expect((await api.workflows.get.query({ name: 'my-arc' })).origin).toBe('workspace');

    const again = await rejection(
      api.templates.customize.mutate({ template: 'first-arc', as: 'my-arc' }),
    );
    expect(again.data?.code).toBe('BAD_REQUEST');
    expect(again.message).toMatch(/already exists/);
    await api.templates.customize.mutate({ template: 'first-arc', as: 'my-arc', overwrite: true });

    const unknown = await rejection(api.templates.customize.mutate({ template: 'no-such' }));
    expect(unknown.message).toMatch(/no template named "no-such"/);
  });
});

// These need the worker loop (apps/runner/src/worker/worker-loop.ts) to execute runs.
describe('runs', () => {
  it('starts a run that the worker executes, with its logs', async () => {
    const started = await api.runs.start.mutate({ workflow: 'quick' });
    expect(started).toMatchObject({ workflow: 'quick', status: 'queued' });
    const run = await waitForRun(started.id);
    expect(run.status).toBe('succeeded');
    expect(run.steps[0]).toMatchObject({ id: 'hello', status: 'succeeded', attempts: 1 });
    expect(run.revisionId).toBe(quickRevisionId);
    expect(run.events[0]).toMatchObject({
      seq: 1,
      type: 'run.started',
      story: { kind: 'exposition' },
    });
    expect(run.events.at(-1)?.type).toBe('run.succeeded');

    const logs = await api.runs.logs.query({ runId: run.id, stepId: 'hello' });
    const text = logs.lines.map((l) => l.text).join('');
    expect(text).toContain('hello from quick');
    expect(logs.lines.some((l) => l.stream === 'stderr' && l.text.includes('oops'))).toBe(true);
    expect(logs.lines[0]).toMatchObject({ id: expect.stringMatching(/^\d+$/), attempt: 1 });
    expect(logs.nextAfterId).toBe(logs.lines.at(-1)?.id);
    const after = await api.runs.logs.query({
      runId: run.id,
      stepId: 'hello',
      afterId: logs.nextAfterId!,
    });
    expect(after.lines).toEqual([]);

    const events = await api.runs.events.query({ runId: run.id, afterSeq: 1, limit: 2 });
    expect(events.map((e) => e.seq)).toEqual([2, 3]);

    const list = await api.workflows.list.query();
    expect(list.find((w) => w.name === 'quick')?.lastRun).toMatchObject({
      id: run.id,
      status: 'succeeded',
    });
  });

  it('reports unknown runs as NOT_FOUND and bad requests as BAD_REQUEST', async () => {
    expect((await rejection(api.runs.get.query({ runId: 'zzzzzzzzz' }))).data?.code).toBe(
      'NOT_FOUND',
    );
    expect((await rejection(api.runs.resume.mutate({ runId: 'zzzzzzzzz' }))).data?.code).toBe(
      'NOT_FOUND',
    );
    expect((await rejection(api.runs.get.query({ runId: '../x' }))).data?.code).toBe('BAD_REQUEST');
    const missingInput = await rejection(api.runs.start.mutate({ workflow: 'no-such-workflow' }));
    expect(missingInput.data?.code).toBe('BAD_REQUEST');
    expect(missingInput.message).toMatch(/no workflow named "no-such-workflow"/);
  });

  it('pages through runs with a cursor, newest first', async () => {
    await api.workflows.save.mutate({
      name: 'paged',
      yaml: 'name: paged\nsteps:\n  - id: a\n    action: noop\n',
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api.runs.start.mutate({ workflow: 'paged' })).id);

    const seen: string[] = [];
    let cursor: { createdAt: string; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await api.runs.list.query({ workflow: 'paged', limit: 2, cursor });
      seen.push(...result.items.map((r) => r.id));
      expect(result.items.length).toBeLessThanOrEqual(2);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    const tooMany = await rejection(api.runs.list.query({ limit: 201 }));
    expect(tooMany.data?.code).toBe('BAD_REQUEST');
  });
});

describe('runs.onEvent over WebSocket', () => {
  it('resumes after a disconnect with afterSeq: every event exactly once, in order', async () => {
    await api.workflows.save.mutate({ name: 'slow-follow', yaml: slowYaml('slow-follow') });
    const { id: runId } = await api.runs.start.mutate({ workflow: 'slow-follow' });

    const received: RunEventMessage[] = [];
    const first = wsClient(serve.url);
    await new Promise<void>((resolve, reject) => {
      const sub = first.trpc.runs.onEvent.subscribe(
        { runId },
        {
          onData: ({ data }) => {
            received.push(data);
            if (received.length === 3) {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    first.close();
    const lastSeen = received.at(-1)!.event.seq;
    // Let more of the story happen while nobody listens.
    await new Promise((resolve) => setTimeout(resolve, 700));

    const second = wsClient(serve.url);
    await new Promise<void>((resolve, reject) => {
      const sub = second.trpc.runs.onEvent.subscribe(
        { runId, afterSeq: lastSeen },
        {
          onData: ({ id, data }) => {
            expect(id).toBe(`${runId}:${data.event.seq}`);
            received.push(data);
            if (data.event.type === 'run.succeeded' || data.event.type === 'run.failed') {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    second.close();

    const all = await api.runs.events.query({ runId, limit: 200 });
    expect(all.at(-1)?.type).toBe('run.succeeded');
    expect(received.map((m) => m.event.seq)).toEqual(all.map((e) => e.seq));
    expect(received.map((m) => m.event.seq)).toEqual(
      Array.from({ length: all.length }, (_, i) => i + 1),
    );
    expect(received.every((m) => m.runId === runId)).toBe(true);
    expect(received.map((m) => m.event)).toEqual(all);
  });

  it('streams every run from the moment of subscribing when no runId is given', async () => {
    const client = wsClient(serve.url);
    const received: RunEventMessage[] = [];
    let runId: string | undefined;
    await new Promise<void>((resolve, reject) => {
      const sub = client.trpc.runs.onEvent.subscribe(undefined, {
        onStarted: () => {
          void api.runs.start.mutate({ workflow: 'quick' }).then((run) => {
            runId = run.id;
          }, reject);
        },
        onData: ({ data }) => {
          received.push(data);
          if (data.runId === runId && data.event.type === 'run.succeeded') {
            sub.unsubscribe();
            resolve();
          }
        },
        onError: reject,
      });
    });
    client.close();
    const mine = received.filter((m) => m.runId === runId).map((m) => m.event.seq);
    expect(mine).toEqual(Array.from({ length: mine.length }, (_, i) => i + 1));
  });

  it('streams log lines of a step, existing ones first', async () => {
    const { id: runId } = await api.runs.start.mutate({ workflow: 'slow-follow' });
    const client = wsClient(serve.url);
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = client.trpc.runs.onLog.subscribe(
        { runId, stepId: 's3' },
        {
          onData: ({ data }) => {
            lines.push(data.text);
            if (lines.join('').includes('line-3')) {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    client.close();
    expect(lines.join('')).toContain('line-3');
    await waitForRun(runId);
  });
});
