import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, openDatabase, type ScheduleTick, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';

const schedule = { workspaceDir: '/tmp/ws', workflowName: 'nightly', schedule: '0 3 * * 1-5' };
const tick = (fireTime: Date): ScheduleTick => ({ ...schedule, fireTime });
const monday = new Date('2026-12-07T03:00:00.000Z');
const tuesday = new Date('2026-12-08T03:00:00.000Z');

describe.each(TEST_BACKENDS)('schedule fires on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterEach(async () => {
    await test?.cleanup();
  });

  it('lets a tick fire once; another tick, schedule or workflow fires on its own', async () => {
    expect(await store.scheduleFires.claimFire(tick(monday), 'runner-a')).toBe(true);
    expect(await store.scheduleFires.claimFire(tick(monday), 'runner-b')).toBe(false);
    expect(await store.scheduleFires.claimFire(tick(tuesday))).toBe(true);
    expect(await store.scheduleFires.claimFire({ ...tick(monday), schedule: '*/5 * * * *' })).toBe(
      true,
    );
    expect(await store.scheduleFires.claimFire({ ...tick(monday), workflowName: 'other' })).toBe(
      true,
    );
  });

  it('knows the last tick that fired, for catching up', async () => {
    expect(await store.scheduleFires.lastFire(schedule)).toBeNull();
    await store.scheduleFires.claimFire(tick(tuesday));
    await store.scheduleFires.claimFire(tick(monday));
    expect(await store.scheduleFires.lastFire(schedule)).toEqual(tuesday);
    expect(await store.scheduleFires.lastFire({ ...schedule, workflowName: 'other' })).toBeNull();
  });
});

describe('schedule fires with several runners racing (postgres)', () => {
  it('gives each tick to exactly one of several runners', async () => {
    const test = await openTestDatabase('postgres');
    const runners = await Promise.all(
      [1, 2, 3].map(() =>
        openDatabase({ workspaceDir: test.workspaceDir, databaseUrl: test.databaseUrl }),
      ),
    );
    try {
      const stores = runners.map((db) => createStore(db.prisma));
      for (const fireTime of [monday, tuesday]) {
        const claims = await Promise.all(
          stores.flatMap((store, runner) =>
            [1, 2, 3, 4].map(() => store.scheduleFires.claimFire(tick(fireTime), `r${runner}`)),
          ),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await Promise.all(runners.map((db) => db.close()));
      await test.cleanup();
    }
  });
});
