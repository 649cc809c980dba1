import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { bareAddress } from '../identity/client-ip.ts';
import type { Logger } from '../logger.ts';
import type { DropLog, DropReason } from './drop-log.ts';

/** What Node itself answers a client error with, when no `clientError` listener exists. */
const ANSWERS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n',
};
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
}

/**
 * Names and logs the connections Node's timeouts cut: `headersTimeout` and `requestTimeout`
 * (Node answers 408 through `clientError`; which one it was depends on whether the request's
 * headers had arrived) and the socket's idle timeout (`server.timeout`), which also ends every
 * keep-alive connection — the normal end of a connection, so that one is only a debug line.
 */
export function dropStalledConnections(
  server: Server,
  options: { idleTimeoutMs: number; drops: DropLog; logger: Logger },
): void {
  const { drops, logger } = options;
  // The latest request of each connection (keep-alive and pipelining send several).
  const latest = new WeakMap<Duplex, Exchange>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    latest.set(req.socket, { req, res });
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const exchange = latest.get(socket);
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      const reason: DropReason =
        exchange && !exchange.req.complete ? 'body timeout' : 'header timeout';
      const limitMs = reason === 'body timeout' ? server.requestTimeout : server.headersTimeout;
      drops.warn('connection dropped', addressOf(socket), reason, { limitMs });
    } else if (error.code !== 'ECONNRESET') {
      logger.debug({ address: addressOf(socket), code: error.code }, 'malformed request');
    }
    // As Node does: answer only while nothing of a response has gone out.
    if (
      socket.writable &&
      (!exchange || exchange.res.writableFinished || !exchange.res.headersSent)
    ) {
      socket.write(ANSWERS[error.code ?? ''] ?? BAD_REQUEST);
    }
    socket.destroy(error);
  });

  server.timeout = options.idleTimeoutMs;
  server.on('timeout', (socket: Duplex) => {
    const exchange = latest.get(socket);
    const answering = exchange !== undefined && !exchange.res.writableFinished;
    if (!answering) {
      logger.debug({ address: addressOf(socket) }, 'keep-alive connection closed');
    } else {
      const reason: DropReason = exchange.req.complete ? 'idle' : 'body timeout';
      // A route may set its own (webhooks wait 15 s for the next byte of a body).
      const limitMs = (socket as Socket).timeout ?? server.timeout;
      drops.warn('connection dropped', addressOf(socket), reason, { limitMs });
    }
    socket.destroy();
  });
}

const addressOf = (socket: Duplex): string =>
  bareAddress((socket as Socket).remoteAddress ?? 'unknown');
