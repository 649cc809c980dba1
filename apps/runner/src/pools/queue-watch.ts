import type { Logger } from '../logger.ts';
import type { Session } from '../session/session.ts';
import { queueReasons } from './queue-reasons.ts';

export interface QueueWatchOptions {
  maxActiveRuns: number;
  /** Runners whose last heartbeat is older are not counted as able to take a run. */
  staleAfterMs: number;
  everyMs: number;
  logger: Logger;
}

/**
 * Keeps `queued_reason` of waiting runs true: every few seconds, any serving runner reads the
 * queue (a few indexed queries) and writes the reasons that changed — set when a run cannot be
 * taken, cleared when it can. Runners doing it at once write the same words.
 */
export class QueueWatch {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly session: Session,
    private readonly options: QueueWatchOptions,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.check()
        .catch((error: unknown) =>
          this.options.logger.debug(
            { err: (error as Error).message },
            'could not update why queued runs wait; trying again',
          ),
        )
        .finally(() => {
          this.running = undefined;
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.options.everyMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One look at the queue; the reasons that changed are written. */
  async check(): Promise<void> {
    const { store } = this.session;
    const waiting = await store.queue.waiting();
    if (waiting.length === 0) return;
    const groups = [
      ...new Set(waiting.flatMap((run) => (run.concurrencyGroup ? [run.concurrencyGroup] : []))),
    ];
    const [holders, activeCounts, runners] = await Promise.all([
      store.queue.groupHolders(groups),
      store.queue.activeCounts(),
      store.runners.list(this.options.staleAfterMs),
    ]);
    const reasons = queueReasons({
      waiting,
      holders,
      activeCounts,
      runnerLabels: runners.filter((runner) => !runner.stale).map((runner) => runner.labels),
      maxActiveRuns: this.options.maxActiveRuns,
    });
    for (const run of waiting) {
      const reason = reasons.get(run.id) ?? null;
      if (reason !== run.queuedReason) await store.runs.setQueuedReason(run.id, reason);
    }
  }
}
