import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Who may talk to the service: the token (if any), the browser origins, the loopback rule. */
export interface AccessPolicy {
  token: string | undefined;
  allowedOrigins: readonly string[];
  /** Bound to a loopback address: only `Host: localhost|127.x|[::1]` is accepted. */
  loopbackOnly: boolean;
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

const OK: Verdict = { ok: true };

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return new URL(`http://${header}`).hostname;
  } catch {
    return undefined;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1]?.trim();
}

export function tokenMatches(policy: AccessPolicy, given: string | undefined): boolean {
  return policy.token === undefined || (given !== undefined && sameSecret(given, policy.token));
}

/**
 * The checks every request and WebSocket upgrade passes before anything else:
 * - a browser (it sends `Origin`) must be on the allow-list, else 403;
 * - on loopback, `Host` must name loopback too (a DNS-rebinding page would name its own host), else 403;
 * - with a token, `Authorization: Bearer <token>` (or, for WebSocket, `?token=`) must match, else 401.
 * `acceptLater` lets a WebSocket without a token through, to authenticate with tRPC's
 * connectionParams once connected.
 */
export function checkAccess(
  req: IncomingMessage,
  policy: AccessPolicy,
  options: { queryToken?: string | undefined; acceptLater?: boolean } = {},
): Verdict {
  const origin = req.headers.origin;
  if (origin !== undefined && !policy.allowedOrigins.includes(origin)) {
    return {
      ok: false,
      status: 403,
      message: `origin ${origin} is not allowed (ARCFLOW_ALLOWED_ORIGINS)`,
    };
  }
  if (policy.loopbackOnly) {
    const host = hostName(req.headers.host);
    if (!host || !isLoopbackHost(host)) {
      return { ok: false, status: 403, message: 'this runner only answers requests for localhost' };
    }
  }
  if (policy.token === undefined) return OK;
  const given = bearerToken(req) ?? options.queryToken;
  if (given === undefined && options.acceptLater) return OK;
  if (!tokenMatches(policy, given)) {
    return {
      ok: false,
      status: 401,
      message: 'a valid token is required (Authorization: Bearer <ARCFLOW_TOKEN>)',
    };
  }
  return OK;
}
