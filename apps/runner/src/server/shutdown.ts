import type { Server } from 'node:http';
import type { WebSocketServer } from 'ws';

/** How long WebSocket close frames get before every connection is cut. */
const CLOSE_GRACE_MS = 1_000;

/** Stops accepting, closes every WebSocket (code 1001) and then every open connection. */
export async function closeServer(server: Server, wss: WebSocketServer): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const client of wss.clients) client.close(1001, 'the runner is shutting down');
  wss.close();
  server.closeIdleConnections();
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS))]);
  server.closeAllConnections();
  for (const client of wss.clients) client.terminate();
  await closed;
}
