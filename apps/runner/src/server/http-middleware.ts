import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import { allowCors } from './cors.ts';
import { type AccessPolicy, checkAccess } from './guard.ts';
import { sendJson } from './send-json.ts';

export interface HttpMiddlewareOptions {
  policy: AccessPolicy;
  logger: Logger;
  health: (res: ServerResponse) => Promise<void>;
}

/**
 * What every HTTP request passes before tRPC sees it: a debug log line once answered, CORS
 * headers, the access guard (origin, Host, token), preflights answered, and `/healthz`.
 */
export function createHttpMiddleware({ policy, logger, health }: HttpMiddlewareOptions) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    logWhenAnswered(logger, req, res, path);
    allowCors(req, res, policy.allowedOrigins);
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
