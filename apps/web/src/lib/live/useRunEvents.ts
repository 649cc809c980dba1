'use client';

import { useEffect, useRef, useState } from 'react';
import { useTRPCClient } from '@/lib/trpc';
import { type Connection, connectionHandlers } from './connection';

/** Wait this long after the last event before refreshing… */
const QUIET_MS = 300;
/** …but never longer than this after the first one, so a busy run still refreshes. */
const MAX_WAIT_MS = 1_500;

/**
 * Every run's events (`runs.onEvent` without a runId), batched: `onBatch` gets the ids of the
 * runs that told something, once things are quiet for a moment (or at least every 1.5 s).
 * After a reconnect it is called with no ids, since events may have been missed meanwhile.
 */
export function useRunEvents(onBatch: (runIds: ReadonlySet<string>) => void): Connection {
  const client = useTRPCClient();
  const [connection, setConnection] = useState<Connection>('connecting');
  const callback = useRef(onBatch);
  callback.current = onBatch;

  useEffect(() => {
    let pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let firstAt = 0;
    let started = false;

    const flush = () => {
      timer = undefined;
      firstAt = 0;
      const batch = pending;
      pending = new Set();
      callback.current(batch);
    };
    const schedule = () => {
      const now = Date.now();
      if (!firstAt) firstAt = now;
      clearTimeout(timer);
      timer = setTimeout(flush, Math.max(0, Math.min(QUIET_MS, firstAt + MAX_WAIT_MS - now)));
    };

    const subscription = client.runs.onEvent.subscribe(undefined, {
      ...connectionHandlers(setConnection, () => {
        // A resubscription: whatever happened while we were away is not in any event we got.
        if (started) schedule();
        started = true;
      }),
      onData: (message) => {
        pending.add(message.data.runId);
        schedule();
      },
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [client]);

  return connection;
}
