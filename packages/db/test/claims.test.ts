import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, EVENTS_CHANNEL, LeaseLostError, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { runInput, runStarted, stepStarted } from './fixtures.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(TEST_BACKENDS)('claiming runs on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterEach(async () => {
    await test?.cleanup();
  });

  it('hands a queued run to one runner, and never one that is leased', async () => {
    const leased = await store.runs.create(runInput({ lease: { owner: 'cli', ttlMs: 60_000 } }));
    const queued = await store.runs.create(runInput());
    expect(await store.leases.claim('runner-a', 30_000)).toEqual({
      id: queued.id,
      kind: 'start',
      previousOwner: null,
    });
    expect(await store.leases.claim('runner-b', 30_000)).toBeNull();
    expect((await store.runs.get(leased.id))?.leaseOwner).toBe('cli');
    expect((await store.runs.get(queued.id))?.leaseOwner).toBe('runner-a');
  });

  it('adopts a running run whose lease expired, naming the runner that held it', async () => {
    // Long enough that a loaded machine still claims before it expires.
    const run = await store.runs.create(runInput({ lease: { owner: 'dead-runner', ttlMs: 1500 } }));
    await store.events.commit(run.id, { run: { status: 'running' }, events: [runStarted()] });
    expect(await store.leases.claim('runner-a', 30_000)).toBeNull();
    await sleep(1600);
    expect(await store.leases.claim('runner-a', 30_000)).toEqual({
      id: run.id,
      kind: 'adopt',
      previousOwner: 'dead-runner',
    });
  });

  it('fences a runner whose run was taken over: its commits are refused, its renewals fail', async () => {
    const run = await store.runs.create(
      runInput({ lease: { owner: 'paused-runner', ttlMs: 100 } }),
    );
    await store.events.commit(
      run.id,
      { run: { status: 'running' }, events: [runStarted()] },
      { leaseOwner: 'paused-runner', afterSeq: 0 },
    );
    await sleep(150);
    // Expired but not yet claimed: the holder may still renew and commit (a long outage).
    expect(await store.leases.renew(run.id, 'paused-runner', 100)).toBe(true);
    await sleep(150);
    expect(await store.leases.claim('runner-a', 30_000)).toMatchObject({
      id: run.id,
      kind: 'adopt',
    });

    const late = store.events.commit(
      run.id,
      { run: { status: 'succeeded' }, events: [runStarted()] },
      { leaseOwner: 'paused-runner', afterSeq: 1 },
    );
    await expect(late).rejects.toBeInstanceOf(LeaseLostError);
    await expect(late).rejects.toThrow(`run ${run.id} was taken over by another runner (runner-a)`);
    expect(await store.leases.renew(run.id, 'paused-runner', 30_000)).toBe(false);
    const stored = await store.runs.get(run.id);
    expect(stored?.status).toBe('running');
    expect(await store.events.list(run.id)).toHaveLength(1);
    // The new holder commits as usual.
    await store.events.commit(
      run.id,
      { run: { status: 'succeeded' }, events: [runStarted()] },
      { leaseOwner: 'runner-a', afterSeq: 1 },
    );
    expect((await store.runs.get(run.id))?.status).toBe('succeeded');
  });

  it('makes a retried commit harmless: the same events are returned, not written twice', async () => {
    const run = await store.runs.create(runInput({ lease: { owner: 'runner-a', ttlMs: 30_000 } }));
    const fence = { leaseOwner: 'runner-a', afterSeq: 0 };
    const change = {
      run: { status: 'running' as const, resumeCountIncrement: true },
      attemptsStarted: [{ stepId: 'validate', number: 1, startedAt: new Date() }],
      events: [runStarted(), runStarted()],
    };
    const first = await store.events.commit(run.id, change, fence);
    // The reply was lost; the runner sends the same commit again.
    const again = await store.events.commit(run.id, change, fence);
    expect(again).toEqual(first);
    expect(await store.events.list(run.id)).toHaveLength(2);
    const stored = await store.runs.get(run.id);
    expect(stored?.resumeCount).toBe(1);
    expect(stored?.steps.find((s) => s.stepId === 'validate')?.attempts).toHaveLength(1);

    // A runner whose idea of the log is wrong is stopped rather than let write.
    await expect(
      store.events.commit(
        run.id,
        { events: [stepStarted('validate')] },
        { leaseOwner: 'runner-a', afterSeq: 1 },
      ),
    ).rejects.toThrow(`run ${run.id} has events up to 2, not 1`);
  });

  it('hands out a resume request once, only for failed or canceled runs', async () => {
    const run = await store.runs.create(runInput({ lease: { owner: 'cli', ttlMs: 60_000 } }));
    expect(await store.runs.requestResume(run.id, new Date())).toBe(false); // still queued
    await store.events.commit(run.id, { run: { status: 'failed' }, events: [runStarted()] });
    await store.leases.release(run.id, 'cli');
    expect(await store.runs.requestResume(run.id, new Date())).toBe(true);
    expect(await store.leases.claim('runner-a', 30_000)).toEqual({
      id: run.id,
      kind: 'resume',
      previousOwner: null,
    });
    expect((await store.runs.get(run.id))?.resumeRequestedAt).toBeNull();
    await store.leases.release(run.id, 'runner-a');
    expect(await store.leases.claim('runner-b', 30_000)).toBeNull();
  });

  it('gives each of many concurrent claimers a different run', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) ids.add((await store.runs.create(runInput())).id);
    const claims = await Promise.all(
      Array.from({ length: 16 }, (_, i) => store.leases.claim(`runner-${i}`, 30_000)),
    );
    const claimed = claims.filter((c) => c !== null).map((c) => c.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(new Set(claimed)).toEqual(ids);
  });

  it('notifies listeners of committed events with the run and its last seq', async () => {
    const heard: string[] = [];
    const unlisten = await test.db.listen(EVENTS_CHANNEL, (payload) => heard.push(payload));
    try {
      await sleep(200); // the LISTEN connection is up
      const run = await store.runs.create(runInput());
      await store.events.commit(run.id, { events: [runStarted(), runStarted()] });
      for (let i = 0; i < 50 && heard.length === 0; i++) await sleep(50);
      expect(heard).toEqual([`${run.id}:2`]);
    } finally {
      await unlisten();
    }
  });
});
