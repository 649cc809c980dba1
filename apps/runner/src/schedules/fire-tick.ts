import { matchTrigger, type TriggerEvent } from '@arcflow/engine';
import type { Actor } from '../identity/actor.ts';
import { prepareRun } from '../service/prepare-run.ts';
import type { RunService } from '../service/run-service.ts';
import type { Session } from '../session/session.ts';
import { type ScheduleEntry, seriesOf, tickDeliveryId } from './ticks.ts';

/** What a tick came to on this runner. */
export type TickOutcome =
  /** Another runner claimed the tick first; it starts the run. */
  | { kind: 'claimed-elsewhere' }
  | { kind: 'started'; runId: string; deliveryId: string }
  /** Recorded as a delivery with the reason nothing started (the workflow changed, is invalid…). */
  | { kind: 'not-started'; reason: string; deliveryId: string };

/** Who starts scheduled runs, in the audit trail. */
export const SCHEDULE_ACTOR: Actor = {
  kind: 'local',
  name: 'the schedule',
  role: 'admin',
  from: { client: 'schedule' },
};

/**
 * Fires one tick of a schedule: every runner that sees the tick calls this, exactly one wins
 * the claim (`schedule_fires`, unique per tick) and records a `schedule` delivery, matches the
 * workflow's `on:` (it may have changed since the timer was armed) and starts the run through
 * the run service, with the event whose `schedule.time` is the tick's nominal time.
 */
export async function fireTick(
  session: Session,
  service: RunService,
  runnerId: string,
  entry: ScheduleEntry,
  time: Date,
): Promise<TickOutcome> {
  const { store, workspaceDir } = session;
  const won = await store.scheduleFires.claimFire(
    { workspaceDir, workflowName: entry.workflowName, schedule: seriesOf(entry), fireTime: time },
    runnerId,
  );
  if (!won) return { kind: 'claimed-elsewhere' };

  const deliveryId = tickDeliveryId(entry, time);
  const event: TriggerEvent = {
    kind: 'schedule',
    source: 'cron',
    deliveryId,
    schedule: {
      cron: entry.cron,
      ...(entry.timezone === undefined ? {} : { timezone: entry.timezone }),
      time: time.toISOString(),
    },
  };
  const { delivery } = await store.deliveries.record({
    workspaceDir,
    source: 'schedule',
    deliveryId,
    workflowName: entry.workflowName,
    eventKind: 'schedule',
    payload: { kind: 'json', value: event },
    verdict: 'accepted',
  });
  const refuse = async (verdict: 'ignored' | 'refused', reason: string): Promise<TickOutcome> => {
    await store.deliveries.markVerdict(delivery.id, verdict, reason);
    return { kind: 'not-started', reason, deliveryId };
  };
  let prepared: ReturnType<typeof prepareRun>;
  try {
    prepared = prepareRun(workspaceDir, entry.workflowName);
  } catch (error) {
    return refuse('refused', `the workflow could not start: ${(error as Error).message}`);
  }
  const match = matchTrigger(prepared.definition.on, event);
  if (!match.matches) return refuse('ignored', match.reason);
  try {
    const run = await service.startPrepared(prepared, 'schedule', SCHEDULE_ACTOR, { event });
    await store.deliveries.attachRuns(delivery.id, [run.id]);
    return { kind: 'started', runId: run.id, deliveryId };
  } catch (error) {
    return refuse('refused', `the run could not start: ${(error as Error).message}`);
  }
}
