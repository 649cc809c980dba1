'use client';

import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import { LoadingState } from '@/ui/States';
import { SIGN_IN_PATH, signInHref } from './redirect';
import { useMe } from './useMe';

/**
 * In team mode a visitor nobody signed in for is sent to `/sign-in?next=<this page>`. While
 * `auth.me` loads nothing is shown, so a page never flashes a refusal first. When the runner
 * does not answer the page renders and says so itself.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { me, query } = useMe();
  const pathname = usePathname() ?? '/';
  const router = useRouter();
  const signedOut = me?.mode === 'team' && me.actor === null && pathname !== SIGN_IN_PATH;

  useEffect(() => {
    if (signedOut) router.replace(signInHref(pathname + window.location.search));
  }, [signedOut, pathname, router]);

  if (pathname === SIGN_IN_PATH) return children;
  if (query.isPending) return <LoadingState label="Checking who you are…" />;
  if (signedOut) return <LoadingState label="Taking you to sign in…" />;
  return children;
}
