import type { ServerOptions } from 'node:http';
import type { RunnerEnv } from '../env.ts';

/** How long a connection may take at each stage, and how many one address may hold. */
export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** How long a request being answered may go without a byte either way. */
  idleTimeoutMs: number;
  /** From a WebSocket upgrade request until the socket has said who it is. */
  upgradeTimeoutMs: number;
  /** Open connections (WebSockets included) per client address; 0 for no cap. */
  maxConnectionsPerAddress: number;
}

/** The limits `ARCFLOW_HTTP_*`, `ARCFLOW_WS_UPGRADE_TIMEOUT_MS` and `ARCFLOW_MAX_CONNECTIONS_PER_ADDRESS` set. */
export function httpLimitsOf(env: RunnerEnv): HttpLimits {
  return {
    // The request's limit covers its headers too: a longer headers limit would never apply.
    headersTimeoutMs: Math.min(
      env.ARCFLOW_HTTP_HEADERS_TIMEOUT_MS,
      env.ARCFLOW_HTTP_REQUEST_TIMEOUT_MS,
    ),
    requestTimeoutMs: env.ARCFLOW_HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: env.ARCFLOW_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    idleTimeoutMs: env.ARCFLOW_HTTP_IDLE_TIMEOUT_MS,
    upgradeTimeoutMs: env.ARCFLOW_WS_UPGRADE_TIMEOUT_MS,
    maxConnectionsPerAddress: env.ARCFLOW_MAX_CONNECTIONS_PER_ADDRESS,
  };
}

/**
 * Node checks the headers and request timeouts on an interval (30 s by default, so a 10 s
 * limit could take 40 s): check four times per shortest limit, at most once a second.
 */
export function nodeServerOptions(limits: HttpLimits): ServerOptions {
  const shortest = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(shortest / 4))),
  };
}
