import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmbiguousRevisionError, createStore, revisionHash, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { runInput } from './fixtures.ts';

const scope = { workspaceDir: '/tmp/ws-revisions', workflowName: 'feature-delivery' };
const v1 = 'name: feature-delivery\nsteps: []\n';
const v2 = 'name: feature-delivery\n# changed\nsteps: []\n';

describe.each(TEST_BACKENDS)('workflow revisions on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it('records a revision once per content, keeping the first author and message', async () => {
    const first = await store.revisions.record({
      ...scope,
      yaml: v1,
      createdBy: 'ana',
      message: 'first',
    });
    expect(first.created).toBe(true);
    expect(first.revision).toMatchObject({
      ...scope,
      hash: revisionHash(v1),
      shortId: revisionHash(v1).slice(0, 8),
      yaml: v1,
      createdBy: 'ana',
      message: 'first',
    });
    const again = await store.revisions.record({ ...scope, yaml: v1, createdBy: 'bo' });
    expect(again).toEqual({ revision: first.revision, created: false });

    // The same content in another workspace or under another name is another revision.
    const elsewhere = await store.revisions.record({
      ...scope,
      workspaceDir: '/tmp/other',
      yaml: v1,
      createdBy: 'ana',
    });
    expect(elsewhere.created).toBe(true);
    expect(elsewhere.revision.id).not.toBe(first.revision.id);
  });

  it('going back to an earlier content is a new revision; the history only grows', async () => {
    const s = { ...scope, workflowName: 'restored' };
    const a = (await store.revisions.record({ ...s, yaml: v1, createdBy: 'ana' })).revision;
    const b = (await store.revisions.record({ ...s, yaml: v2, createdBy: 'ana' })).revision;
    const back = await store.revisions.record({
      ...s,
      yaml: v1,
      createdBy: 'bo',
      message: `restored ${a.shortId}`,
    });
    expect(back.created).toBe(true);
    expect(back.revision).toMatchObject({ hash: a.hash, message: `restored ${a.shortId}` });
    const history = await store.revisions.list(s);
    expect(history.map((r) => r.id)).toEqual([back.revision.id, b.id, a.id]);
    // a short id names the content: its newest revision
    expect((await store.revisions.get(s, a.shortId))?.id).toBe(back.revision.id);
    // recording the current content again is still not a new revision
    const again = await store.revisions.record({ ...s, yaml: v1, createdBy: 'cy' });
    expect(again).toEqual({ revision: back.revision, created: false });
  });

  it('records one revision when several processes record the same change at once', async () => {
    const s = { ...scope, workflowName: 'raced' };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => store.revisions.record({ ...s, yaml: v2, createdBy: 'ana' })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.revision.id)).size).toBe(1);
  });

  it('lists revisions newest first with how many runs ran each', async () => {
    const s = { ...scope, workflowName: 'listed' };
    const a = (await store.revisions.record({ ...s, yaml: v1, createdBy: 'ana' })).revision;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const b = (await store.revisions.record({ ...s, yaml: v2, createdBy: 'bo', message: 'tweak' }))
      .revision;
    await store.runs.create(
      runInput({ workspaceDir: s.workspaceDir, workflowName: s.workflowName, revisionId: a.id }),
    );
    await store.runs.create(
      runInput({ workspaceDir: s.workspaceDir, workflowName: s.workflowName, revisionId: a.id }),
    );
    const run = await store.runs.create(
      runInput({ workspaceDir: s.workspaceDir, workflowName: s.workflowName, revisionId: b.id }),
    );
    expect(run.revisionId).toBe(b.id);
    expect((await store.runs.get(run.id))?.revisionId).toBe(b.id);

    const list = await store.revisions.list(s);
    expect(list.map((r) => [r.id, r.runCount, r.createdBy, r.message])).toEqual([
      [b.id, 1, 'bo', 'tweak'],
      [a.id, 2, 'ana', null],
    ]);
    expect(await store.revisions.list({ ...s, workflowName: 'nothing' })).toEqual([]);
  });

  it("gives each revision's latest runs, newest first and bounded, beside its run count", async () => {
    const s = { ...scope, workflowName: 'with-runs' };
    const a = (await store.revisions.record({ ...s, yaml: v1, createdBy: 'ana' })).revision;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const b = (await store.revisions.record({ ...s, yaml: v2, createdBy: 'bo' })).revision;
    const runOf = (revisionId: string) =>
      store.runs.create(
        runInput({ workspaceDir: s.workspaceDir, workflowName: s.workflowName, revisionId }),
      );
    const aRuns = [];
    for (let i = 0; i < 3; i++) {
      aRuns.push(await runOf(a.id));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }

    const history = await store.revisions.history(s, { runs: 2 });
    expect(history.map((r) => [r.id, r.runCount, r.runs.map((run) => run.id)])).toEqual([
      [b.id, 0, []],
      [a.id, 3, [aRuns[2]!.id, aRuns[1]!.id]],
    ]);
    expect(history[1]?.runs[0]).toEqual({
      id: aRuns[2]!.id,
      status: 'queued',
      createdAt: aRuns[2]!.createdAt,
    });
    expect(history[1]).toMatchObject({ shortId: a.shortId, yaml: v1, createdBy: 'ana' });
    expect(await store.revisions.history(s, { limit: 1 })).toHaveLength(1);
    expect(await store.revisions.history({ ...s, workflowName: 'nothing' })).toEqual([]);
  });

  it('keeps runs without a revision valid', async () => {
    const run = await store.runs.create(runInput());
    expect(run.revisionId).toBeNull();
  });

  it('gets a revision by id or hash prefix, within its workflow', async () => {
    const s = { ...scope, workflowName: 'gotten' };
    const { revision } = await store.revisions.record({ ...s, yaml: v1, createdBy: 'ana' });
    expect(await store.revisions.get(s, revision.id)).toEqual(revision);
    expect(await store.revisions.get(s, revision.shortId)).toEqual(revision);
    expect(await store.revisions.get(s, revision.hash.slice(0, 4).toUpperCase())).toEqual(revision);
    expect(await store.revisions.get(s, revision.hash.slice(0, 3))).toBeNull();
    expect(await store.revisions.get(s, 'not-a-hash')).toBeNull();
    expect(await store.revisions.get({ ...s, workflowName: 'other' }, revision.shortId)).toBeNull();
  });

  it('refuses a prefix that matches several revisions', async () => {
    const s = { ...scope, workflowName: 'ambiguous' };
    // Two texts whose hashes share their first four digits (a birthday search: ~300 tries).
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const text = `name: ambiguous\n# ${i}\n`;
      const prefix = revisionHash(text).slice(0, 4);
      const other = seen.get(prefix);
      if (other) pair = [other, text];
      else seen.set(prefix, text);
    }
    for (const yaml of pair) await store.revisions.record({ ...s, yaml, createdBy: 'ana' });
    const prefix = revisionHash(pair[0]).slice(0, 4);
    await expect(store.revisions.get(s, prefix)).rejects.toBeInstanceOf(AmbiguousRevisionError);
  });
});
