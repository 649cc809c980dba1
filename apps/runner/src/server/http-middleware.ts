import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArcflowAuth } from '../identity/auth.ts';
import { AUTH_BASE_PATH } from '../identity/auth-names.ts';
import { stampClientIp } from '../identity/client-ip.ts';
import type { Logger } from '../logger.ts';
import { allowCors } from './cors.ts';
import { checkCsrf } from './csrf.ts';
import { type AccessPolicy, checkAccess } from './guard.ts';
import { isHookPath } from './hooks.ts';
import { sendJson } from './send-json.ts';

export interface HttpMiddlewareOptions {
  policy: AccessPolicy;
  logger: Logger;
  health: (res: ServerResponse) => Promise<void>;
  /** Team mode: better-auth's endpoints, the CSRF rule, the client's address. */
  team?: TeamHttp;
  /** `POST /hooks/*`: webhooks and git hooks, authenticated by their signature instead. */
  hooks?: (req: IncomingMessage, res: ServerResponse, path: string) => void;
}

export interface TeamHttp {
  /** Read on each request (it is made once the server listens). */
  auth: { readonly auth: ArcflowAuth };
  /** Reverse proxies whose `X-Forwarded-For` is believed. */
  trustedProxies: readonly string[];
}

/**
 * What every HTTP request passes before tRPC sees it: a debug log line once answered, webhooks
 * (`/hooks/*`, signed) handed over, CORS
 * headers, the access guard (origin, Host, token), preflights answered, and `/healthz`.
 * In team mode then the CSRF rule, and `/api/auth/*` goes to better-auth.
 */
export function createHttpMiddleware({
  policy,
  logger,
  health,
  team,
  hooks,
}: HttpMiddlewareOptions) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    logWhenAnswered(logger, req, res, path);
    // Senders of webhooks are servers (no Origin, no token, no session): their signature is
    // checked instead, so they pass before the guard; everything else still meets it.
    if (hooks && isHookPath(path)) {
      hooks(req, res, path);
      return;
    }
    allowCors(req, res, policy.allowedOrigins);
    if (team) stampClientIp(req, team.trustedProxies);
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
    if (team) {
      const csrf = checkCsrf(req, policy.allowedOrigins);
      if (!csrf.ok) {
        sendJson(res, csrf.status, { error: csrf.message });
        return;
      }
      if (path === AUTH_BASE_PATH || path.startsWith(`${AUTH_BASE_PATH}/`)) {
        team.auth.auth.handle(req, res).catch((error) => {
          logger.error({ err: error, path }, 'sign-in endpoint failed');
          if (!res.headersSent) sendJson(res, 500, { message: 'internal error' });
        });
        return;
      }
    }
    next();
  };
}

function logWhenAnswered(
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): void {
  const started = performance.now();
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
}
