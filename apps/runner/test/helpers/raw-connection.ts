import { connect, type Socket } from 'node:net';

/** A bare TCP connection to the runner that records what came back and when it closed. */
export interface RawConnection {
  socket: Socket;
  write(text: string): void;
  /** Everything the server sent so far. */
  received(): string;
  /** Milliseconds from opening until the server closed it. */
  closed: Promise<number>;
}

/**
 * Opens a connection to `127.0.0.1:port`, from `localAddress` when given (any 127.x address
 * works on Linux: each test can be its own client address).
 */
export async function openRaw(port: number, localAddress?: string): Promise<RawConnection> {
  const socket = connect({ host: '127.0.0.1', port, ...(localAddress ? { localAddress } : {}) });
  const opened = Date.now();
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  // A reset from the server is a close like any other here.
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => resolve(Date.now() - opened)),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    write: (text) => {
      if (socket.writable) socket.write(text);
    },
    received: () => received,
    closed,
  };
}

/** How long the server took to close it, or `undefined` when it is still open after `ms`. */
export async function closedWithin(
  connection: RawConnection,
  ms: number,
): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  const outcome = await Promise.race([connection.closed, waited]);
  clearTimeout(timer);
  return outcome;
}

/** The request line and headers of a WebSocket upgrade to `path`. */
export function upgradeRequest(port: number, path: string): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    '',
    '',
  ].join('\r\n');
}
