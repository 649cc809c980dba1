'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { StatusBadge } from '@/components/ui/Badges';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import type { RunEvent } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { duration, timeAgo } from '@/lib/format';
import { isActive, isResumable } from '@/lib/statuses';
import { useTRPC } from '@/lib/trpc';
import { DecisionDialog } from './DecisionDialog';
import { RunGraph } from './RunGraph';
import { StepList } from './StepList';
import { Story } from './Story';
import { useRunLive } from './useRunLive';

const CONNECTION_LABEL = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  closed: 'not live',
} as const;

export function RunScreen({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { query, run, connection } = useRunLive(runId);
  const [decision, setDecision] = useState<{
    stepId: string;
    decision: 'approve' | 'reject';
  } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const refresh = {
    onSuccess: () => {
      setActionError(null);
      void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId }) });
    },
    onError: (e: unknown) => setActionError(errorMessage(e)),
  };
  const resume = useMutation(trpc.runs.resume.mutationOptions(refresh));
  const cancel = useMutation(trpc.runs.cancel.mutationOptions(refresh));
  const approve = useMutation(
    trpc.runs.approve.mutationOptions({
      ...refresh,
      onSuccess: () => {
        refresh.onSuccess();
        setDecision(null);
      },
    }),
  );
  const reject = useMutation(
    trpc.runs.reject.mutationOptions({
      ...refresh,
      onSuccess: () => {
        refresh.onSuccess();
        setDecision(null);
      },
    }),
  );

  if (query.isPending) return <LoadingState label="Loading the run…" />;
  if (query.isError || !run) {
    return (
      <div className="page">
        <div className="card">
          {query.error?.data?.code === 'NOT_FOUND' ? (
            <EmptyState
              title={`No run “${runId}”`}
              action={
                <Link className="btn btn-sm" href="/runs">
                  All runs
                </Link>
              }
            >
              It may belong to another workspace or database.
            </EmptyState>
          ) : (
            <ErrorState
              title="Could not load the run"
              error={query.error}
              onRetry={() => void query.refetch()}
            />
          )}
        </div>
      </div>
    );
  }

  const counts = run.steps.reduce<Record<string, number>>((acc, s) => {
    acc[s.status] = (acc[s.status] ?? 0) + 1;
    return acc;
  }, {});
  const done = counts.succeeded ?? 0;
  const deciding = approve.isPending || reject.isPending;

  return (
    <div className="page run-page">
      <header className="run-head">
        <div>
          <div className="run-crumb muted">
            <Link href="/runs">Runs</Link> / <span className="mono">{run.id}</span>
          </div>
          <h1>
            <Link href={`/workflows/${run.workflow}`} className="mono run-title">
              {run.workflow}
            </Link>
            <StatusBadge status={run.status} />
          </h1>
          <p className="run-meta muted">
            started {timeAgo(run.startedAt ?? run.createdAt)} ·{' '}
            {duration(run.startedAt, run.finishedAt) || 'not started'} · {done}/{run.steps.length}{' '}
            beats succeeded
            {run.resumeCount > 0 ? ` · resumed ${run.resumeCount}×` : ''} ·{' '}
            <span className={`conn conn-${connection}`} data-testid="connection">
              {CONNECTION_LABEL[connection]}
            </span>
          </p>
        </div>
        <div className="run-actions">
          {isResumable(run.status) ? (
            <button
              type="button"
              className="btn btn-primary"
              data-testid="resume"
              disabled={resume.isPending}
              onClick={() => resume.mutate({ runId })}
            >
              {resume.isPending ? 'Resuming…' : 'Resume'}
            </button>
          ) : null}
          {isActive(run.status) ? (
            <button
              type="button"
              className="btn btn-danger"
              data-testid="cancel"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate({ runId })}
            >
              {cancel.isPending ? 'Canceling…' : 'Cancel'}
            </button>
          ) : null}
        </div>
      </header>
      {actionError && !decision ? (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      ) : null}
      <div className="run-body">
        <div className="run-col">
          <RunGraph workflow={run.workflow} steps={run.steps} />
          <section className="card run-panel">
            <h2 className="panel-title">Beats</h2>
            <StepList
              steps={run.steps}
              onDecide={(stepId, d) => setDecision({ stepId, decision: d })}
            />
          </section>
        </div>
        <section className="card run-panel">
          <h2 className="panel-title">Story</h2>
          <Story events={run.events as RunEvent[]} follow={isActive(run.status)} />
        </section>
      </div>
      {decision ? (
        <DecisionDialog
          stepId={decision.stepId}
          decision={decision.decision}
          busy={deciding}
          error={actionError}
          onClose={() => {
            setDecision(null);
            setActionError(null);
          }}
          onSubmit={(by, comment) => {
            const input = { runId, stepId: decision.stepId, by, comment };
            if (decision.decision === 'approve') approve.mutate(input);
            else reject.mutate(input);
          }}
        />
      ) : null}
    </div>
  );
}
