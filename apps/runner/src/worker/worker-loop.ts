import { type ClaimedRun, LeaseLostError } from '@arcflow/db';
import type { Logger } from '../logger.ts';
import type { RunObserver } from '../observability/run-observer.ts';
import { executeRun } from '../runs/execute-run.ts';
import { subWorkflowStarter } from '../runs/sub-workflow-runs.ts';
import type { Session } from '../session/session.ts';

export interface WorkerOptions {
  runnerId: string;
  /** How many runs this runner executes at once. */
  capacity: number;
  /**
   * The runner's labels (`serve --labels`): it claims only runs whose `runs_on` it all
   * carries (default none: only runs without `runs_on`).
   */
  labels?: readonly string[];
  /** At most this many active runs per workspace, over every runner (default `ARCFLOW_MAX_RUNS`). */
  maxActiveRuns?: number;
  logger: Logger;
  /** How often to look for work when nobody wakes the loop (expired leases need no wake-up). */
  pollMs?: number;
  /** A team runner (`serve --team`): see `ExecuteHooks.team`. */
  team?: boolean;
  /** Sees each claimed run and its events, for `/metrics` and traces. */
  observer?: RunObserver;
}

const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000];

interface ActiveRun {
  done: Promise<void>;
  handBack?: () => Promise<void>;
}

/**
 * Claims runs that need a runner — new ones, resumed ones, and those whose runner died
 * (an expired lease) — with `FOR UPDATE SKIP LOCKED`, and executes them, up to `capacity`
 * at once. Any number of runners may share one database; each run goes to one of them.
 */
export class WorkerLoop {
  private readonly active = new Map<string, ActiveRun>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private failures = 0;

  constructor(
    readonly session: Session,
    readonly options: WorkerOptions,
  ) {}

  start(): void {
    this.loop ??= this.claimLoop();
  }

  /** Look for work now (a run was just started, resumed, or a slot freed up). */
  wake(): void {
    this.wakeUp?.();
  }

  get activeRuns(): string[] {
    return [...this.active.keys()];
  }

  /** Stop claiming; let running runs finish for up to `graceMs`, then hand the rest back. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    const all = Promise.all([...this.active.values()].map((run) => run.done));
    const timedOut = await Promise.race([all.then(() => false), sleep(graceMs).then(() => true)]);
    if (timedOut) {
      this.options.logger.info(
        { runs: this.activeRuns },
        'handing unfinished runs back to other runners',
      );
      await Promise.all([...this.active.values()].map((run) => run.handBack?.()));
      await all;
    }
  }

  private async claimLoop(): Promise<void> {
    const { store, env } = this.session;
    while (!this.stopping) {
      if (this.active.size < this.options.capacity) {
        let claimed: ClaimedRun | null;
        try {
          claimed = await store.leases.claim(this.options.runnerId, env.ARCFLOW_LEASE_MS, {
            labels: this.options.labels ?? [],
            maxActiveRuns: this.options.maxActiveRuns ?? env.ARCFLOW_MAX_RUNS,
          });
          if (this.failures > 0)
            this.options.logger.info('database reachable again; claiming runs');
          this.failures = 0;
        } catch (error) {
          const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)]!;
          this.failures += 1;
          this.options.logger.warn(
            { err: (error as Error).message, retryInMs: delay },
            'cannot reach the database to claim runs; retrying',
          );
          await this.idle(delay);
          continue;
        }
        if (claimed) {
          this.execute(claimed);
          continue;
        }
      }
      await this.idle(this.options.pollMs ?? 1000);
    }
  }

  private execute(claimed: ClaimedRun): void {
    const { logger } = this.options;
    const active: ActiveRun = { done: Promise.resolve() };
    active.done = (async () => {
      const run = await this.session.store.runs.get(claimed.id);
      if (!run) return;
      logger.info(
        { runId: run.id, workflow: run.workflowName, how: claimed.kind },
        'executing run',
      );
      const final = await executeRun(this.session, run, claimed.kind, {
        previousOwner: claimed.previousOwner,
        runnerId: this.options.runnerId,
        team: this.options.team === true,
        subWorkflows: subWorkflowStarter(this.session, this.options.runnerId, {
          team: this.options.team === true,
        }),
        onEvent: this.options.observer?.runClaimed(claimed, run),
        onStorageTrouble: (error, attempt, delayMs) =>
          logger.warn(
            { runId: run.id, err: (error as Error).message, attempt, retryInMs: delayMs },
            'cannot reach the database; retrying',
          ),
        onHandBackAvailable: (handBack) => {
          active.handBack = handBack;
        },
      });
      logger.info({ runId: run.id, status: final.status }, 'run ended');
    })()
      .catch((error: unknown) => {
        if (error instanceof LeaseLostError) {
          logger.warn(
            { runId: claimed.id },
            'run taken over by another runner; its steps stopped here',
          );
          return;
        }
        logger.error(
          { runId: claimed.id, err: (error as Error).message },
          'run stopped with an error',
        );
      })
      .finally(() => {
        this.active.delete(claimed.id);
        this.wake();
      });
    this.active.set(claimed.id, active);
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
