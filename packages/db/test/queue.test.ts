import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { runInput, startRun } from './fixtures.ts';

const LEASE_MS = 30_000;

describe.each(TEST_BACKENDS)(
  'the queue: cancel_in_progress and why runs wait, on %s',
  (backend) => {
    let test: TestDatabase;
    let store: Store;

    beforeEach(async () => {
      test = await openTestDatabase(backend);
      store = createStore(test.db.prisma);
    });
    afterEach(async () => {
      await test?.cleanup();
    });
    const start = (runId: string) => startRun(store, runId);

    it('keeps which newer run replaced a run with its cancel request, the first request only', async () => {
      const older = await store.runs.create(runInput({ concurrencyGroup: 'deploy' }));
      const newer = await store.runs.create(runInput({ concurrencyGroup: 'deploy' }));
      expect(await store.queue.unfinishedInGroup('deploy', newer.id)).toEqual([older.id]);
      expect(await store.queue.unfinishedInGroup('deploy', older.id)).toEqual([]);

      const supersededBy = { runId: newer.id, event: { kind: 'push', branch: 'main' } };
      expect(await store.runs.requestCancel(older.id, new Date(), supersededBy)).toBe(true);
      expect(await store.runs.cancelRequest(older.id)).toMatchObject({ supersededBy });
      expect((await store.runs.get(older.id))?.supersededBy).toEqual(supersededBy);
      // a later request (a person pressing cancel) does not rewrite why
      await store.runs.requestCancel(older.id, new Date(), { runId: 'other', event: {} });
      expect((await store.runs.get(older.id))?.supersededBy).toEqual(supersededBy);
      expect(await store.runs.cancelRequest(newer.id)).toBeNull();
    });

    it('lets any runner claim a run canceled in the queue, past its group, the cap and runs_on', async () => {
      const active = await store.runs.create(runInput({ concurrencyGroup: 'deploy' }));
      expect(await store.leases.claim('a', LEASE_MS, { labels: [] })).toMatchObject({
        id: active.id,
      });
      await start(active.id);
      const waiting = await store.runs.create(
        runInput({ concurrencyGroup: 'deploy', runsOn: ['gpu'] }),
      );
      expect(await store.leases.claim('b', LEASE_MS, { labels: [], maxActiveRuns: 1 })).toBeNull();

      await store.runs.requestCancel(waiting.id, new Date());
      expect(
        await store.leases.claim('b', LEASE_MS, { labels: [], maxActiveRuns: 1 }),
      ).toMatchObject({ id: waiting.id, kind: 'start' });
    });

    it('lists waiting runs, the holder of each group and active runs per workspace', async () => {
      const holder = await store.runs.create(runInput({ concurrencyGroup: 'deploy' }));
      await store.leases.claim('a', LEASE_MS);
      const queued = await store.runs.create(
        runInput({ concurrencyGroup: 'deploy', runsOn: ['gpu'] }),
      );
      expect(await store.queue.waiting()).toEqual([
        {
          id: queued.id,
          workspaceDir: queued.workspaceDir,
          concurrencyGroup: 'deploy',
          runsOn: ['gpu'],
          queuedReason: null,
          cancelRequested: false,
        },
      ]);
      expect((await store.queue.groupHolders(['deploy', 'docs'])).get('deploy')).toMatchObject({
        runId: holder.id,
      });
      expect((await store.queue.groupHolders(['docs'])).size).toBe(0);
      expect((await store.queue.activeCounts()).get(holder.workspaceDir)).toBe(1);
    });
  },
);
