import { createServer, type IncomingMessage } from 'node:http';
import { MAX_FILE_BYTES } from '@arcflow/engine';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { type ApiDeps, createApiContext } from '../api/context.ts';
import { appRouter } from '../api/router.ts';
import type { Actor, IdentifyRequest } from '../identity/actor.ts';
import { localActorResolver } from '../identity/actor.ts';
import type { ArcflowAuth } from '../identity/auth.ts';
import { stillValid } from '../identity/live-actors.ts';
import { resolveActor, teamIdentify } from '../identity/resolve-actor.ts';
import { sessionSecretResolver } from '../identity/secret-store-resolver.ts';
import type { RunnerMetrics } from '../observability/metrics.ts';
import { createMetricsEndpoint, METRICS_PATH } from '../observability/metrics-endpoint.ts';
import { TriggerIntake } from '../triggers/intake.ts';
import { createArtifactDownload, isArtifactDownloadPath } from './artifact-download.ts';
import { capConnectionsPerAddress } from './connection-cap.ts';
import { DropLog } from './drop-log.ts';
import type { AccessPolicy } from './guard.ts';
import { createHealthCheck } from './health.ts';
import { createHooksHandler } from './hooks.ts';
import { httpLimitsOf, nodeServerOptions } from './http-limits.ts';
import { createHttpMiddleware } from './http-middleware.ts';
import { listen } from './listen.ts';
import { RefusalLimit } from './refusal-limit.ts';
import { sendJson } from './send-json.ts';
import { closeServer } from './shutdown.ts';
import { dropStalledConnections } from './stalled-connections.ts';
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
  /**
   * Team mode: people sign in (better-auth under `/api/auth/*`) or send API tokens; every
   * procedure but the public ones needs one of them.
   */
  team?: TeamServerOptions;
  /** `GET /metrics` (see `createMetricsEndpoint` for who may read it); absent, no such route. */
  metrics?: { metrics: RunnerMetrics; token: string | undefined };
}

export interface TeamServerOptions {
  /** Sign-in, made once the server knows its own address (`--port 0`). */
  createAuth: (serverUrl: string) => ArcflowAuth;
  /** Reverse proxies whose `X-Forwarded-For` is believed. */
  trustedProxies: readonly string[];
  /** How often open WebSockets are re-checked (default 2 s). */
  revalidateMs?: number;
}

export interface RunnerServer {
  url: string;
  port: number;
  /** Stops accepting, closes every WebSocket (code 1001) and open connection. */
  close(): Promise<void>;
}

/**
 * The runner's API on one port: tRPC queries and mutations over HTTP, subscriptions over a
 * WebSocket on the same server, `GET /healthz`, and the webhooks under `/hooks/` (signed, so
 * they skip the guard). Every other request passes `checkAccess` first.
 */
export async function startRunnerServer(options: RunnerServerOptions): Promise<RunnerServer> {
  const { team } = options;
  const { logger } = options.deps;
  const { env } = options.deps.session;
  const limits = httpLimitsOf(env);
  // Every connection cut short or refused is a warning, once a minute per address and reason.
  const drops = new DropLog(logger);
  // Webhooks and git hooks start runs through the same service; the API redelivers with it.
  const intake = new TriggerIntake({
    session: options.deps.session,
    service: options.deps.service,
    logger,
    secrets: sessionSecretResolver(options.deps.session),
    team: team !== undefined,
  });
  const deps: ApiDeps = { ...options.deps, triggers: options.deps.triggers ?? intake };
  // Team mode also accepts browsers on the runner's own public origin (known after listening).
  const policy: AccessPolicy = {
    ...options.policy,
    allowedOrigins: [...options.policy.allowedOrigins],
  };
  // Made once the server listens (it needs its own address); no request arrives before.
  let teamAuth: ArcflowAuth | undefined;
  const auth = (): ArcflowAuth => {
    if (!teamAuth) throw new Error('team mode: sign-in is not ready');
    return teamAuth;
  };
  const local = localActorResolver();
  const lookup = team && {
    get auth() {
      return auth();
    },
    store: deps.session.store,
  };
  const identify = lookup ? teamIdentify(lookup) : (options.identify ?? (() => local));
  const mode = team ? 'team' : 'local';
  const contextFor = (req: IncomingMessage, actor?: Actor) =>
    createApiContext(deps, {
      mode,
      resolveActor: actor ? async () => actor : identify(req),
      ...(team ? { signIn: auth().signIn } : {}),
    });

  const metricsEndpoint =
    options.metrics &&
    createMetricsEndpoint({ ...options.metrics, policy, team: team !== undefined });
  const middleware = createHttpMiddleware({
    policy,
    logger,
    health: createHealthCheck(deps, options.healthTimeoutMs ?? 2_000),
    hooks: createHooksHandler({
      intake,
      maxBytes: env.ARCFLOW_WEBHOOK_MAX_BYTES,
      logger,
      trustedProxies: team?.trustedProxies ?? [],
      refusals: new RefusalLimit(env.ARCFLOW_WEBHOOK_REFUSALS_PER_MINUTE),
      drops,
    }),
    ...(lookup && team ? { team: { auth: lookup, trustedProxies: team.trustedProxies } } : {}),
  });

  const download = createArtifactDownload({
    store: deps.session.store,
    blobs: deps.session.blobs.artifacts,
    logger,
  });
  const handler = createHTTPHandler({
    router: appRouter,
    createContext: ({ req }) => contextFor(req),
    maxBodySize: MAX_BODY_BYTES,
    onError: ({ error, path, type }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: error.cause ?? error, path, type }, 'request failed');
    },
    // `/metrics` has its own rule for who may read it (scrapers hold no session).
    middleware: (req, res, next) => {
      if (metricsEndpoint && (req.url ?? '/').split('?')[0] === METRICS_PATH) {
        metricsEndpoint(req, res).catch((error) => {
          logger.error({ err: error }, 'metrics: could not collect');
          if (!res.headersSent) sendJson(res, 500, { error: 'could not collect the metrics' });
        });
        return;
      }
      middleware(req, res, () => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (!isArtifactDownloadPath(path)) return next();
        download(req, res, path, identify(req)).catch((error: unknown) => {
          logger.error({ err: error, path }, 'artifact download failed');
          if (!res.headersSent) sendJson(res, 500, { error: 'the artifact could not be read' });
          else res.destroy();
        });
      });
    },
  });
  const server = createServer(nodeServerOptions(limits), handler);
  dropStalledConnections(server, { idleTimeoutMs: limits.idleTimeoutMs, drops, logger });
  capConnectionsPerAddress(server, {
    max: limits.maxConnectionsPerAddress,
    exempt: team?.trustedProxies ?? [],
    drops,
  });
  const wss = attachWebSockets(server, {
    contextFor,
    policy,
    logger,
    maxPayload: MAX_BODY_BYTES,
    upgradeTimeoutMs: limits.upgradeTimeoutMs,
    drops,
    ...(lookup && team
      ? {
          team: {
            resolve: (req) => resolveActor(req, lookup),
            stillValid: (actors) => stillValid(deps.session.db.prisma, actors),
            trustedProxies: team.trustedProxies,
            ...(team.revalidateMs ? { revalidateMs: team.revalidateMs } : {}),
          },
        }
      : {}),
  });

  options.metrics?.metrics.setWebSocketClientsSource(() => wss.clients.size);

  const address = await listen(server, options.host, options.port);
  server.on('error', (error) => logger.error({ err: error }, 'server error'));

  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  if (team) {
    teamAuth = team.createAuth(url);
    if (!policy.allowedOrigins.includes(teamAuth.publicOrigin)) {
      (policy.allowedOrigins as string[]).push(teamAuth.publicOrigin);
    }
  }
  return {
    url,
    port: address.port,
    close: async () => {
      await closeServer(server, wss);
      drops.close();
    },
  };
}
