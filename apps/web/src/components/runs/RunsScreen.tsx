'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect } from 'react';
import { StatusBadge } from '@/components/ui/Badges';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/States';
import { duration, timeAgo } from '@/lib/format';
import { useTRPC, useTRPCClient } from '@/lib/trpc';

/** Runs, newest first; any event of any run refreshes the list. */
export function RunsScreen() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const runs = useQuery(trpc.runs.list.queryOptions({ limit: 100 }));

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = client.runs.onEvent.subscribe(undefined, {
      onData: () => {
        clearTimeout(timer);
        timer = setTimeout(
          () => void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() }),
          300,
        );
      },
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [client, queryClient, trpc]);

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Runs</h1>
          <p>Every arc told so far, newest first.</p>
        </div>
      </div>
      <div className="card">
        {runs.isPending ? (
          <LoadingState label="Loading runs…" />
        ) : runs.isError ? (
          <ErrorState
            title="Could not load the runs"
            error={runs.error}
            onRetry={() => void runs.refetch()}
          />
        ) : runs.data.items.length === 0 ? (
          <EmptyState
            title="No runs yet"
            action={
              <Link className="btn btn-sm" href="/">
                Pick a workflow to run
              </Link>
            }
          >
            Start one from the workflows page or with <code>arcflow run</code>.
          </EmptyState>
        ) : (
          <table className="table" data-testid="runs-table">
            <thead>
              <tr>
                <th>Run</th>
                <th>Workflow</th>
                <th>Status</th>
                <th>Steps</th>
                <th>Started</th>
                <th>Duration</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((run) => {
                const total = Object.values(run.stepCounts).reduce((a, b) => a + b, 0);
                return (
                  <tr key={run.id}>
                    <td>
                      <Link className="mono table-link" href={`/runs/${run.id}`}>
                        {run.id}
                      </Link>
                    </td>
                    <td className="mono">{run.workflowName}</td>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    <td className="muted">
                      {run.stepCounts.succeeded}/{total}
                      {run.stepCounts.failed ? ` · ${run.stepCounts.failed} failed` : ''}
                    </td>
                    <td className="muted">{timeAgo(run.startedAt ?? run.createdAt)}</td>
                    <td className="muted">{duration(run.startedAt, run.finishedAt)}</td>
                    <td className="muted">{run.triggeredBy}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
