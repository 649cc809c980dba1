import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { TRPCError } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import type { ApiContext } from '../api/context.ts';
import { appRouter } from '../api/router.ts';
import type { Logger } from '../logger.ts';
import { type AccessPolicy, bearerToken, checkAccess, tokenMatches } from './guard.ts';

/** The close code a WebSocket gets when its token is missing or wrong. */
export const WS_UNAUTHORIZED = 4401;

export interface WebSocketOptions {
  /** The context of one connection, from its upgrade request: who opened it, among others. */
  contextFor: (req: IncomingMessage) => ApiContext;
  policy: AccessPolicy;
  logger: Logger;
  maxPayload: number;
}

/**
 * tRPC subscriptions over WebSocket on the HTTP server's port. An upgrade passes the access
 * guard first; its token comes as `Authorization`, `?token=`, or — with
 * `?connectionParams=1` — in tRPC's connectionParams once connected.
 */
export function attachWebSockets(server: Server, options: WebSocketOptions): WebSocketServer {
  const { contextFor, policy, logger } = options;
  // Connections whose upgrade request carried the right token already.
  const authenticated = new WeakSet<IncomingMessage>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload });
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
      // Every subscription on this connection passes the same role guard as HTTP calls.
      return contextFor(req);
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
  return wss;
}

function rejectUpgrade(socket: Duplex, status: 401 | 403, message: string): void {
  const reason = status === 401 ? 'Unauthorized' : 'Forbidden';
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
