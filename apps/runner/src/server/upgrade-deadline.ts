import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { bareAddress } from '../identity/client-ip.ts';
import type { DropLog } from './drop-log.ts';

/** The close code of a WebSocket whose handshake took too long. */
export const WS_HANDSHAKE_TIMEOUT = 4408;

export interface UpgradeDeadline {
  /** The WebSocket exists: done, unless it still owes tRPC's connectionParams message. */
  opened(ws: WebSocket): void;
}

/**
 * Cuts an upgrade that does not finish within `ms`: the server still deciding who connects
 * (team mode), or a socket that asked to send `connectionParams` (`?connectionParams=1`) and
 * is silent. tRPC waits for that first message forever, answering pings meanwhile; an open,
 * identified WebSocket has no time limit (its keep-alive pings find dead ones).
 */
export function startUpgradeDeadline(
  req: IncomingMessage,
  socket: Duplex,
  options: { ms: number; drops: DropLog },
): UpgradeDeadline {
  let ws: WebSocket | undefined;
  const timer = setTimeout(() => {
    const address = bareAddress(req.socket.remoteAddress ?? 'unknown');
    options.drops.warn('connection dropped', address, 'upgrade timeout', { limitMs: options.ms });
    if (!ws) {
      socket.destroy();
      return;
    }
    ws.close(WS_HANDSHAKE_TIMEOUT, 'the handshake took too long');
    // A client that does not answer the close frame is not waited for.
    setTimeout(() => ws?.terminate(), 500).unref();
  }, options.ms);
  timer.unref();
  const done = () => clearTimeout(timer);
  socket.once('close', done);
  const owesParams =
    new URL(req.url ?? '/', 'http://runner').searchParams.get('connectionParams') === '1';
  return {
    opened(opened) {
      ws = opened;
      if (!owesParams) {
        done();
        return;
      }
      const onMessage = (data: unknown, isBinary: boolean) => {
        // tRPC's keep-alive messages are not the handshake.
        if (!isBinary && ['PING', 'PONG'].includes(String(data))) return;
        opened.off('message', onMessage);
        done();
      };
      opened.on('message', onMessage);
    },
  };
}
