import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, openDatabase, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { runInput, startRun } from './fixtures.ts';

const LEASE_MS = 30_000;

describe.each(TEST_BACKENDS)('claiming runs by labels, groups and a cap on %s', (backend) => {
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

  it('stores the trigger event, group, labels and queued reason of a run', async () => {
    const run = await store.runs.create(
      runInput({
        event: { kind: 'push', branch: 'main', sha: 'abc123' },
        concurrencyGroup: 'deploy-main',
        runsOn: ['linux', 'gpu'],
        queuedReason: 'waiting for a runner with labels gpu',
      }),
    );
    expect(await store.runs.get(run.id)).toMatchObject({
      event: { kind: 'push', branch: 'main', sha: 'abc123' },
      concurrencyGroup: 'deploy-main',
      runsOn: ['linux', 'gpu'],
      queuedReason: 'waiting for a runner with labels gpu',
    });
    const [summary] = await store.runs.list();
    expect(summary).toMatchObject({ concurrencyGroup: 'deploy-main', runsOn: ['linux', 'gpu'] });
    const plain = await store.runs.create(runInput());
    expect(plain).toMatchObject({ event: null, concurrencyGroup: null, runsOn: [] });
  });

  it('gives a run only to a runner carrying all its labels, and clears its queued reason', async () => {
    const gpu = await store.runs.create(runInput({ runsOn: ['gpu'] }));
    await store.runs.setQueuedReason(gpu.id, 'waiting for a runner with labels gpu');
    const any = await store.runs.create(runInput());
    expect(await store.leases.claim('cpu-runner', LEASE_MS, { labels: ['linux'] })).toMatchObject({
      id: any.id,
    });
    expect(await store.leases.claim('cpu-runner', LEASE_MS, { labels: ['linux'] })).toBeNull();
    expect((await store.runs.get(gpu.id))?.queuedReason).toBe(
      'waiting for a runner with labels gpu',
    );
    expect(
      await store.leases.claim('gpu-runner', LEASE_MS, { labels: ['linux', 'gpu'] }),
    ).toMatchObject({ id: gpu.id, kind: 'start' });
    expect(await store.runs.get(gpu.id)).toMatchObject({
      queuedReason: null,
      leaseOwner: 'gpu-runner',
    });
    // A queued reason is for queued runs only.
    await start(gpu.id);
    expect(await store.runs.setQueuedReason(gpu.id, 'late')).toBe(false);
  });

  it('without labels, claims as before whatever the runs ask for', async () => {
    const gpu = await store.runs.create(runInput({ runsOn: ['gpu'] }));
    expect(await store.leases.claim('old-runner', LEASE_MS)).toMatchObject({ id: gpu.id });
  });

  it('starts one run of a concurrency group at a time, oldest first, others meanwhile', async () => {
    const first = await store.runs.create(runInput({ concurrencyGroup: 'deploy-main' }));
    const second = await store.runs.create(runInput({ concurrencyGroup: 'deploy-main' }));
    const other = await store.runs.create(runInput({ concurrencyGroup: 'deploy-dev' }));
    expect(await store.leases.claim('a', LEASE_MS)).toMatchObject({ id: first.id });
    // `first` is only leased (not yet running): its group is already taken.
    expect(await store.leases.claim('b', LEASE_MS)).toMatchObject({ id: other.id });
    expect(await store.leases.claim('b', LEASE_MS)).toBeNull();
    await start(first.id);
    expect(await store.leases.claim('b', LEASE_MS)).toBeNull();
    await store.events.commit(first.id, { run: { status: 'succeeded' }, events: [] });
    await store.leases.release(first.id, 'a');
    expect(await store.leases.claim('b', LEASE_MS)).toMatchObject({ id: second.id });
  });

  it('adopts a group run whose runner died even though the group is taken by it', async () => {
    const run = await store.runs.create(
      runInput({ concurrencyGroup: 'g', lease: { owner: 'dead', ttlMs: 1 } }),
    );
    await start(run.id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.leases.claim('a', LEASE_MS)).toMatchObject({ id: run.id, kind: 'adopt' });
  });

  it('starts no run past the cap on active runs, but still adopts', async () => {
    const running = await store.runs.create(runInput({ lease: { owner: 'dead', ttlMs: 1 } }));
    await start(running.id);
    const queued = await store.runs.create(runInput());
    const elsewhere = await store.runs.create(runInput({ workspaceDir: '/tmp/other' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cap = { maxActiveRuns: 1 };
    // `running` counts against the cap of /tmp/ws; its expired lease can still be adopted.
    expect(await store.leases.claim('a', LEASE_MS, cap)).toMatchObject({
      id: running.id,
      kind: 'adopt',
    });
    expect(await store.leases.claim('a', LEASE_MS, cap)).toMatchObject({ id: elsewhere.id });
    expect(await store.leases.claim('a', LEASE_MS, cap)).toBeNull();
    await store.events.commit(running.id, { run: { status: 'failed' }, events: [] });
    await store.leases.release(running.id, 'a');
    expect(await store.leases.claim('a', LEASE_MS, cap)).toMatchObject({ id: queued.id });
  });

  it('tells a queued run its position, oldest first, and none once claimed', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await store.runs.create(runInput())).id);
    const [a, b, c] = ids as [string, string, string];
    expect(await store.leases.queuePositions(ids)).toEqual(
      new Map([
        [a, 1],
        [b, 2],
        [c, 3],
      ]),
    );
    await store.leases.claim('r', LEASE_MS);
    expect(await store.leases.queuePosition(a)).toBeNull();
    expect(await store.leases.queuePosition(c)).toBe(2);
    expect(await store.leases.queuePositions([])).toEqual(new Map());
  });
});

describe('claiming group runs with several runners racing (postgres)', () => {
  it('starts exactly one run of a group, and at most the cap of runs, however many claim', async () => {
    const test = await openTestDatabase('postgres');
    const runners = await Promise.all(
      [1, 2, 3, 4].map(() =>
        openDatabase({ workspaceDir: test.workspaceDir, databaseUrl: test.databaseUrl }),
      ),
    );
    try {
      const setup = createStore(test.db.prisma);
      for (let i = 0; i < 6; i++) {
        await setup.runs.create(runInput({ concurrencyGroup: 'deploy-main' }));
      }
      const stores = runners.map((db) => createStore(db.prisma));
      const claimAll = (options = {}) =>
        Promise.all(
          stores.flatMap((store, runner) =>
            [1, 2, 3].map((n) => store.leases.claim(`runner-${runner}-${n}`, LEASE_MS, options)),
          ),
        );
      expect((await claimAll()).filter((claim) => claim !== null)).toHaveLength(1);

      for (let i = 0; i < 8; i++) await setup.runs.create(runInput({ workspaceDir: '/tmp/cap' }));
      // One active run in /tmp/ws (the group's) does not count against /tmp/cap.
      const capped = (await claimAll({ maxActiveRuns: 3 })).filter((claim) => claim !== null);
      expect(capped).toHaveLength(3);
    } finally {
      await Promise.all(runners.map((db) => db.close()));
      await test.cleanup();
    }
  });
});
