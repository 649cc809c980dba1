import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { bareAddress } from '../identity/client-ip.ts';
import type { DropLog } from './drop-log.ts';

export interface ConnectionCapOptions {
  /** Open connections per client address; 0 for no cap. */
  max: number;
  /** Addresses without a cap: reverse proxies carry many clients on their connections. */
  exempt: readonly string[];
  drops: DropLog;
}

/** How long a refused connection may linger for its client to read the answer. */
const REFUSED_LINGER_MS = 1_000;

/**
 * Caps the connections one address holds open (WebSockets count: they are the same sockets).
 * One over the cap is answered `429` and closed before HTTP sees it, so its request is never
 * read. Must be called before the server listens, after the HTTP server exists: it puts itself
 * in front of the server's own `connection` listeners.
 */
export function capConnectionsPerAddress(server: Server, options: ConnectionCapOptions): void {
  if (options.max <= 0) return;
  const exempt = new Set(options.exempt.map(bareAddress));
  const open = new Map<string, number>();
  const serve = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    if (socket.remoteAddress === undefined) {
      // Gone before it was accepted.
      socket.destroy();
      return;
    }
    const address = bareAddress(socket.remoteAddress);
    const count = open.get(address) ?? 0;
    if (count >= options.max && !exempt.has(address)) {
      refuse(socket, address, options.max);
      options.drops.warn('connection dropped', address, 'too many connections', {
        limit: options.max,
      });
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
    for (const listener of serve) listener.call(server, socket);
  });
}

function refuse(socket: Socket, address: string, max: number): void {
  const body = JSON.stringify({
    error: `too many connections from ${address}: at most ${max} at once (ARCFLOW_MAX_CONNECTIONS_PER_ADDRESS); close some, or list a reverse proxy in ARCFLOW_TRUSTED_PROXIES`,
  });
  socket.on('error', () => socket.destroy());
  // Whatever the client sends is read and dropped, so closing does not reset the answer away.
  socket.resume();
  socket.end(
    'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 1\r\n' +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
}
