import type { TriggerEvent } from '@arcflow/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiDeps, Redelivery } from '../src/api/context.ts';
import type { Actor } from '../src/identity/actor.ts';
import { prepareRun } from '../src/service/prepare-run.ts';
import type { Session } from '../src/session/session.ts';
import { type ApiFixture, failure, openApiFixture } from './helpers/api-deps.ts';

/**
 * The read side of issue 13 through the real router and stores: deliveries and their
 * redelivery, the runners, the queue and the trigger of runs, a workflow's triggers.
 */

const DEPLOY = `name: deploy
on:
  push: { branches: [main] }
  schedule: [{ cron: "0 3 * * 1-5", timezone: "Europe/Paris" }]
  webhook: {}
concurrency: { group: "deploy-\${{ event.branch }}", cancel_in_progress: true }
runs_on: [linux, gpu]
steps:
  - id: ship
    action: shell
    universe: engineer
    with: { run: "echo ship" }
`;

const PUSH: TriggerEvent = {
  kind: 'push',
  source: 'github',
  ref: 'refs/heads/main',
  branch: 'main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  author: 'Ada',
  commits: [
    { sha: 'a1', message: 'one' },
    { sha: 'a2', message: 'two' },
    { sha: 'a3', message: 'three' },
  ],
  payload: { big: 'x'.repeat(1000) },
};

const viewer: Actor = { kind: 'user', userId: 'u-v', username: 'vic', name: 'Vic', role: 'viewer' };
const operator: Actor = {
  kind: 'user',
  userId: 'u-o',
  username: 'olga',
  name: 'Olga',
  role: 'operator',
};

let fixture: ApiFixture;
let session: Session;
let deps: ApiDeps;
let api: ApiFixture['api'];

beforeEach(async () => {
  fixture = await openApiFixture({ runnerId: 'triggers-api-test', workflows: { deploy: DEPLOY } });
  ({ session, deps, api } = fixture);
});

afterEach(() => fixture.close());

const startWith = (event?: TriggerEvent) =>
  deps.service.startPrepared(
    prepareRun(session.workspaceDir, 'deploy'),
    event ? 'webhook' : 'api',
    operator,
    event ? { event } : {},
  );

function recordDelivery(deliveryId: string, overrides: Record<string, unknown> = {}) {
  return session.store.deliveries.record({
    workspaceDir: session.workspaceDir,
    source: 'generic',
    deliveryId,
    workflowName: 'deploy',
    eventKind: 'webhook',
    headers: { 'content-type': 'application/json', 'user-agent': 'grafana' },
    payload: { kind: 'json', value: { alert: 'cpu', value: 97 } },
    verdict: 'accepted',
    ...overrides,
  });
}

describe('deliveries', () => {
  it('lists newest first with filters and pages; one shows its headers and payload', async () => {
    const base = Date.parse('2026-12-01T10:00:00Z');
    for (let i = 0; i < 5; i++) {
      await recordDelivery(`d${i}`, {
        receivedAt: new Date(base + i * 1000),
        ...(i === 3 ? { verdict: 'ignored', reason: 'branch feature/x does not match' } : {}),
      });
    }
    const first = await api(viewer).deliveries.list({ limit: 2 });
    expect(first.items.map((d) => d.deliveryId)).toEqual(['d4', 'd3']);
    expect(first.items[1]).toMatchObject({
      verdict: 'ignored',
      reason: expect.stringMatching(/feature/),
    });
    expect(first.items[0]).not.toHaveProperty('payload');
    expect(first.nextCursor).not.toBeNull();
    const second = await api(viewer).deliveries.list({ limit: 2, before: first.nextCursor! });
    expect(second.items.map((d) => d.deliveryId)).toEqual(['d2', 'd1']);
    const last = await api(viewer).deliveries.list({ limit: 2, before: second.nextCursor! });
    expect(last.items.map((d) => d.deliveryId)).toEqual(['d0']);
    expect(last.nextCursor).toBeNull();

    const ignored = await api(viewer).deliveries.list({ verdict: 'ignored' });
    expect(ignored.items.map((d) => d.deliveryId)).toEqual(['d3']);
    expect((await api(viewer).deliveries.list({ source: 'github' })).items).toEqual([]);
    expect((await api(viewer).deliveries.list({ workflow: 'other' })).items).toEqual([]);

    const one = await api(viewer).deliveries.get({ id: first.items[0]!.id });
    expect(one.headers).toEqual({ 'content-type': 'application/json', 'user-agent': 'grafana' });
    expect(one.payload).toEqual({ kind: 'json', value: { alert: 'cpu', value: 97 } });
  });

  it('lists the runs a delivery started', async () => {
    const run = await startWith(PUSH);
    const { delivery } = await recordDelivery('with-run');
    await session.store.deliveries.attachRuns(delivery.id, [run.id]);
    const { items } = await api(viewer).deliveries.list();
    expect(items[0]?.runIds).toEqual([run.id]);
  });

  it('does not show another workspace’s delivery', async () => {
    const { delivery } = await recordDelivery('elsewhere', { workspaceDir: '/some/other/project' });
    const error = await failure(api(viewer).deliveries.get({ id: delivery.id }));
    expect(error.code).toBe('NOT_FOUND');
    expect((await api(viewer).deliveries.list()).items).toEqual([]);
  });

  it('redelivers through the trigger intake, and says why not when the runner has none', async () => {
    const { delivery: original } = await recordDelivery('orig');
    const refused = await failure(api(operator).deliveries.redeliver({ id: original.id }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toMatch(/does not take deliveries.*arcflow serve/);

    const asked: Array<{ id: string; by: string }> = [];
    const triggers: Redelivery = {
      async redeliver(id, actor) {
        asked.push({ id, by: actor.name });
        const run = await startWith(PUSH);
        const { delivery } = await recordDelivery('orig-redelivery-1', { redeliveryOf: id });
        await session.store.deliveries.attachRuns(delivery.id, [run.id]);
        return { delivery: { ...delivery, runIds: [run.id] }, runIds: [run.id] };
      },
    };
    const result = await api(operator, { triggers }).deliveries.redeliver({ id: original.id });
    expect(asked).toEqual([{ id: original.id, by: 'Olga' }]);
    expect(result.delivery).toMatchObject({
      deliveryId: 'orig-redelivery-1',
      redeliveryOf: original.id,
    });
    expect(result.runIds).toHaveLength(1);

    const forbidden = await failure(
      api(viewer, { triggers }).deliveries.redeliver({ id: original.id }),
    );
    expect(forbidden.code).toBe('FORBIDDEN');
  });
});

describe('runners', () => {
  it('lists the runners with labels and marks the silent ones stale', async () => {
    await session.store.runners.heartbeat({
      id: 'box-1',
      labels: ['linux', 'gpu'],
      host: 'box',
      pid: 41,
      version: '0.1.0',
      currentRuns: 2,
    });
    await session.store.runners.heartbeat({
      id: 'box-2',
      labels: [],
      host: 'box',
      pid: 42,
      version: '0.1.0',
      currentRuns: 0,
    });
    await session.db.prisma.$executeRaw`
      UPDATE "runners" SET "last_heartbeat_at" = now() - interval '5 minutes' WHERE "id" = 'box-2'`;
    const { runners, staleAfterMs } = await api(viewer).runners.list();
    expect(staleAfterMs).toBeGreaterThan(0);
    expect(runners).toMatchObject([
      { id: 'box-1', labels: ['linux', 'gpu'], host: 'box', pid: 41, currentRuns: 2, stale: false },
      { id: 'box-2', labels: [], stale: true },
    ]);
  });
});

describe('runs: trigger and queue', () => {
  it('the runs list tells each queued run its place, why it waits, and what started it', async () => {
    const first = await startWith(PUSH);
    const second = await startWith();
    await session.store.runs.setQueuedReason(second.id, 'waiting for a runner with labels gpu');
    const { items } = await api(viewer).runs.list();
    const byId = new Map(items.map((run) => [run.id, run]));
    expect(byId.get(first.id)).toMatchObject({
      queuePosition: 1,
      concurrencyGroup: 'deploy-main',
      runsOn: ['linux', 'gpu'],
      trigger: {
        kind: 'push',
        text: 'Ada pushed 3 commits to main',
        branch: 'main',
        author: 'Ada',
      },
    });
    expect(byId.get(second.id)).toMatchObject({
      queuePosition: 2,
      queuedReason: 'waiting for a runner with labels gpu',
      // started without an event: a run by hand, naming who started it
      trigger: { kind: 'manual', text: expect.stringMatching(/ started the run by hand$/) },
    });
  });

  it('the run carries its event (without a webhook body), its incident and its queue place', async () => {
    const run = await startWith(PUSH);
    const shown = await api(viewer).runs.get({ runId: run.id });
    expect(shown.trigger?.text).toBe('Ada pushed 3 commits to main');
    expect(shown.event).toMatchObject({ kind: 'push', branch: 'main', commitCount: 3 });
    expect(shown.event).not.toHaveProperty('payload');
    expect(shown).toMatchObject({ queuePosition: 1, triggeredBy: 'webhook', queuedReason: null });
  });
});

describe('workflows.triggers', () => {
  it('summarises on:, concurrency and runs_on, with the next fire times of each schedule', async () => {
    const { triggers, now } = await api(viewer).workflows.triggers({ name: 'deploy' });
    expect(triggers).toMatchObject({
      push: { branches: ['main'] },
      webhook: { path: '/hooks/deploy' },
      concurrency: { group: `deploy-\${{ event.branch }}`, cancelInProgress: true },
      runsOn: ['linux', 'gpu'],
      pullRequest: null,
    });
    const [schedule] = triggers?.schedules ?? [];
    expect(schedule).toMatchObject({ cron: '0 3 * * 1-5', timezone: 'Europe/Paris' });
    expect(schedule?.next).toHaveLength(5);
    const times = schedule!.next.map((t) => new Date(t));
    expect(times[0]!.getTime()).toBeGreaterThan(Date.parse(now));
    for (const time of times) {
      const paris = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
      }).format(time);
      expect(paris).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 03:00$/);
    }
  });

  it('a workflow without triggers has empty ones; an unknown one is NOT_FOUND', async () => {
    const { triggers } = await api(viewer).workflows.triggers({ name: 'first-arc' });
    expect(triggers).toMatchObject({ push: null, schedules: [], webhook: null, runsOn: [] });
    const error = await failure(api(viewer).workflows.triggers({ name: 'nope' }));
    expect(error.code).toBe('NOT_FOUND');
  });
});
