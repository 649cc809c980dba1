'use client';

import Link from 'next/link';
import type { WorkflowSummary } from '@/lib/api-types';
import { timeAgo } from '@/lib/format';
import { StatusBadge } from '@/ui/Badges';
import { RunButton } from './RunButton';

export interface CardWorkflow extends Omit<WorkflowSummary, 'lastRun'> {
  lastRun?: WorkflowSummary['lastRun'];
}

export function WorkflowCard({
  workflow,
  onCustomize,
}: {
  workflow: CardWorkflow;
  onCustomize?: () => void;
}) {
  const { name, narrative, steps, valid, problems, lastRun, origin } = workflow;
  return (
    <article className="card wf-card" data-testid={`workflow-${name}`} data-origin={origin}>
      <header className="wf-card-head">
        <Link href={`/workflows/${name}`} className="wf-name mono">
          {name}
        </Link>
        {origin === 'template' ? <span className="badge">template</span> : null}
      </header>
      <p className="wf-narrative">
        {narrative ?? <span className="muted">No narrative yet.</span>}
      </p>
      <dl className="wf-facts">
        <div>
          <dt>Steps</dt>
          <dd>{steps ?? '—'}</dd>
        </div>
        <div>
          <dt>Validity</dt>
          <dd>
            {valid ? (
              <span className="badge tone-succeeded">valid</span>
            ) : (
              <span className="badge tone-failed">
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
                  className="wf-lastrun"
                  title={`Run ${lastRun.id}`}
                >
                  <StatusBadge status={lastRun.status} />
                  <span className="muted">{timeAgo(lastRun.createdAt)}</span>
                </Link>
              ) : (
                <span className="muted">never</span>
              )}
            </dd>
          </div>
        ) : null}
      </dl>
      <footer className="wf-actions">
        <Link href={`/workflows/${name}`} className="btn btn-sm">
          {origin === 'template' ? 'View' : 'Edit'}
        </Link>
        {onCustomize ? (
          <button type="button" className="btn btn-sm" onClick={onCustomize}>
            Customize
          </button>
        ) : null}
        <span style={{ flex: 1 }} />
        <RunButton workflow={name} disabled={!valid} className="btn btn-sm btn-primary" />
      </footer>
    </article>
  );
}
