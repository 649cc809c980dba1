'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { RunDetail, RunEvent, RunStep } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { duration } from '@/lib/format';
import { isActive } from '@/lib/statuses';
import { useTRPC } from '@/lib/trpc';
import { StatusBadge } from '@/ui/Badges';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import { LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import { RunGraph } from './RunGraph';
import { Story } from './Story';
import styles from './SubWorkflows.module.css';
import { nestedBars } from './sub-workflow-bars';

/** How often an open nested arc whose child still runs is read again. */
const CHILD_REFRESH_MS = 2_000;

type Child = RunDetail['children'][number];

/**
 * The run's `uses:` steps as nested arcs: each names the workflow it runs and links its child
 * run; opened, it loads the child's overview and shows its graph with statuses, its steps on a
 * timeline and its story, indented under the parent's step.
 */
export function SubWorkflows({ run }: { run: RunDetail }) {
  const steps = run.steps.filter((step): step is RunStep & { uses: string } =>
    Boolean('uses' in step && step.uses),
  );
  const latestChild = new Map<string, Child>();
  for (const child of run.children) latestChild.set(child.stepId, child);
  useChildrenStartedLive(run.id, steps, latestChild);
  if (steps.length === 0) return null;
  return (
    <section
      className={`${layoutCss.card} ${panelCss.panel}`}
      aria-label="Nested arcs"
      data-testid="sub-workflows"
    >
      <h2 className={panelCss.title}>Nested arcs</h2>
      {steps.map((step) => (
        <NestedArc key={step.id} step={step} child={latestChild.get(step.id)} />
      ))}
    </section>
  );
}

/**
 * Live events say a `uses:` step started, not which child run it started: when a step that
 * has begun has no known child, the run's overview is read again (once per step and attempt).
 */
function useChildrenStartedLive(
  runId: string,
  steps: readonly RunStep[],
  children: ReadonlyMap<string, Child>,
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const asked = useRef(new Set<string>());
  const missing = steps
    .filter((step) => step.status !== 'pending' && step.attempts > 0 && !children.has(step.id))
    .map((step) => `${step.id}#${step.attempts}`)
    .join(',');
  useEffect(() => {
    const fresh = missing.split(',').filter((key) => key !== '' && !asked.current.has(key));
    if (fresh.length === 0) return;
    for (const key of fresh) asked.current.add(key);
    // The child run is created a moment after the step starts.
    setTimeout(
      () =>
        void queryClient.invalidateQueries({ queryKey: trpc.runs.overview.queryKey({ runId }) }),
      1_000,
    );
  }, [missing, queryClient, trpc, runId]);
}

function NestedArc({ step, child }: { step: RunStep & { uses: string }; child?: Child }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      className={styles.arc}
      data-testid={`nested-arc-${step.id}`}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className={styles.summary}>
        <span className={`${textCss.mono} ${styles.stepId}`}>{step.id}</span>
        <span className={styles.uses}>
          <span aria-hidden="true">⤷ </span>uses <span className={textCss.mono}>{step.uses}</span>
        </span>
        {child ? (
          <>
            <StatusBadge status={child.status} />
            <Link
              href={`/runs/${child.runId}`}
              className={`${textCss.mono} ${styles.link}`}
              data-testid={`child-run-${step.id}`}
              onClick={(e) => e.stopPropagation()}
            >
              run {child.runId}
            </Link>
          </>
        ) : (
          <span className={textCss.muted}>not started</span>
        )}
      </summary>
      {open && child ? <ChildArc runId={child.runId} /> : null}
    </details>
  );
}

/** The child run, loaded when its arc is opened: graph, timeline and story, indented. */
function ChildArc({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.runs.overview.queryOptions({ runId, eventsTail: 200 }),
    refetchInterval: (q) =>
      q.state.data && isActive(q.state.data.status) ? CHILD_REFRESH_MS : false,
  });
  if (query.isPending) return <LoadingState label="Loading the nested arc…" />;
  if (query.isError) {
    return (
      <p className={textCss.muted} role="alert">
        The child run could not be loaded: {errorMessage(query.error)}
      </p>
    );
  }
  const child = query.data;
  return (
    <div className={styles.nested} data-testid={`child-arc-${runId}`}>
      <RunGraph steps={child.steps} />
      <h3 className={styles.subTitle}>Timeline</h3>
      <ol className={styles.bars} data-testid="child-timeline">
        {nestedBars(child.steps, child.startedAt, child.finishedAt, Date.now()).map((bar) => (
          <li key={bar.id} className={styles.barRow} data-testid={`child-bar-${bar.id}`}>
            <span className={`${textCss.mono} ${styles.barLabel}`}>{bar.id}</span>
            <span className={styles.barTrack}>
              {bar.span ? (
                <span
                  className={`${styles.bar} tone-${bar.status}`}
                  style={{ left: `${bar.span.left}%`, width: `${bar.span.width}%` }}
                  title={`${bar.id}: ${bar.status}`}
                />
              ) : null}
            </span>
            <span className={`${textCss.muted} ${styles.barTime}`}>
              {bar.startedAt ? duration(bar.startedAt, bar.finishedAt) : bar.status}
            </span>
          </li>
        ))}
      </ol>
      <h3 className={styles.subTitle}>Story</h3>
      <div className={styles.story} data-testid="child-story">
        <Story events={child.events as RunEvent[]} follow={false} />
      </div>
    </div>
  );
}
