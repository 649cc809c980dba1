'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunDetail, RunEvent } from '@/lib/api-types';
import { useTRPC, useTRPCClient } from '@/lib/trpc';
import { createBatcher, createDebouncer } from './batch';
import { type Connection, connectionHandlers } from './connection';
import { isBehindItsEvents, mergeRun, unionBySeq } from './merge-run';

/** The run page starts from the story's latest events; earlier ones are paged on demand. */
export const STORY_TAIL = 300;
/** Refresh the run's details once events pause this long… */
const REFRESH_QUIET_MS = 250;
/** …or at the latest this long after the first event of a burst. */
const REFRESH_MAX_WAIT_MS = 2_000;

/**
 * A run kept live: `runs.overview` once (its steps summarised, the story's latest events and an outline of the
 * rest), then `runs.onEvent` from the last seq seen, so a reload or a reconnect misses nothing.
 * Events are applied in batches (≤ 10 renders a second); the run is refetched for step details
 * when they pause, and at least every 2 s while they do not.
 */
export function useRunLive(runId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const input = { runId, eventsTail: STORY_TAIL };
  const query = useQuery({
    ...trpc.runs.overview.queryOptions(input),
    refetchOnWindowFocus: false,
  });
  const [events, setEvents] = useState<RunEvent[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const lastSeq = useRef(0);
  const loaded = query.data !== undefined;

  useEffect(() => {
    if (!query.data) return;
    const fetchedUpTo = query.data.events.at(-1)?.seq ?? 0;
    lastSeq.current = Math.max(lastSeq.current, fetchedUpTo);
    // Everything the page has shown stays: a later fetch brings only the latest events.
    const fetched = query.data.events as RunEvent[];
    setEvents((previous) => unionBySeq(previous, fetched));
    // Read as its last events were being written: no later event will put it right, so ask again.
    if (!isBehindItsEvents(query.data)) return;
    const timer = setTimeout(
      () =>
        void queryClient.invalidateQueries({ queryKey: trpc.runs.overview.queryKey({ runId }) }),
      250,
    );
    return () => clearTimeout(timer);
  }, [query.data, queryClient, trpc, runId]);

  useEffect(() => {
    if (!loaded) return;
    const queryKey = trpc.runs.overview.queryKey({ runId });
    const refresh = createDebouncer(
      () => void queryClient.invalidateQueries({ queryKey }),
      REFRESH_QUIET_MS,
      REFRESH_MAX_WAIT_MS,
    );
    const batcher = createBatcher<RunEvent>((batch) => {
      setEvents((previous) => unionBySeq(previous, batch));
      refresh.call();
    });
    const subscription = client.runs.onEvent.subscribe(
      { runId, afterSeq: lastSeq.current },
      {
        ...connectionHandlers(setConnection),
        onData: (message) => {
          const { event } = message.data;
          if (event.seq <= lastSeq.current) return;
          lastSeq.current = event.seq;
          batcher.push(event as RunEvent);
        },
      },
    );
    return () => {
      batcher.cancel();
      refresh.cancel();
      subscription.unsubscribe();
    };
  }, [client, queryClient, trpc, runId, loaded]);

  const run: RunDetail | undefined = useMemo(() => {
    if (!query.data) return undefined;
    const merged = mergeRun(query.data, events);
    const seen = unionBySeq(events, query.data.events as RunEvent[]);
    return { ...merged, events: seen as RunDetail['events'] };
  }, [query.data, events]);

  return { query, run, connection };
}
