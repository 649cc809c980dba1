import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { RunEvent } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';

/**
 * A `for_each` step that expands while the page is open adds steps the page has not read
 * (the event names them): read the run's overview again, once per expansion.
 */
export function useExpandedInstances(
  runId: string,
  events: readonly RunEvent[] | undefined,
  stepIds: ReadonlySet<string>,
): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unseen = (events ?? [])
    .filter((event) => event.type === 'step.expanded')
    .flatMap((event) => {
      const instances = event.data?.instances;
      return Array.isArray(instances) ? instances.filter((id) => typeof id === 'string') : [];
    })
    .filter((id) => !stepIds.has(id))
    .join(',');
  useEffect(() => {
    if (unseen === '') return;
    void queryClient.invalidateQueries({ queryKey: trpc.runs.overview.queryKey({ runId }) });
  }, [unseen, queryClient, trpc, runId]);
}
