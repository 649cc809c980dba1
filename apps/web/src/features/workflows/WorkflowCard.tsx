'use client';

import Link from 'next/link';
import type { WorkflowSummary } from '@/lib/api-types';
import { timeAgo } from '@/lib/format';
import { StatusBadge } from '@/ui/Badges';
import badgeCss from '@/ui/Badges.module.css';
import buttonCss from '@/ui/button.module.css';
import layoutCss from '@/ui/layout.module.css';
import textCss from '@/ui/text.module.css';
import { RunButton } from './RunButton';
import styles from './workflows.module.css';

export interface CardWorkflow extends Omit<WorkflowSummary, 'lastRun'> {
  lastRun?: WorkflowSummary['lastRun'];
}

export function WorkflowCard({
  workflow,
  onCustomize,
  runHint = null,
  editable = true,
}: {
  workflow: CardWorkflow;
  /** Absent for someone who may not customise (below admin). */
  onCustomize?: () => void;
  /** When set, the caller may not run: this note stands where Run would be. */
  runHint?: string | null;
  /** Whether the caller may save it (admin): "Edit", else "View". */
  editable?: boolean;
}) {
  const { name, narrative, steps, valid, problems, lastRun, origin } = workflow;
  return (
    <article
      className={`${layoutCss.card} ${styles.wfCard}`}
      data-testid={`workflow-${name}`}
      data-origin={origin}
    >
      <header className={styles.wfCardHead}>
        <Link href={`/workflows/${name}`} className={`${styles.wfName} ${textCss.mono}`}>
          {name}
        </Link>
        {origin === 'template' ? <span className={badgeCss.badge}>template</span> : null}
      </header>
      <p className={styles.wfNarrative}>
        {narrative ?? <span className={textCss.muted}>No narrative yet.</span>}
      </p>
      <dl className={styles.wfFacts}>
        <div>
          <dt>Steps</dt>
          <dd>{steps ?? '—'}</dd>
        </div>
        <div>
          <dt>Validity</dt>
          <dd>
            {valid ? (
              <span className={`${badgeCss.badge} tone-succeeded`}>valid</span>
            ) : (
              <span className={`${badgeCss.badge} tone-failed`}>
                {problems} {problems === 1 ? 'problem' : 'problems'}
              </span>
            )}
          </dd>
        </div>
        {lastRun !== undefined ? (
          <div>
            <dt>Last run</dt>
            <dd>
              {lastRun ? (
                <Link
                  href={`/runs/${lastRun.id}`}
                  className={styles.wfLastrun}
                  title={`Run ${lastRun.id}`}
                >
                  <StatusBadge status={lastRun.status} />
                  <span className={textCss.muted}>{timeAgo(lastRun.createdAt)}</span>
                </Link>
              ) : (
                <span className={textCss.muted}>never</span>
              )}
            </dd>
          </div>
        ) : null}
      </dl>
      <footer className={styles.wfActions}>
        <Link href={`/workflows/${name}`} className={`${buttonCss.btn} ${buttonCss.btnSm}`}>
          {origin === 'template' || !editable ? 'View' : 'Edit'}
        </Link>
        {onCustomize ? (
          <button
            type="button"
            className={`${buttonCss.btn} ${buttonCss.btnSm}`}
            onClick={onCustomize}
          >
            Customize
          </button>
        ) : null}
        <span style={{ flex: 1 }} />
        {runHint === null ? (
          <RunButton
            workflow={name}
            disabled={!valid}
            className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnPrimary}`}
          />
        ) : (
          <span className={textCss.muted}>{runHint}</span>
        )}
      </footer>
    </article>
  );
}
