import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, rejection, type ServeProcess, startServe } from './helpers/serve.ts';

// workflows.history / revision / restore: what the editor's history panel, diff and restore
// ask of the runner, against a real runner and PostgreSQL.

const V1 = `name: tale
narrative: "A tale told once"
steps:
  - id: once
    action: noop
`;
const V2 = V1.replace('told once', 'told twice');

let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
let api: ReturnType<typeof httpClient>;

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

async function waitForRun(runId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await api.runs.get.query({ runId });
    if (['succeeded', 'failed', 'canceled'].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const workspaceFile = (name: string) => join(ws.dir, '.mia', 'workflows', `${name}.yaml`);

describe('workflow history over the API', () => {
  let first: { id: string; shortId: string };
  let second: { id: string; shortId: string };
  let runId: string;

  it('lists revisions newest first with their messages and runs', async () => {
    first = (await api.workflows.save.mutate({ name: 'tale', yaml: V1, message: 'first telling' }))
      .revision;
    const run = await api.runs.start.mutate({ workflow: 'tale' });
    runId = run.id;
    await waitForRun(runId);
    second = (await api.workflows.save.mutate({ name: 'tale', yaml: V2, message: 'told again' }))
      .revision;

    const history = await api.workflows.history.query({ name: 'tale' });
    expect(history.name).toBe('tale');
    expect(history.file).toBe(join('.mia', 'workflows', 'tale.yaml'));
    expect(history.revisions.map((r) => [r.shortId, r.message, r.runCount])).toEqual([
      [second.shortId, 'told again', 0],
      [first.shortId, 'first telling', 1],
    ]);
    // The file on disk is the newest revision.
    expect(history.currentHash).toBe(history.revisions[0]?.hash);
    expect(history.revisions[1]?.runs).toEqual([
      { id: runId, status: 'succeeded', createdAt: expect.any(String) },
    ]);
    expect(history.revisions[0]).toMatchObject({
      id: second.id,
      createdBy: expect.any(String),
      createdAt: expect.any(String),
      runs: [],
    });
    expect(await api.workflows.history.query({ name: 'tale', limit: 1 })).toMatchObject({
      revisions: [{ id: second.id }],
    });
  });

  it('gives one revision by short id or id, with its YAML', async () => {
    const byShort = await api.workflows.revision.query({ name: 'tale', ref: first.shortId });
    expect(byShort).toMatchObject({
      name: 'tale',
      id: first.id,
      shortId: first.shortId,
      message: 'first telling',
      yaml: V1,
    });
    const byId = await api.workflows.revision.query({ name: 'tale', ref: second.id });
    expect(byId.yaml).toBe(V2);
  });

  it('says NOT_FOUND for an unknown revision or workflow, and BAD_REQUEST for a bad name', async () => {
    const unknown = await rejection(
      api.workflows.revision.query({ name: 'tale', ref: 'abcdef12' }),
    );
    expect(unknown.data?.code).toBe('NOT_FOUND');
    expect(unknown.message).toBe('tale has no revision "abcdef12"');

    const restoreUnknown = await rejection(
      api.workflows.restore.mutate({ name: 'tale', ref: 'abcdef12' }),
    );
    expect(restoreUnknown.data?.code).toBe('NOT_FOUND');
    expect(restoreUnknown.message).toBe('tale has no revision "abcdef12"');
    // Nothing was written.
    expect(readFileSync(workspaceFile('tale'), 'utf8')).toBe(V2);

    const noWorkflow = await rejection(api.workflows.history.query({ name: 'no-such-tale' }));
    expect(noWorkflow.data?.code).toBe('NOT_FOUND');
    expect(noWorkflow.message).toBe('no workflow named "no-such-tale"');

    const badName = await rejection(api.workflows.history.query({ name: '../etc' }));
    expect(badName.data?.code).toBe('BAD_REQUEST');
  });

  it('restores a revision: writes the file and records it, never rewriting history', async () => {
    const restored = await api.workflows.restore.mutate({ name: 'tale', ref: first.shortId });
    expect(restored).toMatchObject({
      restored: true,
      file: join('.mia', 'workflows', 'tale.yaml'),
      yaml: V1,
      restoredFrom: { id: first.id, shortId: first.shortId },
    });
    expect(readFileSync(workspaceFile('tale'), 'utf8')).toBe(V1);
    // Restoring is a new revision with the older content: history only grows.
    expect(restored.revision).toMatchObject({
      created: true,
      shortId: first.shortId,
      message: `restored ${first.shortId}`,
    });
    expect(restored.revision.id).not.toBe(first.id);

    const history = await api.workflows.history.query({ name: 'tale' });
    expect(history.revisions.map((r) => r.id)).toEqual([restored.revision.id, second.id, first.id]);
    expect(history.revisions.map((r) => r.message)).toEqual([
      `restored ${first.shortId}`,
      'told again',
      'first telling',
    ]);
    // …and the current file is that older revision's content.
    expect(history.currentHash?.startsWith(first.shortId)).toBe(true);
    // A run now is pinned to the restoring revision.
    const run = await api.runs.start.mutate({ workflow: 'tale' });
    expect((await waitForRun(run.id)).revisionId).toBe(restored.revision.id);
    // Restoring the content the workflow has is not a new revision.
    const again = await api.workflows.restore.mutate({ name: 'tale', ref: first.shortId });
    expect(again.revision).toMatchObject({ id: restored.revision.id, created: false });
  });

  it('records a hand-edited file before a restore overwrites it', async () => {
    const edited = V2.replace('told twice', 'told by hand');
    writeFileSync(workspaceFile('tale'), edited);
    await api.workflows.restore.mutate({ name: 'tale', ref: second.shortId });
    expect(readFileSync(workspaceFile('tale'), 'utf8')).toBe(V2);
    const history = await api.workflows.history.query({ name: 'tale' });
    expect(history.revisions.slice(0, 2).map((r) => r.message)).toEqual([
      `restored ${second.shortId}`,
      `before restoring ${second.shortId}`,
    ]);
    const kept = await api.workflows.revision.query({
      name: 'tale',
      ref: history.revisions[1]!.shortId,
    });
    expect(kept.yaml).toBe(edited);
    expect(history.currentHash?.startsWith(second.shortId)).toBe(true);
  });

  it('restores a revision of a workflow whose file is gone, or that was a template', async () => {
    // A customised template saved once, then its workspace file removed: it is the
    // template again, and restoring makes the saved content the workspace's own.
    const template = await api.workflows.get.query({ name: 'first-arc' });
    expect(template.origin).toBe('template');
    const mine = template.yaml.replace(/^narrative:.*$/m, 'narrative: "My own arc"');
    const saved = await api.workflows.save.mutate({
      name: 'first-arc',
      yaml: mine,
      message: 'mine',
    });
    rmSync(workspaceFile('first-arc'));
    expect((await api.workflows.get.query({ name: 'first-arc' })).origin).toBe('template');
    const before = await api.workflows.history.query({ name: 'first-arc' });
    expect(before.file).toBe('templates/first-arc.yaml');
    expect(before.currentHash).not.toBe(before.revisions[0]?.hash);

    await api.workflows.restore.mutate({ name: 'first-arc', ref: saved.revision.shortId });
    expect(existsSync(workspaceFile('first-arc'))).toBe(true);
    const after = await api.workflows.get.query({ name: 'first-arc' });
    expect(after).toMatchObject({ origin: 'workspace', yaml: mine });
    const history = await api.workflows.history.query({ name: 'first-arc' });
    expect(history.currentHash).toBe(history.revisions[0]?.hash);
  });
});
