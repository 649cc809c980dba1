'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { errorMessage } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import { restoredNotice } from './history';

/** How often an open history refreshes its runs' statuses. */
const REFRESH_MS = 5_000;

/**
 * The workflow's revision history (while `enabled`), and restoring one: the runner writes
 * its content to the workflow's file and records it; `onRestored` gets the text.
 */
export function useWorkflowHistory(
  name: string,
  enabled: boolean,
  onRestored: (yaml: string) => void,
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const history = useQuery({
    ...trpc.workflows.history.queryOptions({ name }),
    enabled,
    refetchInterval: enabled ? REFRESH_MS : false,
  });
  const restoreMutation = useMutation(trpc.workflows.restore.mutationOptions());
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const restore = useCallback(
    async (ref: string): Promise<boolean> => {
      setNotice(null);
      try {
        const result = await restoreMutation.mutateAsync({ name, ref });
        onRestored(result.yaml);
        setNotice({ tone: 'ok', text: restoredNotice(result) });
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.history.queryKey({ name }) });
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.source.queryKey({ name }) });
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.get.queryKey({ name }) });
        return true;
      } catch (error) {
        setNotice({ tone: 'error', text: `Not restored: ${errorMessage(error)}` });
        return false;
      }
    },
    [name, restoreMutation, onRestored, queryClient, trpc],
  );

  return {
    history,
    restore,
    restoring: restoreMutation.isPending ? (restoreMutation.variables?.ref ?? null) : null,
    notice,
    dismissNotice: () => setNotice(null),
  };
}
