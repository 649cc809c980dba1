import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Unlisten = () => Promise<void>;

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/**
 * LISTENs on a PostgreSQL channel over a connection of its own (a pooled connection cannot
 * hold a LISTEN). When the server goes away the connection is re-established with backoff;
 * `onReconnect` lets the caller re-read whatever it may have missed meanwhile.
 */
export function listenPostgres(
  databaseUrl: string,
  channel: string,
  onPayload: (payload: string) => void,
  onReconnect: () => void = () => {},
): Unlisten {
  let client: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    next.on('notification', (message) => {
      if (message.channel === channel) onPayload(message.payload ?? '');
    });
    next.on('error', () => retry(next));
    next.on('end', () => retry(next));
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      if (stopped) {
        await next.end().catch(() => {});
        return;
      }
      if (failures > 0) onReconnect();
      failures = 0;
      client = next;
    } catch {
      retry(next);
    }
  };

  const retry = (broken: pg.Client) => {
    if (stopped || (client && client !== broken)) return;
    client = undefined;
    broken.end().catch(() => {});
    const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)];
    failures += 1;
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), delay);
  };

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await client?.end().catch(() => {});
  };
}

export async function listenPglite(
  db: PGlite,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<Unlisten> {
  const unsubscribe = await db.listen(channel, onPayload);
  return async () => {
    await unsubscribe();
  };
}
