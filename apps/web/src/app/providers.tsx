'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { isUnauthorized, SIGN_IN_PATH, signInHref } from '@/features/auth/redirect';
import type { RunnerEndpoints } from '@/lib/env';
import { RunnerProvider } from '@/lib/runner-context';
import { createArcflowClient, TRPCProvider } from '@/lib/trpc';

/** A session that ended (expired, signed out elsewhere, revoked) sends the page to sign in. */
function signInOnUnauthorized(error: unknown) {
  if (!isUnauthorized(error) || typeof window === 'undefined') return;
  const { pathname, search } = window.location;
  if (pathname !== SIGN_IN_PATH) window.location.assign(signInHref(pathname + search));
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: signInOnUnauthorized }),
    mutationCache: new MutationCache({ onError: signInOnUnauthorized }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // Asking again will not sign anyone in.
        retry: (failures, error) => !isUnauthorized(error) && failures < 1,
        refetchOnWindowFocus: true,
      },
    },
  });
}

export function Providers({ runner, children }: { runner: RunnerEndpoints; children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() => createArcflowClient(runner));
  return (
    <RunnerProvider runner={runner}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </RunnerProvider>
  );
}
