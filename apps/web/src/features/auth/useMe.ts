'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

/**
 * Who the UI talks as (`auth.me`): the mode, the signed-in person or token (null when nobody
 * is signed in), and the ways to sign in. Cached for the page's life; a sign-in or sign-out
 * reloads the page anyway.
 */
export function useMe() {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000, retry: 1 });
  const me = query.data;
  return {
    query,
    me,
    /** The caller's role; null while loading or when nobody is signed in. */
    role: me?.actor?.role ?? null,
  };
}
