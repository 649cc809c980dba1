'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { RunnerEndpoints } from '@/lib/env';
import { RunnerProvider } from '@/lib/runner-context';
import { createArcflowClient, TRPCProvider } from '@/lib/trpc';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: true },
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
