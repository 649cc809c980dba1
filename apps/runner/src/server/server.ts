import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { MAX_FILE_BYTES } from '@arcflow/engine';
import { TRPCError } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import type { ApiContext, ApiDeps } from '../api/context.ts';
import { appRouter } from '../api/router.ts';
import { UserError } from '../errors.ts';
import { type AccessPolicy, bearerToken, checkAccess, tokenMatches } from './guard.ts';

/** Room for a 1 MiB workflow even when JSON escaping doubles it. */
const MAX_BODY_BYTES = 4 * MAX_FILE_BYTES;
/** The close code a WebSocket gets when its token is missing or wrong. */
export const WS_UNAUTHORIZED = 4401;

export interface RunnerServerOptions {
  deps: ApiDeps;
  host: string;
  port: number;
  policy: AccessPolicy;
  /** How long `/healthz` waits for the database (default 2 s). */
  healthTimeoutMs?: number;
}

export interface RunnerServer {
  url: string;
  port: number;
  /** Stops accepting, closes every WebSocket (code 1001) and open connection. */
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

function rejectUpgrade(socket: Duplex, status: 401 | 403, message: string): void {
  const reason = status === 401 ? 'Unauthorized' : 'Forbidden';
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/**
 * The runner's API on one port: tRPC queries and mutations over HTTP, subscriptions over a
 * WebSocket on the same server, and `GET /healthz`. Every request passes `checkAccess` first.
 */
export async function startRunnerServer(options: RunnerServerOptions): Promise<RunnerServer> {
  const { deps, policy } = options;
  const { logger } = deps;
  const context: ApiContext = { deps };

  const health = async (res: ServerResponse) => {
    try {
      await withTimeout(
        deps.session.db.prisma.$queryRaw`SELECT 1`,
        options.healthTimeoutMs ?? 2_000,
      );
      sendJson(res, 200, {
        ok: true,
        database: 'reachable',
        kind: deps.session.db.kind,
        runnerId: deps.runnerId,
      });
    } catch (error) {
      logger.error({ err: error }, 'health check: database unreachable');
      sendJson(res, 503, { ok: false, database: 'unreachable', error: (error as Error).message });
    }
  };

  const server = createHTTPServer({
    router: appRouter,
    createContext: () => context,
    maxBodySize: MAX_BODY_BYTES,
    onError: ({ error, path, type }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: error.cause ?? error, path, type }, 'request failed');
    },
    middleware: (req: IncomingMessage, res: ServerResponse, next) => {
      const started = performance.now();
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      res.once('finish', () =>
        logger.debug(
          {
            method: req.method,
            path,
            status: res.statusCode,
            ms: Math.round(performance.now() - started),
          },
          'request',
        ),
      );
      const origin = req.headers.origin;
      if (origin !== undefined && policy.allowedOrigins.includes(origin)) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('vary', 'Origin');
        res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        res.setHeader(
          'access-control-allow-headers',
          'authorization, content-type, trpc-accept, x-trpc-source',
        );
        res.setHeader('access-control-max-age', '600');
      }
      // A preflight carries no credentials: answer it on origin and host alone.
      const verdict = checkAccess(
        req,
        req.method === 'OPTIONS' ? { ...policy, token: undefined } : policy,
      );
      if (!verdict.ok) {
        if (verdict.status === 401) res.setHeader('www-authenticate', 'Bearer');
        sendJson(res, verdict.status, { error: verdict.message });
        return;
      }
      if (req.method === 'OPTIONS') {
        res.statusCode = 204;
        res.end();
        return;
      }
      if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
        void health(res);
        return;
      }
      next();
    },
  });

  // WebSocket connections whose upgrade request carried the right token already.
  const authenticated = new WeakSet<IncomingMessage>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  applyWSSHandler({
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
    createContext: ({ req, res, info }) => {
      if (!authenticated.has(req)) {
        const params = info.connectionParams as Record<string, unknown> | null;
        const token = typeof params?.token === 'string' ? params.token : undefined;
        if (!tokenMatches(policy, token)) {
          res.close(WS_UNAUTHORIZED, 'unauthorized');
          throw new TRPCError({ code: 'UNAUTHORIZED', message: 'a valid token is required' });
        }
      }
      return context;
    },
    onError: ({ error, path, type }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: error.cause ?? error, path, type }, 'subscription failed');
    },
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://runner');
    const queryToken = url.searchParams.get('token') ?? undefined;
    const verdict = checkAccess(req, policy, {
      queryToken,
      acceptLater: url.searchParams.get('connectionParams') === '1',
    });
    if (!verdict.ok) {
      logger.debug({ path: url.pathname, status: verdict.status }, 'websocket refused');
      rejectUpgrade(socket, verdict.status, verdict.message);
      return;
    }
    if (policy.token === undefined || tokenMatches(policy, bearerToken(req) ?? queryToken)) {
      authenticated.add(req);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      logger.debug({ path: url.pathname }, 'websocket connected');
      wss.emit('connection', ws, req);
    });
  });

  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new UserError(`port ${options.port} is in use; pass --port`, 2, { cause: error }));
      } else if (error.code === 'EACCES') {
        reject(
          new UserError(
            `port ${options.port} needs privileges this process lacks; pass --port`,
            2,
            { cause: error },
          ),
        );
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(
          new UserError(
            `cannot listen on ${options.host}: no such address on this machine; pass --host`,
            2,
            { cause: error },
          ),
        );
      } else {
        reject(error);
      }
    };
    server.once('error', fail);
    server.listen(options.port, options.host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'server error'));

  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of wss.clients) client.close(1001, 'the runner is shutting down');
      wss.close();
      server.closeIdleConnections();
      // Give WebSocket close frames a moment, then cut whatever is left.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      server.closeAllConnections();
      for (const client of wss.clients) client.terminate();
      await closed;
    },
  };
}
