import type { IncomingMessage } from 'node:http';
import type { Store } from '@arcflow/db';
import type { Actor, IdentifyRequest, RequestOrigin } from './actor.ts';
import { hashApiToken, looksLikeApiToken } from './api-token.ts';
import type { ArcflowAuth } from './auth.ts';
import { CLIENT_IP_HEADER } from './client-ip.ts';

export interface ActorLookup {
  auth: ArcflowAuth;
  store: Store;
}

/** `Authorization: Bearer <token>`'s token, if the request has one. */
export function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1]?.trim();
}

function originOf(req: IncomingMessage, client: string): RequestOrigin {
  const ip = req.headers[CLIENT_IP_HEADER] ?? req.socket.remoteAddress;
  const userAgent = req.headers['user-agent']?.slice(0, 500);
  return {
    ...(typeof ip === 'string' && ip ? { ip } : {}),
    ...(userAgent ? { userAgent } : {}),
    client,
  };
}

/**
 * Who makes a request in team mode: an API token (`Authorization: Bearer arc_…`: not
 * revoked, not expired, its user not disabled) acts for its user; else the session cookie's
 * user. The user is read from the database on every request, so a new role or a disabled
 * account counts at once. A bearer that is not a valid token never falls back to the cookie.
 */
export async function resolveActor(
  req: IncomingMessage,
  { auth, store }: ActorLookup,
): Promise<Actor | undefined> {
  const bearer = bearerOf(req);
  if (bearer !== undefined) {
    if (!looksLikeApiToken(bearer)) return undefined;
    const token = await store.apiTokens.findByHash(hashApiToken(bearer));
    if (!token || token.user.banned) return undefined;
    // Recording use is best effort: a failed write must not fail the request.
    void store.apiTokens.touch(token.id).catch(() => {});
    return {
      kind: 'token',
      userId: token.user.id,
      username: token.user.username,
      name: token.user.name,
      role: token.user.role,
      tokenId: token.id,
      from: originOf(req, 'api'),
    };
  }
  const session = await auth.sessionOf(req.headers);
  if (!session) return undefined;
  const user = await store.users.get(session.userId);
  if (!user || user.banned) return undefined;
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    sessionId: session.sessionId,
    from: originOf(req, 'web'),
  };
}

/** `resolveActor` as the server asks for it: looked up once per request, on first use. */
export function teamIdentify(lookup: ActorLookup): IdentifyRequest {
  return (req) => () => resolveActor(req, lookup);
}
