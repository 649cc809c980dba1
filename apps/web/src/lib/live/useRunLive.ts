'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunDetail, RunEvent } from '@/lib/api-types';
import { useTRPC, useTRPCClient } from '@/lib/trpc';
import { type Connection, connectionHandlers } from './connection';
import { isBehindItsEvents, mergeRun } from './merge-run';

/**
 * A run kept live: `runs.get` once, then `runs.onEvent` from the last seq seen, so a reload or
 * a reconnect misses nothing. Each event refetches the run (debounced) for step details.
 */
export function useRunLive(runId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const query = useQuery({ ...trpc.runs.get.queryOptions({ runId }), refetchOnWindowFocus: false });
  const [events, setEvents] = useState<RunEvent[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const lastSeq = useRef(0);
  const loaded = query.data !== undefined;

  useEffect(() => {
    if (!query.data) return;
    lastSeq.current = Math.max(lastSeq.current, query.data.events.at(-1)?.seq ?? 0);
    // Read as its last events were being written: no later event will put it right, so ask again.
    if (!isBehindItsEvents(query.data)) return;
    const timer = setTimeout(
      () => void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId }) }),
      250,
    );
    return () => clearTimeout(timer);
  }, [query.data, queryClient, trpc, runId]);

  useEffect(() => {
    if (!loaded) return;
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    const queryKey = trpc.runs.get.queryKey({ runId });
    const subscription = client.runs.onEvent.subscribe(
      { runId, afterSeq: lastSeq.current },
      {
        ...connectionHandlers(setConnection),
        onData: (message) => {
          const { event } = message.data;
          if (event.seq <= lastSeq.current) return;
          lastSeq.current = event.seq;
          setEvents((previous) => [...previous, event as RunEvent]);
          clearTimeout(refetchTimer);
          refetchTimer = setTimeout(() => void queryClient.invalidateQueries({ queryKey }), 250);
        },
      },
    );
    return () => {
      clearTimeout(refetchTimer);
      subscription.unsubscribe();
    };
  }, [client, queryClient, trpc, runId, loaded]);

  const run: RunDetail | undefined = useMemo(
    () => (query.data ? mergeRun(query.data, events) : undefined),
    [query.data, events],
  );

  return { query, run, connection };
}
