import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type RunnerHeartbeat, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const runner = (overrides: Partial<RunnerHeartbeat> = {}): RunnerHeartbeat => ({
  id: 'build-1-4242',
  labels: ['linux', 'docker'],
  host: 'build-1',
  pid: 4242,
  version: '0.13.0',
  currentRuns: 0,
  ...overrides,
});

describe.each(TEST_BACKENDS)('runners on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterEach(async () => {
    await test?.cleanup();
  });

  it('registers a runner on its first heartbeat and refreshes it on the next', async () => {
    await store.runners.heartbeat(runner());
    const [registered] = await store.runners.list(60_000);
    expect(registered).toMatchObject({ ...runner(), stale: false });
    await sleep(20);
    await store.runners.heartbeat(runner({ currentRuns: 2, labels: ['linux', 'gpu'] }));
    const [refreshed] = await store.runners.list(60_000);
    expect(refreshed).toMatchObject({ currentRuns: 2, labels: ['linux', 'gpu'] });
    expect(refreshed?.startedAt).toEqual(registered?.startedAt);
    expect(refreshed!.lastHeartbeatAt.getTime()).toBeGreaterThan(
      registered!.lastHeartbeatAt.getTime(),
    );
  });

  it('flags runners silent past the given time as stale, and removes them on request', async () => {
    await store.runners.heartbeat(runner({ id: 'quiet', labels: [] }));
    await sleep(300);
    await store.runners.heartbeat(runner({ id: 'alive' }));
    const listed = await store.runners.list(200);
    expect(listed.map((r) => [r.id, r.stale, r.labels])).toEqual([
      ['alive', false, ['linux', 'docker']],
      ['quiet', true, []],
    ]);
    expect(await store.runners.removeStale(200)).toEqual(['quiet']);
    expect((await store.runners.list(200)).map((r) => r.id)).toEqual(['alive']);
    await store.runners.remove('alive');
    expect(await store.runners.list(200)).toEqual([]);
  });
});
