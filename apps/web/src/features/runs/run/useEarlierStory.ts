'use client';

import { useState } from 'react';
import type { RunEvent } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { useTRPCClient } from '@/lib/trpc';

/** How many earlier events one "Show earlier" loads. */
export const EARLIER_PAGE = 500;

/**
 * The story before the events the run page started from, loaded a page at a time on demand
 * (`runs.events` after `first - 1 - page`: seqs have no gaps). Returns the earlier events,
 * oldest first, and how many are left before them.
 */
export function useEarlierStory(runId: string, firstSeq: number | undefined) {
  const client = useTRPCClient();
  const [earlier, setEarlier] = useState<RunEvent[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const before = earlier[0]?.seq ?? firstSeq ?? 1;
  const left = Math.max(0, before - 1);

  const load = async () => {
    if (left === 0 || loading) return;
    setLoading(true);
    setError(null);
    try {
      const limit = Math.min(EARLIER_PAGE, left);
      const page = await client.runs.events.query({ runId, afterSeq: left - limit, limit });
      setEarlier((previous) => [...(page as RunEvent[]), ...previous]);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };

  return { earlier, left, loading, error, load };
}
