import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { TRPCError } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ApiContext } from '../api/context.ts';
import { appRouter } from '../api/router.ts';
import type { Actor } from '../identity/actor.ts';
import { stampClientIp } from '../identity/client-ip.ts';
import type { Logger } from '../logger.ts';
import { checkWebSocketCsrf } from './csrf.ts';
import type { DropLog } from './drop-log.ts';
import { type AccessPolicy, bearerToken, checkAccess, tokenMatches } from './guard.ts';
import { startUpgradeDeadline } from './upgrade-deadline.ts';

/** The close code a WebSocket gets when its token is missing or wrong. */
export const WS_UNAUTHORIZED = 4401;

export interface WebSocketOptions {
  /**
   * The context of one connection, from its upgrade request: who opened it (in team mode
   * `actor`, resolved before the upgrade), among others.
   */
  contextFor: (req: IncomingMessage, actor?: Actor) => ApiContext;
  policy: AccessPolicy;
  logger: Logger;
  maxPayload: number;
  /** From the upgrade request until the socket has said who it is (`upgrade timeout`). */
  upgradeTimeoutMs: number;
  drops: DropLog;
  team?: TeamWebSockets;
}

/** Team mode: who may open a WebSocket, and for how long. */
export interface TeamWebSockets {
  /** Who the upgrade request's cookie or `Authorization` header names. */
  resolve: (req: IncomingMessage) => Promise<Actor | undefined>;
  /** Which of these actors may still act (session alive, token valid, same role, not disabled). */
  stillValid: (actors: readonly Actor[]) => Promise<boolean[]>;
  trustedProxies: readonly string[];
  /** How often open sockets are checked against `stillValid` (default 2 s). */
  revalidateMs?: number;
}

/**
 * tRPC subscriptions over WebSocket on the HTTP server's port. An upgrade passes the access
 * guard first; its token comes as `Authorization`, `?token=`, or — with
 * `?connectionParams=1` — in tRPC's connectionParams once connected.
 */
export function attachWebSockets(server: Server, options: WebSocketOptions): WebSocketServer {
  const { contextFor, policy, logger, team } = options;
  if (team) return attachTeamWebSockets(server, { ...options, team });
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
    const deadline = startUpgradeDeadline(req, socket, {
      ms: options.upgradeTimeoutMs,
      drops: options.drops,
    });
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
      deadline.opened(ws);
      wss.emit('connection', ws, req);
    });
  });
  return wss;
}

/**
 * Team mode: an upgrade must name its user (session cookie from an allowed origin, or a
 * Bearer token) or it is refused with 401 before any WebSocket exists. Open sockets are
 * re-checked every couple of seconds and closed with 4401 once their session ends, their
 * token is revoked, their user is disabled or gets another role — whichever process did it.
 */
function attachTeamWebSockets(
  server: Server,
  options: WebSocketOptions & { team: TeamWebSockets },
): WebSocketServer {
  const { contextFor, policy, logger, team } = options;
  const actors = new WeakMap<IncomingMessage, Actor>();
  const open = new Map<WebSocket, Actor>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload });
  applyWSSHandler({
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
    createContext: ({ req, res }) => {
      const actor = actors.get(req);
      if (!actor) {
        res.close(WS_UNAUTHORIZED, 'unauthorized');
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
      }
      return contextFor(req, actor);
    },
    onError: ({ error, path, type }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: error.cause ?? error, path, type }, 'subscription failed');
    },
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Looking the caller up takes a moment: a client that hangs up meanwhile must not
    // leave an unhandled socket error behind.
    const dropOnError = () => socket.destroy();
    socket.on('error', dropOnError);
    const deadline = startUpgradeDeadline(req, socket, {
      ms: options.upgradeTimeoutMs,
      drops: options.drops,
    });
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://runner');
      stampClientIp(req, team.trustedProxies);
      const verdict = url.searchParams.has('token')
        ? ({
            ok: false,
            status: 401,
            message: 'send the token as Authorization: Bearer, not in the URL',
          } as const)
        : checkAccess(req, policy);
      const csrf = verdict.ok ? checkWebSocketCsrf(req, policy.allowedOrigins) : verdict;
      if (!csrf.ok) {
        rejectUpgrade(socket, csrf.status, csrf.message);
        return;
      }
      const actor = await team.resolve(req).catch((error) => {
        logger.error({ err: error }, 'websocket: could not tell who connects');
        return undefined;
      });
      if (!actor) {
        rejectUpgrade(
          socket,
          401,
          'sign in first (session cookie or Authorization: Bearer <token>)',
        );
        return;
      }
      // Cut meanwhile by the upgrade deadline, or gone.
      if (socket.destroyed) return;
      actors.set(req, actor);
      socket.off('error', dropOnError);
      wss.handleUpgrade(req, socket, head, (ws) => {
        deadline.opened(ws);
        open.set(ws, actor);
        ws.once('close', () => open.delete(ws));
        wss.emit('connection', ws, req);
      });
    })();
  });

  let checking = false;
  const timer = setInterval(() => {
    if (checking || open.size === 0) return;
    checking = true;
    const sockets = [...open.entries()];
    team
      .stillValid(sockets.map(([, actor]) => actor))
      .then((valid) => {
        sockets.forEach(([ws], i) => {
          if (valid[i]) return;
          open.delete(ws);
          ws.close(WS_UNAUTHORIZED, 'signed out');
        });
      })
      .catch((error) => logger.warn({ err: error }, 'websocket: could not re-check credentials'))
      .finally(() => {
        checking = false;
      });
  }, team.revalidateMs ?? 2_000);
  timer.unref();
  wss.on('close', () => clearInterval(timer));
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
