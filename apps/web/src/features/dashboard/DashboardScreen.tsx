'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback } from 'react';
import type { WorkflowSummary } from '@/lib/api-types';
import { ConnectionStatus } from '@/lib/live/ConnectionStatus';
import { useNow } from '@/lib/live/useNow';
import { useRunEvents } from '@/lib/live/useRunEvents';
import { useTRPC } from '@/lib/trpc';
import buttonCss from '@/ui/button.module.css';
import legendCss from '@/ui/Legend.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, SkeletonGrid } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import styles from './DashboardScreen.module.css';
import { StcCard } from './StcCard';

/** Every workflow as a structural tension chart, kept live by every run's events. */
export function DashboardScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const now = useNow(30_000);

  const connection = useRunEvents(
    useCallback(
      (runIds: ReadonlySet<string>) => {
        // A new run changes a workflow's lastRun; an event changes that run.
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
        if (runIds.size === 0) {
          void queryClient.invalidateQueries(trpc.runs.get.pathFilter());
          return;
        }
        for (const runId of runIds) {
          void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId }) });
        }
      },
      [queryClient, trpc],
    ),
  );

  return (
    <div className={`${layoutCss.page} ${styles.page}`}>
      <div className={layoutCss.pageHead}>
        <div>
          <h1>Dashboard</h1>
          <p>
            Each arc as a structural tension chart: where it wants to go, where it stands, and the
            beats between.
          </p>
        </div>
        <ConnectionStatus connection={connection} className={`${textCss.muted} ${styles.conn}`} />
      </div>

      {workflows.isPending ? (
        <SkeletonGrid count={6} height={420} />
      ) : workflows.isError ? (
        <div className={layoutCss.card}>
          <ErrorState
            title="Could not load the workflows"
            error={workflows.error}
            onRetry={() => void workflows.refetch()}
          />
        </div>
      ) : workflows.data.length === 0 ? (
        <div className={layoutCss.card}>
          <EmptyState
            title="No arcs to chart yet"
            action={
              <Link
                className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnPrimary}`}
                href="/"
              >
                Go to Workflows
              </Link>
            }
          >
            Create a workflow or customize a template; its chart appears here.
          </EmptyState>
        </div>
      ) : (
        <>
          <Summary workflows={workflows.data} />
          <div className={styles.grid} data-testid="stc-grid">
            {toldFirst(workflows.data).map((w) => (
              <StcCard key={w.name} workflow={w} now={now} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}

/** The workspace at a glance: how many arcs stand where. */
function Summary({ workflows }: { workflows: WorkflowSummary[] }) {
  const count = (test: (w: WorkflowSummary) => boolean) => workflows.filter(test).length;
  const items = [
    { key: 'succeeded', label: 'resolved', n: count((w) => w.lastRun?.status === 'succeeded') },
    { key: 'failed', label: 'in tension', n: count((w) => w.lastRun?.status === 'failed') },
    { key: 'waiting', label: 'waiting', n: count((w) => w.lastRun?.status === 'waiting') },
    {
      key: 'running',
      label: 'in motion',
      n: count((w) => w.lastRun?.status === 'running' || w.lastRun?.status === 'queued'),
    },
    { key: 'canceled', label: 'canceled', n: count((w) => w.lastRun?.status === 'canceled') },
    { key: 'pending', label: 'not yet told', n: count((w) => !w.lastRun) },
  ].filter((i) => i.n > 0);
  return (
    <ul className={styles.summary} data-testid="stc-summary">
      <li className={styles.summaryTotal}>
        <strong>{workflows.length}</strong> {workflows.length === 1 ? 'arc' : 'arcs'}
      </li>
      {items.map((i) => (
        <li key={i.key} className={`${styles.summaryItem} tone-${i.key}`}>
          <span className={styles.summaryDot} />
          <strong>{i.n}</strong> {i.label}
        </li>
      ))}
      <li className={`${legendCss.legend} ${styles.legend}`} aria-label="Universes">
        <span className={`${legendCss.legendItem} uni-engineer`}>engineer</span>
        <span className={`${legendCss.legendItem} uni-ceremony`}>ceremony</span>
        <span className={`${legendCss.legendItem} uni-story`}>story</span>
      </li>
    </ul>
  );
}

/** Arcs with a run first (in the list's order), then those not yet told. */
function toldFirst(workflows: WorkflowSummary[]): WorkflowSummary[] {
  return [...workflows.filter((w) => w.lastRun), ...workflows.filter((w) => !w.lastRun)];
}
