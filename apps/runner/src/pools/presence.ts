import { hostname } from 'node:os';
import { CLI_VERSION } from '../cli/version.ts';
import type { Logger } from '../logger.ts';
import type { Session } from '../session/session.ts';

/** How often a serving runner reports itself. */
export const HEARTBEAT_MS = 5000;
/** A runner silent this long counts as gone: its labels no longer take runs, `runners` marks it stale. */
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;
/** A runner silent this long is removed from the list. */
export const REMOVE_AFTER_MS = 10 * 60_000;

export interface PresenceOptions {
  runnerId: string;
  labels: readonly string[];
  /** The runs this runner executes now. */
  currentRuns: () => number;
  heartbeatMs: number;
  /** Runners silent this long are removed (by whichever runner notices). */
  removeAfterMs: number;
  logger: Logger;
}

/**
 * The runner in the `runners` table: registered at start, refreshed every few seconds with
 * its labels and how many runs it executes, removed on a clean shutdown. Now and then it
 * also removes runners that stopped reporting (they died without shutting down).
 */
export class RunnerPresence {
  private timer: NodeJS.Timeout | undefined;
  private beats = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly session: Session,
    private readonly options: PresenceOptions,
  ) {}

  /** Registers the runner; resolves once the first heartbeat is stored. */
  async start(): Promise<void> {
    await this.beat();
    const tick = () => {
      this.running = this.beat()
        .catch((error: unknown) =>
          this.options.logger.warn(
            { err: (error as Error).message },
            'could not report this runner to the database; trying again',
          ),
        )
        .finally(() => {
          this.running = undefined;
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.options.heartbeatMs);
        });
    };
    this.timer = setTimeout(tick, this.options.heartbeatMs);
  }

  /** Stops reporting and removes the runner from the list. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.session.store.runners.remove(this.options.runnerId);
  }

  private async beat(): Promise<void> {
    const { store } = this.session;
    await store.runners.heartbeat({
      id: this.options.runnerId,
      labels: [...this.options.labels],
      host: hostname(),
      pid: process.pid,
      version: CLI_VERSION,
      currentRuns: this.options.currentRuns(),
    });
    // every minute or so, not at every beat: one runner doing it is enough
    if (this.beats++ % 12 === 0) {
      const removed = await store.runners.removeStale(this.options.removeAfterMs);
      if (removed.length > 0) {
        this.options.logger.info({ runners: removed }, 'removed runners that stopped reporting');
      }
    }
  }
}
