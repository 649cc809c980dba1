'use client';

import Link from 'next/link';
import { useCallback, useState } from 'react';
import { clockTime, timeAgo, toDate } from '@/lib/format';
import badgeCss from '@/ui/Badges.module.css';
import buttonCss from '@/ui/button.module.css';
import { Dialog } from '@/ui/Dialog';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import {
  againstEditor,
  type Comparison,
  changesOf,
  currentRevisionId,
  focusedRevisionId,
  type HistoryRevision,
  runsCaption,
  type WorkflowHistory,
} from './history';
import styles from './history.module.css';

function when(value: Date | string): string {
  const date = toDate(value);
  return date ? `${date.toLocaleDateString('en-GB')} ${clockTime(date)}` : '';
}

function RevisionRuns({ revision }: { revision: HistoryRevision }) {
  if (revision.runCount === 0) return <p className={styles.noRuns}>Not run yet</p>;
  return (
    <div className={styles.runs}>
      <span className={textCss.muted}>{runsCaption(revision)}</span>
      <ul className={styles.runList}>
        {revision.runs.map((run) => (
          <li key={run.id}>
            <Link
              href={`/runs/${run.id}`}
              className={`${badgeCss.badge} tone-${run.status} ${styles.runChip}`}
              title={`${run.status}, ${timeAgo(run.createdAt)}`}
              data-status={run.status}
            >
              <span className={badgeCss.dot} />
              <span className={textCss.mono}>{run.id}</span>
              <span className={styles.runStatus}>{run.status}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function RevisionItem({
  revision,
  revisions,
  isCurrent,
  isFocused,
  restoring,
  onCompare,
  onRestore,
}: {
  revision: HistoryRevision;
  revisions: readonly HistoryRevision[];
  isCurrent: boolean;
  /** Named in the page's address (`?revision=`): shown outlined and scrolled to. */
  isFocused: boolean;
  restoring: boolean;
  onCompare: (comparison: Comparison) => void;
  onRestore?: () => void;
}) {
  const hasPrevious = revisions.at(-1)?.id !== revision.id;
  const scrollTo = useCallback(
    (element: HTMLLIElement | null) => {
      if (isFocused) element?.scrollIntoView({ block: 'center' });
    },
    [isFocused],
  );
  return (
    <li
      ref={scrollTo}
      className={`${styles.revision}${isCurrent ? ` ${styles.isCurrent}` : ''}${isFocused ? ` ${styles.isFocused}` : ''}`}
      data-testid="revision"
      data-revision={revision.shortId}
      aria-current={isFocused ? 'true' : undefined}
    >
      <div className={styles.revisionHead}>
        <span className={`${textCss.mono} ${styles.shortId}`}>{revision.shortId}</span>
        {isCurrent ? (
          <span
            className={`${badgeCss.badge} tone-running`}
            title="The workflow's file has this content"
          >
            current
          </span>
        ) : null}
        <time
          className={styles.revisionTime}
          dateTime={String(revision.createdAt)}
          title={when(revision.createdAt)}
        >
          {timeAgo(revision.createdAt)}
        </time>
      </div>
      <p className={revision.message ? styles.message : `${styles.message} ${styles.noMessage}`}>
        {revision.message ?? 'No message'}
      </p>
      <p className={styles.byline}>by {revision.createdBy}</p>
      <RevisionRuns revision={revision} />
      <div className={styles.revisionActions}>
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnSm}`}
          onClick={() => onCompare(changesOf(revisions, revision.id))}
          disabled={!hasPrevious}
          title={hasPrevious ? 'What this revision changed' : 'The first revision'}
        >
          Changes
        </button>
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnSm}`}
          onClick={() => onCompare(againstEditor(revision.id))}
        >
          Compare with editor
        </button>
        {isCurrent || !onRestore ? null : (
          <button
            type="button"
            className={`${buttonCss.btn} ${buttonCss.btnSm} ${styles.restore}`}
            onClick={onRestore}
            disabled={restoring}
          >
            {restoring ? 'Restoring…' : 'Restore'}
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * The workflow's revisions, newest first: short id, when, who, message, and the runs that ran
 * each (linking to them); compare any two, or one with the editor; restore one (asking first
 * when the editor has unsaved changes).
 */
export function HistoryPanel({
  history,
  dirty,
  restoring,
  focus = null,
  notice,
  onCompare,
  onRestore,
  onDismissNotice,
  onClose,
}: {
  history: {
    data: WorkflowHistory | undefined;
    isPending: boolean;
    isError: boolean;
    error: unknown;
    refetch: () => unknown;
  };
  dirty: boolean;
  restoring: string | null;
  /** A revision id or short id to point out (its newest revision, for a short id). */
  focus?: string | null;
  notice: { tone: 'ok' | 'error'; text: string } | null;
  onCompare: (comparison: Comparison) => void;
  /** Absent for someone who may not restore (below admin): no Restore buttons. */
  onRestore?: (ref: string) => Promise<boolean>;
  onDismissNotice: () => void;
  onClose: () => void;
}) {
  const [asking, setAsking] = useState<HistoryRevision | null>(null);
  const revisions = history.data?.revisions ?? [];
  const current = currentRevisionId(revisions, history.data?.currentHash ?? null);
  const focused = focusedRevisionId(revisions, focus);

  function restore(revision: HistoryRevision) {
    if (dirty) setAsking(revision);
    else void onRestore?.(revision.id);
  }

  return (
    <aside className={styles.panel} aria-label="Revision history">
      <header className={styles.panelHead}>
        <strong>History</strong>
        <span className={textCss.muted}>
          {history.data
            ? `${revisions.length} ${revisions.length === 1 ? 'revision' : 'revisions'}, newest first`
            : ''}
        </span>
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnGhost} ${styles.panelClose}`}
          onClick={onClose}
        >
          Show the graph
        </button>
      </header>
      {notice ? (
        <div
          className={`${styles.notice} ${notice.tone === 'error' ? styles.noticeError : ''}`}
          role="status"
          data-testid="history-notice"
        >
          <span>{notice.text}</span>
          <button
            type="button"
            className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnGhost}`}
            onClick={onDismissNotice}
            aria-label="Dismiss"
          >
            ×
          </button>
        </div>
      ) : null}
      <div className={styles.panelBody}>
        {history.isPending ? (
          <LoadingState label="Loading the history…" />
        ) : history.isError ? (
          <ErrorState
            title="Could not load the history"
            error={history.error}
            onRetry={() => void history.refetch()}
          />
        ) : revisions.length === 0 ? (
          <EmptyState title="No revisions yet">
            A revision is recorded each time the workflow is saved or run with new content.
          </EmptyState>
        ) : (
          <ol className={styles.revisionList}>
            {revisions.map((revision) => (
              <RevisionItem
                key={revision.id}
                revision={revision}
                revisions={revisions}
                isCurrent={revision.id === current}
                isFocused={revision.id === focused}
                restoring={restoring === revision.id}
                onCompare={onCompare}
                onRestore={onRestore ? () => restore(revision) : undefined}
              />
            ))}
          </ol>
        )}
      </div>
      {asking && onRestore ? (
        <Dialog
          title={`Restore ${asking.shortId}?`}
          hint="The editor has unsaved changes. Restoring replaces them with this revision's content."
          submitLabel="Discard changes and restore"
          busy={restoring !== null}
          error={notice?.tone === 'error' ? notice.text : null}
          onClose={() => setAsking(null)}
          onSubmit={() => {
            const revision = asking;
            void onRestore(revision.id).then((ok) => {
              if (ok) setAsking(null);
            });
          }}
          testId="restore-dialog"
        >
          <p className={styles.dialogText}>
            Its content is written to the workflow's file and recorded in the history; no revision
            is changed or removed.
          </p>
        </Dialog>
      ) : null}
    </aside>
  );
}
