import { nextFireTimes, previousFireTime } from '@arcflow/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunnerPool } from './helpers/pool.ts';
import { sleep, TestWorkspace, waitForAsync } from './helpers/workspace.ts';

const scheduled = (name: string, schedule: string) => `
name: ${name}
on:
  schedule: [${schedule}]
steps:
  - id: say
    action: shell
    with: { run: "echo tick \${{ event.schedule.time }}" }
`;

interface ScheduleEvent {
  kind: string;
  schedule?: { time: string; cron: string };
}

describe('schedules on serving runners', () => {
  let pool: RunnerPool;
  beforeEach(async () => {
    pool = await RunnerPool.create();
  });
  afterEach(async () => {
    await pool.close();
  });

  async function runsOf(workflowName: string) {
    const summaries = await pool.store.runs.list({ workflowName, limit: 500 });
    return Promise.all(summaries.map(async (s) => (await pool.store.runs.get(s.id))!));
  }

  it('fires a cron with a seconds field once per tick, whichever of two runners sees it', async () => {
    new TestWorkspace(pool.dir).workflow('pulse', scheduled('pulse', '{ cron: "*/2 * * * * *" }'));
    await Promise.all([pool.startRunner(), pool.startRunner()]);
    const from = new Date();
    const ticks = nextFireTimes({ cron: '*/2 * * * * *' }, from, 3).map((t) => t.toISOString());

    await waitForAsync(
      async () => {
        const times = (await runsOf('pulse')).map(
          (r) => (r.event as unknown as ScheduleEvent).schedule?.time,
        );
        return ticks.every((tick) => times.includes(tick));
      },
      20_000,
      'three ticks to fire',
    );
    await sleep(500); // a second run of a tick would have been created by now
    const runs = await runsOf('pulse');
    const perTick = new Map<string, number>();
    for (const run of runs) {
      const time = (run.event as unknown as ScheduleEvent).schedule!.time;
      perTick.set(time, (perTick.get(time) ?? 0) + 1);
    }
    for (const tick of ticks) expect(perTick.get(tick), tick).toBe(1);
    expect([...perTick.values()].every((count) => count === 1)).toBe(true);

    const events = await pool.store.events.list(runs.at(-1)!.id);
    expect(events[0]?.story.text).toMatch(/^The schedule fired \(\*\/2 \* \* \* \* \*, UTC\)\. /);
    const deliveries = await pool.store.deliveries.list({
      workspaceDir: pool.dir,
      source: 'schedule',
    });
    const tick = ticks[0]!;
    const delivery = deliveries.find(
      (d) => d.deliveryId === `schedule:pulse:*/2 * * * * *:${tick}`,
    );
    expect(delivery).toMatchObject({ verdict: 'accepted', workflowName: 'pulse' });
    expect(delivery?.runIds).toHaveLength(1);
  }, 60_000);

  it('with catch_up, fires once for ticks missed while no runner was up; without, skips them', async () => {
    const ws = new TestWorkspace(pool.dir);
    ws.workflow('nightly', scheduled('nightly', '{ cron: "0 3 * * *", catch_up: true }'));
    ws.workflow('hourly', scheduled('hourly', '{ cron: "0 * * * *" }'));
    const now = new Date();
    const twoDaysAgo = new Date(now.getTime() - 2 * 86_400_000);
    // Both fired long ago, then no runner served for a while.
    for (const [workflowName, cron] of [
      ['nightly', '0 3 * * *'],
      ['hourly', '0 * * * *'],
    ] as const) {
      const fireTime = previousFireTime({ cron }, twoDaysAgo)!;
      await pool.store.scheduleFires.claimFire(
        { workspaceDir: pool.dir, workflowName, schedule: cron, fireTime },
        'an-old-runner',
      );
    }

    await pool.startRunner();
    await pool.startRunner(); // a second runner catches up on the same tick: nothing more
    const missed = previousFireTime({ cron: '0 3 * * *' }, new Date())!.toISOString();
    const [run] = await waitForAsync(
      async () => {
        const runs = await runsOf('nightly');
        return runs.length > 0 && runs;
      },
      15_000,
      'the catch-up run',
    );
    expect((run!.event as unknown as ScheduleEvent).schedule?.time).toBe(missed);
    await sleep(500);
    expect(await runsOf('nightly')).toHaveLength(1);
    expect(await runsOf('hourly')).toHaveLength(0);
  }, 60_000);
});
