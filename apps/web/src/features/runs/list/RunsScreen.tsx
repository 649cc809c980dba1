'use client';

import Link from 'next/link';
import { ConnectionStatus } from '@/lib/live/ConnectionStatus';
import buttonCss from '@/ui/button.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import { describeFilters, isFiltered } from './filters';
import { RunsFilters } from './RunsFilters';
import styles from './RunsScreen.module.css';
import { RunsTable } from './RunsTable';
import { useRunsPage } from './useRunsPage';

/** Runs across workflows, newest first: filters in the URL, cursor pages, live refresh. */
export function RunsScreen() {
  const { filters, setFilters, workflowNames, runs, items, now, connection } = useRunsPage();
  const filtered = isFiltered(filters);

  return (
    <div className={layoutCss.page}>
      <div className={layoutCss.pageHead}>
        <div>
          <h1>Runs</h1>
          <p>Every arc told so far, newest first.</p>
        </div>
        <ConnectionStatus connection={connection} className={`${textCss.muted} ${styles.conn}`} />
      </div>

      <RunsFilters filters={filters} workflowNames={workflowNames} onChange={setFilters} />

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
          <RunsTable runs={items} now={now} stale={runs.isPlaceholderData} />
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
