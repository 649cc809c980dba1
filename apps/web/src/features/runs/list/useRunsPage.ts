'use client';

import {
  keepPreviousData,
  useInfiniteQuery,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { useNow } from '@/lib/live/useNow';
import { useRunEvents } from '@/lib/live/useRunEvents';
import { isActive } from '@/lib/statuses';
import { useTRPC } from '@/lib/trpc';
import { filtersQuery, parseFilters, type RunFilters } from './filters';

const PAGE_SIZE = 25;

/**
 * The runs page's data: the filters (kept in the URL), the workflow names to filter by, the
 * runs in cursor pages, refreshed live on every run event, and a clock for the relative times
 * (every second while a run is active).
 */
export function useRunsPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const searchParams = useSearchParams();
  const queryClient = useQueryClient();
  const filters = parseFilters(searchParams);

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
  const now = useNow(items.some((run) => isActive(run.status)) ? 1_000 : 30_000);

  function setFilters(next: RunFilters) {
    router.replace(`/runs${filtersQuery(next)}`, { scroll: false });
  }

  const workflowNames = (workflows.data ?? []).map((w) => w.name);
  if (filters.workflow && !workflowNames.includes(filters.workflow)) {
    workflowNames.unshift(filters.workflow);
  }

  return { filters, setFilters, workflowNames, runs, items, now, connection };
}
