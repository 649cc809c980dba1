import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from '../identity/auth-names.ts';
import { bearerOf } from '../identity/resolve-actor.ts';
import type { Verdict } from './guard.ts';

/** The header every browser request carries; a cross-origin sender needs a preflight for it. */
export const CSRF_HEADER = 'x-arcflow-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether the request's credential is the ambient session cookie (which a browser attaches
 * to requests other sites make) rather than an `Authorization` header (which it never does).
 */
export function isCookieAuthenticated(req: IncomingMessage): boolean {
  if (bearerOf(req) !== undefined) return false;
  return (req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`);
}

function originAllowed(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && allowedOrigins.includes(origin);
}

/**
 * Team mode's CSRF rule (docs/teams-design.md §4): a cookie-authenticated request that
 * changes something must come from an allowed `Origin` and carry `x-arcflow-csrf: 1`, as
 * JSON. A form on another page (even a same-site one, on another port) can send neither the
 * header nor JSON without a preflight, which only allowed origins pass. Bearer requests and
 * requests without the cookie carry no ambient credential and are left alone.
 */
export function checkCsrf(req: IncomingMessage, allowedOrigins: readonly string[]): Verdict {
  if (SAFE_METHODS.has(req.method ?? 'GET') || !isCookieAuthenticated(req)) return { ok: true };
  if (!originAllowed(req, allowedOrigins)) {
    return {
      ok: false,
      status: 403,
      message: `a signed-in request must come from an allowed origin (ARCFLOW_ALLOWED_ORIGINS); got ${req.headers.origin ?? 'none'}`,
    };
  }
  if (req.headers[CSRF_HEADER] !== '1') {
    return { ok: false, status: 403, message: `missing CSRF header (${CSRF_HEADER}: 1)` };
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type && type !== 'application/json') {
    return {
      ok: false,
      status: 403,
      message: `a signed-in request must send application/json, not ${type}`,
    };
  }
  return { ok: true };
}

/** A WebSocket opened with the session cookie must come from an allowed origin (cross-site WebSocket hijacking). */
export function checkWebSocketCsrf(
  req: IncomingMessage,
  allowedOrigins: readonly string[],
): Verdict {
  if (!isCookieAuthenticated(req) || originAllowed(req, allowedOrigins)) return { ok: true };
  return {
    ok: false,
    status: 403,
    message: 'a signed-in WebSocket must come from an allowed origin (ARCFLOW_ALLOWED_ORIGINS)',
  };
}
