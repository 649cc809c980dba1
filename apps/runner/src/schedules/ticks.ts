import { nextFireTimes, previousFireTime, type ScheduleTrigger } from '@arcflow/engine';

/** One `on.schedule` entry of one workflow: what the schedule loop keeps a timer for. */
export interface ScheduleEntry {
  workflowName: string;
  cron: string;
  timezone?: string;
  catchUp: boolean;
}

/** The entries of a workflow's `on.schedule`. */
export function scheduleEntries(
  workflowName: string,
  schedules: readonly ScheduleTrigger[] | undefined,
): ScheduleEntry[] {
  return (schedules ?? []).map((s) => ({
    workflowName,
    cron: s.cron,
    ...(s.timezone === undefined ? {} : { timezone: s.timezone }),
    catchUp: s.catchUp,
  }));
}

/**
 * How a schedule is stored with its fires (`schedule_fires.schedule`): the cron and its time
 * zone, so editing either starts a new series.
 */
export const seriesOf = (entry: Pick<ScheduleEntry, 'cron' | 'timezone'>): string =>
  entry.timezone === undefined ? entry.cron : `${entry.cron} ${entry.timezone}`;

/** Identifies an entry across reloads of the workflows. */
export const entryKey = (entry: ScheduleEntry): string =>
  `${entry.workflowName}\u0000${seriesOf(entry)}`;

/** The delivery id of a tick: the same on every runner, so it is recorded once. */
export const tickDeliveryId = (entry: ScheduleEntry, time: Date): string =>
  `schedule:${entry.workflowName}:${seriesOf(entry)}:${time.toISOString()}`;

/** The first tick strictly after `after`, or null when the cron never fires again. */
export function nextTick(entry: ScheduleEntry, after: Date): Date | null {
  return nextFireTimes(entry, after, 1)[0] ?? null;
}

/**
 * `catch_up: true` when the loop starts: the latest tick at or before `now`, if it is later
 * than the last tick that fired — one run stands for every tick missed while no runner was up.
 * Null without `catch_up`, when nothing was missed, or when the schedule never fired: a new
 * schedule (or a new database) has missed nothing.
 */
export function catchUpTick(entry: ScheduleEntry, now: Date, lastFire: Date | null): Date | null {
  if (!entry.catchUp || lastFire === null) return null;
  const latest = previousFireTime(entry, now);
  return latest !== undefined && latest !== null && latest.getTime() > lastFire.getTime()
    ? latest
    : null;
}

/**
 * The tick to fire when the timer wakes at `now` for a tick due at `due`: the latest tick at
 * or before `now` (a runner that woke late, e.g. after a pause, fires once, not for every
 * tick it slept through).
 */
export function dueTick(entry: ScheduleEntry, due: Date, now: Date): Date {
  const latest = previousFireTime(entry, now);
  return latest && latest.getTime() > due.getTime() ? latest : due;
}
