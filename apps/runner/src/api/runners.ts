import type { RunnerRecord } from '@arcflow/db';
import { roleProcedure, router } from './trpc.ts';

/**
 * A runner whose last heartbeat is older than this is shown as stale: serving runners report
 * every few seconds, so half a minute of silence means it is gone or stuck.
 */
export const RUNNER_STALE_AFTER_MS = 30_000;

function runnerJson(runner: RunnerRecord) {
  return {
    id: runner.id,
    labels: runner.labels,
    host: runner.host,
    pid: runner.pid,
    version: runner.version,
    currentRuns: runner.currentRuns,
    startedAt: runner.startedAt.toISOString(),
    lastHeartbeatAt: runner.lastHeartbeatAt.toISOString(),
    stale: runner.stale,
  };
}

/** The Runners page: the runner processes on this database, their labels and heartbeats. */
export const runnersRouter = router({
  list: roleProcedure('viewer').query(async ({ ctx }) => {
    const runners = await ctx.deps.session.store.runners.list(RUNNER_STALE_AFTER_MS);
    return {
      runners: runners.map(runnerJson),
      staleAfterMs: RUNNER_STALE_AFTER_MS,
      // "12 s ago" is counted against the runner's clock, not the browser's (which may be off).
      now: new Date().toISOString(),
    };
  }),
});
