import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type NewDelivery, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { runInput } from './fixtures.ts';

const delivery = (overrides: Partial<NewDelivery> = {}): NewDelivery => ({
  workspaceDir: '/tmp/ws',
  source: 'github',
  deliveryId: 'd-1',
  eventKind: 'push',
  headers: { 'x-github-event': 'push' },
  payload: { kind: 'json', value: { ref: 'refs/heads/main', commits: [{ id: 'abc' }] } },
  verdict: 'accepted',
  ...overrides,
});

describe.each(TEST_BACKENDS)('trigger deliveries on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterEach(async () => {
    await test?.cleanup();
  });

  it('stores a delivery once: a repeated delivery id returns the stored one, not created', async () => {
    const first = await store.deliveries.record(delivery());
    expect(first.created).toBe(true);
    expect(first.delivery).toMatchObject({
      source: 'github',
      deliveryId: 'd-1',
      workflowName: null,
      eventKind: 'push',
      headers: { 'x-github-event': 'push' },
      payload: { kind: 'json', value: { ref: 'refs/heads/main', commits: [{ id: 'abc' }] } },
      verdict: 'accepted',
      reason: null,
      redeliveryOf: null,
      runIds: [],
    });
    const again = await store.deliveries.record(delivery({ verdict: 'refused', eventKind: 'x' }));
    expect(again).toEqual({ created: false, delivery: first.delivery });
    // The same id from another source, or for another workspace, is another delivery.
    expect((await store.deliveries.record(delivery({ source: 'gitlab' }))).created).toBe(true);
    expect((await store.deliveries.record(delivery({ workspaceDir: '/other' }))).created).toBe(
      true,
    );
  });

  it('keeps a body that is not JSON as text, and a redelivery points at its original', async () => {
    const original = await store.deliveries.record(
      delivery({
        source: 'generic',
        workflowName: 'deploy',
        payload: { kind: 'text', text: 'not json {' },
        verdict: 'refused',
        reason: 'bad signature',
      }),
    );
    expect(original.delivery.payload).toEqual({ kind: 'text', text: 'not json {' });
    expect(original.delivery.reason).toBe('bad signature');
    const redelivery = await store.deliveries.record(
      delivery({ deliveryId: 'd-1-redelivery', redeliveryOf: original.delivery.id }),
    );
    expect(redelivery.delivery.redeliveryOf).toBe(original.delivery.id);
    expect(
      (await store.deliveries.record(delivery({ deliveryId: 'd-2', payload: null }))).delivery
        .payload,
    ).toBeNull();
  });

  it('attaches the runs a delivery started and changes its verdict', async () => {
    const { delivery: stored } = await store.deliveries.record(delivery({ verdict: 'ignored' }));
    const a = await store.runs.create(runInput());
    const b = await store.runs.create(runInput());
    await store.deliveries.attachRuns(stored.id, [a.id, b.id]);
    await store.deliveries.attachRuns(stored.id, [a.id]);
    expect(await store.deliveries.markVerdict(stored.id, 'accepted', 'matched 2 workflows')).toBe(
      true,
    );
    expect(await store.deliveries.get(stored.id)).toMatchObject({
      runIds: [a.id, b.id],
      verdict: 'accepted',
      reason: 'matched 2 workflows',
    });
    expect(await store.deliveries.markVerdict('no-such-delivery', 'accepted')).toBe(false);
    expect(await store.deliveries.get('no-such-delivery')).toBeNull();
  });

  it('lists newest first, filtered by source, workflow and verdict, page by page', async () => {
    const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 9, 0, s));
    await store.deliveries.record(delivery({ deliveryId: 'a', receivedAt: at(1) }));
    await store.deliveries.record(
      delivery({ deliveryId: 'b', source: 'generic', workflowName: 'deploy', receivedAt: at(2) }),
    );
    await store.deliveries.record(
      delivery({ deliveryId: 'c', verdict: 'refused', receivedAt: at(3) }),
    );
    await store.deliveries.record(delivery({ deliveryId: 'd', receivedAt: at(4) }));
    await store.deliveries.record(delivery({ deliveryId: 'e', workspaceDir: '/other' }));
    const ids = async (filter: Partial<Parameters<Store['deliveries']['list']>[0]>) =>
      (await store.deliveries.list({ workspaceDir: '/tmp/ws', ...filter })).map(
        (d) => d.deliveryId,
      );

    expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
    expect(await ids({ source: 'github' })).toEqual(['d', 'c', 'a']);
    expect(await ids({ workflowName: 'deploy' })).toEqual(['b']);
    expect(await ids({ verdict: 'refused' })).toEqual(['c']);
    const [, second] = await store.deliveries.list({ workspaceDir: '/tmp/ws', limit: 2 });
    expect(second?.deliveryId).toBe('c');
    expect(await ids({ limit: 2, before: second })).toEqual(['b', 'a']);
  });
});

describe('trigger deliveries received by several runners at once (postgres)', () => {
  it('stores a delivery id once, and exactly one receiver is told it is new', async () => {
    const test = await openTestDatabase('postgres');
    try {
      const store = createStore(test.db.prisma);
      const results = await Promise.all(
        Array.from({ length: 12 }, () => store.deliveries.record(delivery())),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.delivery.id)).size).toBe(1);
    } finally {
      await test.cleanup();
    }
  });
});
