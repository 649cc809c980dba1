import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The header the server writes the client's address into (overwriting whatever the client
 * sent); better-auth reads it for its rate limit and the session's IP.
 */
export const CLIENT_IP_HEADER = 'x-arcflow-client-ip';

/** `::ffff:127.0.0.1` is 127.0.0.1: one client, whichever way it reached a dual-stack socket. */
export const bareAddress = (address: string): string => address.replace(/^::ffff:(?=\d+\.)/, '');

/**
 * Who is on the other end: the socket's address, or — when that is one of the
 * `trustedProxies` — the last address in `X-Forwarded-For` that is not a trusted proxy.
 * Headers from anyone else are ignored: they are the client's to invent.
 */
export function clientIp(req: IncomingMessage, trustedProxies: readonly string[]): string {
  const direct = bareAddress(req.socket.remoteAddress ?? '');
  if (trustedProxies.length === 0 || !trustedProxies.includes(direct)) return direct;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((item) => bareAddress(item.trim()))
    .filter((item) => isIP(item) !== 0);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i] as string;
    if (!trustedProxies.includes(hop)) return hop;
  }
  return direct;
}

/** Sets `CLIENT_IP_HEADER` on the request to its client's address. */
export function stampClientIp(req: IncomingMessage, trustedProxies: readonly string[]): string {
  const ip = clientIp(req, trustedProxies);
  req.headers[CLIENT_IP_HEADER] = ip;
  return ip;
}
