import type { RunnerRecord } from '@arcflow/db';
import { STALE_AFTER_MS } from '../pools/presence.ts';
import { roleProcedure, router } from './trpc.ts';

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
    const runners = await ctx.deps.session.store.runners.list(STALE_AFTER_MS);
    return {
      runners: runners.map(runnerJson),
      staleAfterMs: STALE_AFTER_MS,
      // "12 s ago" is counted against the runner's clock, not the browser's (which may be off).
      now: new Date().toISOString(),
    };
  }),
});
