import type { IncomingMessage } from 'node:http';
import { MAX_FILE_BYTES } from '@arcflow/engine';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { type ApiDeps, createApiContext } from '../api/context.ts';
import { appRouter } from '../api/router.ts';
import { type IdentifyRequest, localActorResolver } from '../identity/actor.ts';
import type { AccessPolicy } from './guard.ts';
import { createHealthCheck } from './health.ts';
import { createHttpMiddleware } from './http-middleware.ts';
import { listen } from './listen.ts';
import { closeServer } from './shutdown.ts';
import { attachWebSockets } from './websocket.ts';

/** Room for a 1 MiB workflow even when JSON escaping doubles it. */
const MAX_BODY_BYTES = 4 * MAX_FILE_BYTES;

export interface RunnerServerOptions {
  deps: ApiDeps;
  host: string;
  port: number;
  policy: AccessPolicy;
  /** How long `/healthz` waits for the database (default 2 s). */
  healthTimeoutMs?: number;
  /**
   * Who makes a request or opens a WebSocket. Default (local mode): the local person, an
   * admin, for everyone who passes the access guard.
   */
  identify?: IdentifyRequest;
}

export interface RunnerServer {
  url: string;
  port: number;
  /** Stops accepting, closes every WebSocket (code 1001) and open connection. */
  close(): Promise<void>;
}

/**
 * The runner's API on one port: tRPC queries and mutations over HTTP, subscriptions over a
 * WebSocket on the same server, and `GET /healthz`. Every request passes `checkAccess` first.
 */
export async function startRunnerServer(options: RunnerServerOptions): Promise<RunnerServer> {
  const { deps, policy } = options;
  const { logger } = deps;
  const local = localActorResolver();
  const identify = options.identify ?? (() => local);
  const contextFor = (req: IncomingMessage) =>
    createApiContext(deps, { mode: 'local', resolveActor: identify(req) });

  const server = createHTTPServer({
    router: appRouter,
    createContext: ({ req }) => contextFor(req),
    maxBodySize: MAX_BODY_BYTES,
    onError: ({ error, path, type }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: error.cause ?? error, path, type }, 'request failed');
    },
    middleware: createHttpMiddleware({
      policy,
      logger,
      health: createHealthCheck(deps, options.healthTimeoutMs ?? 2_000),
    }),
  });
  const wss = attachWebSockets(server, { contextFor, policy, logger, maxPayload: MAX_BODY_BYTES });

  const address = await listen(server, options.host, options.port);
  server.on('error', (error) => logger.error({ err: error }, 'server error'));

  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () => closeServer(server, wss),
  };
}
