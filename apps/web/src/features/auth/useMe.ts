'use client';

import type { Me } from '@/lib/api-contract';
import { useContractQuery } from '@/lib/contract-client';
import type { Role } from '@/lib/roles';

/**
 * Who the UI talks as (`auth.me`): the mode, the signed-in person or token (null when nobody
 * is signed in), and the ways to sign in. Cached for the page's life; a sign-in or sign-out
 * reloads the page anyway.
 */
export function useMe() {
  const query = useContractQuery('auth.me', undefined, { staleTime: 60_000, retry: 1 });
  const me: Me | undefined = query.data;
  return {
    query,
    me,
    /** The caller's role; null while loading or when nobody is signed in. */
    role: (me?.actor?.role ?? null) as Role | null,
  };
}
