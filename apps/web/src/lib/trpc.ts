import type { AppRouter } from '@arcflow/runner';
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  type TRPCLink,
  wsLink,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { RunnerEndpoints } from './env';
import { CSRF_HEADER } from './runner-fetch';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Subscriptions need a WebSocket, which exists only in the browser (Node 20 has none). */
function subscriptionLink(runner: RunnerEndpoints): TRPCLink<AppRouter> {
  if (typeof window === 'undefined') {
    return httpLink(runner);
  }
  // Lazy: the socket opens with the first subscription and closes a while after the last.
  return wsLink({
    client: createWSClient({ url: runner.wsUrl, lazy: { enabled: true, closeMs: 10_000 } }),
  });
}

/** Queries and mutations: with the session cookie and the CSRF header (see `runner-fetch.ts`). */
function httpLink(runner: RunnerEndpoints): TRPCLink<AppRouter> {
  return httpBatchLink({
    url: runner.apiUrl,
    headers: () => CSRF_HEADER,
    fetch: (url, options) => fetch(url, { ...options, credentials: 'include' }),
  });
}

export function createArcflowClient(runner: RunnerEndpoints) {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: subscriptionLink(runner),
        false: httpLink(runner),
      }),
    ],
  });
}
