'use client';

import {
  keepPreviousData,
  useInfiniteQuery,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import type { RunStatus, RunSummary } from '@/lib/api-types';
import { duration, timeAgo, toDate } from '@/lib/format';
import { ConnectionStatus } from '@/lib/live/ConnectionStatus';
import { useNow } from '@/lib/live/useNow';
import { useRunEvents } from '@/lib/live/useRunEvents';
import { isActive, STATUS_LABEL } from '@/lib/statuses';
import { useTRPC } from '@/lib/trpc';
import { StatusBadge } from '@/ui/Badges';
import buttonCss from '@/ui/button.module.css';
import formCss from '@/ui/form.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import { filtersQuery, parseFilters, type RunFilters, STATUS_FILTERS } from './filters';
import styles from './RunsScreen.module.css';
import { StepBar } from './StepBar';

const PAGE_SIZE = 25;

const TRIGGER_LABEL: Record<string, { label: string; title: string }> = {
  api: { label: 'web / API', title: 'Started through the runner API (the web UI or a client)' },
  cli: { label: 'terminal', title: 'Started with `arcflow run`' },
};

const absolute = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

/** Runs across workflows, newest first: filters in the URL, cursor pages, live refresh. */
export function RunsScreen() {
  const trpc = useTRPC();
  const router = useRouter();
  const searchParams = useSearchParams();
  const queryClient = useQueryClient();
  const filters = parseFilters(searchParams);
  const filtered = Boolean(filters.workflow || filters.status);

  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { workflow: filters.workflow, status: filters.status, limit: PAGE_SIZE },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        placeholderData: keepPreviousData,
      },
    ),
  );

  const connection = useRunEvents(
    useCallback(
      () => void queryClient.invalidateQueries(trpc.runs.list.pathFilter()),
      [queryClient, trpc],
    ),
  );

  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];
  const anyActive = items.some((run) => isActive(run.status));
  const now = useNow(anyActive ? 1_000 : 30_000);

  function setFilters(next: RunFilters) {
    router.replace(`/runs${filtersQuery(next)}`, { scroll: false });
  }

  const workflowNames = (workflows.data ?? []).map((w) => w.name);
  if (filters.workflow && !workflowNames.includes(filters.workflow)) {
    workflowNames.unshift(filters.workflow);
  }

  return (
    <div className={layoutCss.page}>
      <div className={layoutCss.pageHead}>
        <div>
          <h1>Runs</h1>
          <p>Every arc told so far, newest first.</p>
        </div>
        <ConnectionStatus connection={connection} className={`${textCss.muted} ${styles.conn}`} />
      </div>

      <div className={styles.filters} data-testid="runs-filters">
        <label className={styles.workflowFilter}>
          <span className={styles.filterLabel}>Workflow</span>
          <select
            className={`${formCss.input} ${styles.select}`}
            value={filters.workflow ?? ''}
            onChange={(e) => setFilters({ ...filters, workflow: e.target.value || undefined })}
            data-testid="filter-workflow"
          >
            <option value="">All workflows</option>
            {workflowNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <div className={styles.statusFilter}>
          <span id="runs-status-label" className={styles.filterLabel}>
            Status
          </span>
          <fieldset className={styles.chips} aria-labelledby="runs-status-label">
            <StatusChip
              label="All"
              pressed={!filters.status}
              onClick={() => setFilters({ ...filters, status: undefined })}
            />
            {STATUS_FILTERS.map((status) => (
              <StatusChip
                key={status}
                status={status}
                label={STATUS_LABEL[status]}
                pressed={filters.status === status}
                onClick={() =>
                  setFilters({ ...filters, status: filters.status === status ? undefined : status })
                }
              />
            ))}
          </fieldset>
        </div>
        {filtered ? (
          <button
            type="button"
            className={`${buttonCss.btn} ${buttonCss.btnGhost} ${styles.clear}`}
            onClick={() => setFilters({})}
          >
            Clear filters
          </button>
        ) : null}
      </div>

      <div className={layoutCss.card}>
        {runs.isPending ? (
          <LoadingState label="Loading runs…" />
        ) : runs.isError && items.length === 0 ? (
          <ErrorState
            title="Could not load the runs"
            error={runs.error}
            onRetry={() => void runs.refetch()}
          />
        ) : items.length === 0 && filtered ? (
          <EmptyState
            title="No runs match these filters"
            action={
              <button
                type="button"
                className={`${buttonCss.btn} ${buttonCss.btnSm}`}
                onClick={() => setFilters({})}
              >
                Clear filters
              </button>
            }
          >
            {describeFilters(filters)}
          </EmptyState>
        ) : items.length === 0 ? (
          <EmptyState
            title="No runs yet — start one from Workflows"
            action={
              <Link
                className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnPrimary}`}
                href="/"
              >
                Go to Workflows
              </Link>
            }
          >
            Each run tells its workflow's story: beats as steps succeed, tension where they fail.
            You can also start one with <code>arcflow run</code>.
          </EmptyState>
        ) : (
          <div className={styles.scroll}>
            <table
              className={styles.dataTable}
              data-testid="runs-table"
              data-stale={runs.isPlaceholderData || undefined}
            >
              <thead>
                <tr>
                  <th className={styles.colStatus}>Status</th>
                  <th>Run</th>
                  <th>Workflow</th>
                  <th className={styles.colSteps}>Steps</th>
                  <th>Started</th>
                  <th className={styles.num}>Duration</th>
                  <th>Started by</th>
                </tr>
              </thead>
              <tbody>
                {items.map((run) => (
                  <RunRow key={run.id} run={run} now={now} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {items.length > 0 ? (
          <div className={styles.foot}>
            <span className={textCss.muted}>
              {items.length} {items.length === 1 ? 'run' : 'runs'}
              {runs.hasNextPage ? ' shown' : ''}
            </span>
            {runs.hasNextPage ? (
              <button
                type="button"
                className={`${buttonCss.btn} ${buttonCss.btnSm}`}
                onClick={() => void runs.fetchNextPage()}
                disabled={runs.isFetchingNextPage}
                data-testid="load-more"
              >
                {runs.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            ) : null}
            {runs.isFetchNextPageError ? (
              <span className={styles.footError}>Could not load more runs.</span>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function StatusChip({
  status,
  label,
  pressed,
  onClick,
}: {
  status?: RunStatus;
  label: string;
  pressed: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={`${styles.chip} ${status ? `tone-${status}` : ''}`}
      aria-pressed={pressed}
      onClick={onClick}
      data-testid={`filter-status-${status ?? 'all'}`}
    >
      {status ? <span className={styles.chipDot} /> : null}
      {label}
    </button>
  );
}

function RunRow({ run, now }: { run: RunSummary; now: number }) {
  const started = toDate(run.startedAt ?? run.createdAt);
  const trigger = run.triggeredBy ? TRIGGER_LABEL[run.triggeredBy] : undefined;
  const running = isActive(run.status);
  return (
    <tr className={styles.row} data-status={run.status}>
      <td>
        <StatusBadge status={run.status} />
      </td>
      <td>
        <Link
          className={`${textCss.mono} ${styles.tableLink} ${styles.rowLink}`}
          href={`/runs/${run.id}`}
        >
          {run.id}
        </Link>
      </td>
      <td className={`${textCss.mono} ${styles.workflow}`}>{run.workflowName}</td>
      <td>
        <StepBar counts={run.stepCounts} />
      </td>
      <td className={styles.time}>
        {started ? (
          <time dateTime={started.toISOString()} title={absolute.format(started)}>
            {timeAgo(started, now)}
          </time>
        ) : (
          '—'
        )}
      </td>
      <td className={`${styles.num} ${running ? styles.live : textCss.muted}`}>
        {run.startedAt
          ? duration(run.startedAt, run.finishedAt ?? new Date(now).toISOString())
          : '—'}
      </td>
      <td className={textCss.muted} title={trigger?.title}>
        {trigger?.label ?? run.triggeredBy ?? '—'}
      </td>
    </tr>
  );
}

function describeFilters(filters: RunFilters): string {
  const status = filters.status ? `${STATUS_LABEL[filters.status].toLowerCase()} ` : '';
  const workflow = filters.workflow ? ` of ${filters.workflow}` : '';
  return `There are no ${status}runs${workflow} yet.`;
}
