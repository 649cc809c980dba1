import type { Logger } from '../logger.ts';
import type { RunService } from '../service/run-service.ts';
import type { Session } from '../session/session.ts';
import { fireTick } from './fire-tick.ts';
import { ScheduledWorkflows } from './scheduled-workflows.ts';
import { catchUpTick, dueTick, entryKey, nextTick, type ScheduleEntry, seriesOf } from './ticks.ts';

export interface ScheduleLoopOptions {
  runnerId: string;
  logger: Logger;
  /** How often the workflows are re-read for schedules added, changed or removed. */
  reloadMs?: number;
  now?: () => Date;
}

interface Armed {
  entry: ScheduleEntry;
  /** The next tick to fire, null when the cron never fires again. */
  next: Date | null;
}

const DEFAULT_RELOAD_MS = 3000;
/** setTimeout's ceiling (about 24.8 days); a later tick is reached in several sleeps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Fires the workspace's schedules (`on.schedule`) from a serving runner. Every runner runs
 * one; each tick is claimed in the database, so it starts one run however many runners see
 * it. One timer at a time, set for the earliest tick or the next re-read of the workflows,
 * whichever comes first: nothing polls between ticks.
 */
export class ScheduleLoop {
  private readonly workflows: ScheduledWorkflows;
  private readonly armed = new Map<string, Armed>();
  private timer: NodeJS.Timeout | undefined;
  private nextReload = 0;
  private stopped = true;
  private busy: Promise<void> = Promise.resolve();
  private readonly now: () => Date;

  constructor(
    private readonly session: Session,
    private readonly service: RunService,
    private readonly options: ScheduleLoopOptions,
  ) {
    this.workflows = new ScheduledWorkflows(session.workspaceDir);
    this.now = options.now ?? (() => new Date());
  }

  /** Reads the schedules, fires the catch-up ticks that are owed, and arms the timer. */
  async start(): Promise<void> {
    this.stopped = false;
    const now = this.now();
    this.reload(now);
    for (const { entry } of this.armed.values()) await this.catchUp(entry, now);
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.busy;
  }

  /** The schedules armed now, with their next tick (for logs and tests). */
  get upcoming(): Array<{ entry: ScheduleEntry; next: Date | null }> {
    return [...this.armed.values()].map(({ entry, next }) => ({ entry, next }));
  }

  private reload(now: Date): void {
    const entries = this.workflows.entries();
    const keys = new Set<string>();
    for (const entry of entries) {
      const key = entryKey(entry);
      keys.add(key);
      const known = this.armed.get(key);
      if (known) known.entry = entry;
      else this.armed.set(key, { entry, next: nextTick(entry, now) });
    }
    for (const key of this.armed.keys()) if (!keys.has(key)) this.armed.delete(key);
    this.nextReload = now.getTime() + (this.options.reloadMs ?? DEFAULT_RELOAD_MS);
  }

  private async catchUp(entry: ScheduleEntry, now: Date): Promise<void> {
    if (!entry.catchUp) return;
    try {
      const lastFire = await this.session.store.scheduleFires.lastFire({
        workspaceDir: this.session.workspaceDir,
        workflowName: entry.workflowName,
        schedule: seriesOf(entry),
      });
      const missed = catchUpTick(entry, now, lastFire);
      if (missed) await this.fire(entry, missed, 'catch-up');
    } catch (error) {
      this.options.logger.warn(
        { workflow: entry.workflowName, err: (error as Error).message },
        'could not catch up on missed schedule ticks',
      );
    }
  }

  private arm(): void {
    if (this.stopped) return;
    let wakeAt = this.nextReload;
    for (const { next } of this.armed.values()) {
      if (next) wakeAt = Math.min(wakeAt, next.getTime());
    }
    const delay = Math.min(Math.max(0, wakeAt - this.now().getTime()), MAX_TIMER_MS);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.busy = this.wake().catch((error: unknown) =>
        this.options.logger.error({ err: (error as Error).message }, 'schedule loop failed'),
      );
      void this.busy.finally(() => this.arm());
    }, delay);
  }

  private async wake(): Promise<void> {
    const now = this.now();
    const due = [...this.armed.values()].filter(
      (armed) => armed.next !== null && armed.next.getTime() <= now.getTime(),
    );
    for (const armed of due) {
      const tick = dueTick(armed.entry, armed.next as Date, now);
      armed.next = nextTick(armed.entry, tick);
      await this.fire(armed.entry, tick, 'tick');
    }
    if (now.getTime() >= this.nextReload) this.reload(now);
  }

  private async fire(entry: ScheduleEntry, time: Date, why: 'tick' | 'catch-up'): Promise<void> {
    const { logger, runnerId } = this.options;
    try {
      const outcome = await fireTick(this.session, this.service, runnerId, entry, time);
      if (outcome.kind === 'claimed-elsewhere') return;
      const fields = { workflow: entry.workflowName, cron: entry.cron, time, why };
      if (outcome.kind === 'started')
        logger.info({ ...fields, runId: outcome.runId }, 'schedule fired');
      else logger.warn({ ...fields, reason: outcome.reason }, 'schedule fired; no run started');
    } catch (error) {
      logger.warn(
        { workflow: entry.workflowName, time, err: (error as Error).message },
        'could not fire a schedule tick; the next tick tries again',
      );
    }
  }
}
