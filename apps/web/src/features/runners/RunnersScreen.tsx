'use client';

import type { AppRouter } from '@arcflow/runner';
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useNow } from '@/lib/live/useNow';
import { useTRPC } from '@/lib/trpc';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import tableCss from '@/ui/table.module.css';
import textCss from '@/ui/text.module.css';
import { runnerNow, sinceLabel } from './heartbeat';
import styles from './runners.module.css';

type RunnersList = inferRouterOutputs<AppRouter>['runners']['list'];
type RunnerJson = RunnersList['runners'][number];

/** How often the page asks again: heartbeats come every few seconds. */
const REFRESH_MS = 5_000;

/**
 * The runner processes working on this database: their labels (what `runs_on` they can
 * take), where they run, what they hold now, and when they last reported; silent ones are
 * marked stale.
 */
export function RunnersScreen() {
  const trpc = useTRPC();
  const runners = useQuery({
    ...trpc.runners.list.queryOptions(),
    refetchInterval: REFRESH_MS,
  });
  const browserNow = useNow(1_000);
  const now = runners.data
    ? runnerNow(runners.data.now, runners.dataUpdatedAt, browserNow)
    : browserNow;

  return (
    <div className={layoutCss.page}>
      <div className={layoutCss.pageHead}>
        <div>
          <h1>Runners</h1>
          <p>The processes that claim and run the queued runs, and the labels they offer.</p>
        </div>
      </div>
      <div className={layoutCss.card}>
        {runners.isPending ? (
          <LoadingState label="Loading the runners…" />
        ) : runners.isError ? (
          <ErrorState
            title="Could not load the runners"
            error={runners.error}
            onRetry={() => void runners.refetch()}
          />
        ) : runners.data.runners.length === 0 ? (
          <EmptyState title="No runner has reported yet">
            A runner registers when it starts serving and reports every few seconds. Start one with
            labels for the workflows that ask for them (<code>runs_on</code>):
            <br />
            <code className={styles.command}>arcflow serve --labels linux,docker</code>
          </EmptyState>
        ) : (
          <div className={tableCss.scroll}>
            <table className={tableCss.table} data-testid="runners-table">
              <thead>
                <tr>
                  <th>Runner</th>
                  <th>Labels</th>
                  <th>Host</th>
                  <th className={styles.num}>PID</th>
                  <th>Version</th>
                  <th className={styles.num}>Runs now</th>
                  <th>Last heartbeat</th>
                </tr>
              </thead>
              <tbody>
                {runners.data.runners.map((runner) => (
                  <RunnerRow key={runner.id} runner={runner} now={now} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {runners.data && runners.data.runners.length > 0 ? (
        <p className={styles.foot}>
          A runner takes a run when it carries every label of the run’s <code>runs_on</code>. Stale:
          silent for more than {Math.round(runners.data.staleAfterMs / 1000)} s.
        </p>
      ) : null}
    </div>
  );
}

function RunnerRow({ runner, now }: { runner: RunnerJson; now: number }) {
  return (
    <tr
      className={runner.stale ? styles.stale : undefined}
      data-testid="runner"
      data-runner={runner.id}
      data-stale={runner.stale || undefined}
    >
      <td>
        <span className={styles.id}>{runner.id}</span>
        <span className={tableCss.sub}>
          since {new Date(runner.startedAt).toLocaleString('en-GB')}
        </span>
      </td>
      <td>
        {runner.labels.length > 0 ? (
          <span className={styles.labels}>
            {runner.labels.map((label) => (
              <span key={label} className={styles.chip}>
                {label}
              </span>
            ))}
          </span>
        ) : (
          <span className={styles.noLabels} title="Takes only runs without runs_on">
            no labels
          </span>
        )}
      </td>
      <td className={textCss.mono}>{runner.host}</td>
      <td className={`${styles.num} ${textCss.mono}`}>{runner.pid}</td>
      <td className={textCss.mono}>{runner.version}</td>
      <td className={styles.num}>{runner.currentRuns}</td>
      <td>
        <span
          className={`${styles.heartbeat}${runner.stale ? ` ${styles.stale}` : ''}`}
          title={new Date(runner.lastHeartbeatAt).toLocaleString('en-GB')}
        >
          <span className={styles.pulse} aria-hidden="true" />
          {sinceLabel(runner.lastHeartbeatAt, now)}
          {runner.stale ? <span className={styles.staleBadge}>stale</span> : null}
        </span>
      </td>
    </tr>
  );
}
