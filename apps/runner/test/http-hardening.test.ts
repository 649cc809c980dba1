import { request } from 'node:http';
import { createStore, type Database, openDatabase, type Store } from '@arcflow/db';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signBody } from '../src/triggers/signature.ts';
import { closedWithin, openRaw, upgradeRequest } from './helpers/raw-connection.ts';
import { httpClient, type ServeProcess, startServe, wsClient } from './helpers/serve.ts';
import { TestWorkspace as Files, sleep, waitFor } from './helpers/workspace.ts';

// Hostile and broken clients against the real `arcflow serve`, over raw sockets: none may
// hold a connection past its limit, one address may not take every connection, and each
// drop says why in the log. The limits are set short here; the defaults are in README.md.

const HEADERS_MS = 1_000;
const REQUEST_MS = 2_000;
const KEEP_ALIVE_MS = 1_000;
const IDLE_MS = 3_000;
const UPGRADE_MS = 1_000;
const MAX_CONNECTIONS = 4;
const REFUSALS_PER_MINUTE = 3;
/** What a limit may be late by: the server's checking interval and a loaded machine. */
const SLACK_MS = 1_500;
/** How long a test watches a connection the server should have closed. */
const WATCH_MS = 8_000;
const SECRET = 'the webhook secret';

let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
let database: Database;
let store: Store;

beforeAll(async () => {
  ws = await createTestWorkspace();
  db = await createTestPostgresDatabase();
  const files = new Files(ws.dir);
  files.workflow('quick', 'name: quick\nsteps:\n  - id: a\n    action: noop\n');
  // A large answer for the client that stops reading: the workflow's source with a long comment.
  files.workflow(
    'big',
    `name: big\nsteps:\n  - id: a\n    action: noop\n# ${'x'.repeat(900_000)}\n`,
  );
  serve = await startServe({
    cwd: ws.dir,
    env: {
      DATABASE_URL: db.url,
      ARCFLOW_WEBHOOK_SECRET: SECRET,
      ARCFLOW_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
      ARCFLOW_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
      ARCFLOW_HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_MS),
      ARCFLOW_HTTP_IDLE_TIMEOUT_MS: String(IDLE_MS),
      ARCFLOW_WS_UPGRADE_TIMEOUT_MS: String(UPGRADE_MS),
      ARCFLOW_MAX_CONNECTIONS_PER_ADDRESS: String(MAX_CONNECTIONS),
      ARCFLOW_WEBHOOK_REFUSALS_PER_MINUTE: String(REFUSALS_PER_MINUTE),
    },
  });
  database = await openDatabase({ databaseUrl: db.url, workspaceDir: ws.dir });
  store = createStore(database.prisma);
}, 120_000);

afterAll(async () => {
  const code = await serve?.stop();
  expect(code).toBe(0);
  await database?.close();
  await db?.drop();
  await ws?.cleanup();
});

interface LogEntry {
  level: number;
  msg: string;
  address?: string;
  reason?: string;
  repeated?: number;
}

function logEntries(): LogEntry[] {
  return serve
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogEntry);
}

/** The warnings the runner wrote about dropping connections from `address`. */
const dropsFrom = (address: string, reason?: string) =>
  logEntries().filter(
    (entry) =>
      entry.msg === 'connection dropped' &&
      entry.address === address &&
      (reason === undefined || entry.reason === reason),
  );

const WARN = 40;

describe('timeouts', () => {
  it('a request whose body never arrives in full (a lying Content-Length) is answered 408 and closed', async () => {
    const client = await openRaw(serve.port, '127.0.0.11');
    client.write(
      `POST /workflows.validate HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"yaml":"name: x',
    );
    const closedAfter = await closedWithin(client, WATCH_MS);
    expect(closedAfter, 'still open').toBeDefined();
    expect(closedAfter).toBeLessThan(REQUEST_MS + SLACK_MS);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    await waitFor(() => dropsFrom('127.0.0.11', 'body timeout').length === 1, 5_000, 'the log');
  });

  it('a body trickled a byte at a time is cut off at the request timeout', async () => {
    const client = await openRaw(serve.port, '127.0.0.12');
    client.write(
      `POST /workflows.validate HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
    );
    const trickle = setInterval(() => client.write(' '), 100);
    const closedAfter = await closedWithin(client, WATCH_MS);
    clearInterval(trickle);
    expect(closedAfter, 'still open').toBeDefined();
    expect(closedAfter).toBeLessThan(REQUEST_MS + SLACK_MS);
    await waitFor(() => dropsFrom('127.0.0.12', 'body timeout').length === 1, 5_000, 'the log');
  });

  it('headers sent a byte at a time (slowloris) are cut off at the headers timeout', async () => {
    const client = await openRaw(serve.port, '127.0.0.13');
    client.write('GET /healthz HTTP/1.1\r\n');
    const header = `X-Slow: ${'s'.repeat(200)}`;
    let sent = 0;
    const trickle = setInterval(() => client.write(header[sent++ % header.length] ?? 's'), 100);
    const closedAfter = await closedWithin(client, WATCH_MS);
    clearInterval(trickle);
    expect(closedAfter, 'still open').toBeDefined();
    expect(closedAfter).toBeLessThan(HEADERS_MS + SLACK_MS);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    await waitFor(() => dropsFrom('127.0.0.13', 'header timeout').length === 1, 5_000, 'the log');
  });

  it('a connection that never sends a byte is closed at the headers timeout', async () => {
    const client = await openRaw(serve.port, '127.0.0.14');
    const closedAfter = await closedWithin(client, WATCH_MS);
    expect(closedAfter, 'still open').toBeDefined();
    expect(closedAfter).toBeLessThan(HEADERS_MS + SLACK_MS);
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout, without a warning', async () => {
    const client = await openRaw(serve.port, '127.0.0.15');
    client.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\n\r\n`);
    const closedAfter = await closedWithin(client, WATCH_MS);
    expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(closedAfter, 'still open').toBeDefined();
    // Node waits one second past the advertised `Keep-Alive: timeout=` before closing.
    expect(closedAfter).toBeLessThan(KEEP_ALIVE_MS + 1_000 + SLACK_MS);
    expect(dropsFrom('127.0.0.15')).toEqual([]);
  });

  it('a client that stops reading its answers is dropped after the idle timeout', async () => {
    const client = await openRaw(serve.port, '127.0.0.16');
    client.socket.pause();
    const get = `GET /workflows.source?input=${encodeURIComponent('{"name":"big"}')} HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\n\r\n`;
    // Forty answers of a megabyte fill every buffer between the two ends.
    client.write(get.repeat(40));
    await waitFor(() => dropsFrom('127.0.0.16', 'idle').length === 1, 4 * IDLE_MS, 'the drop');
    // A paused socket learns of the close only when it reads again.
    client.socket.resume();
    expect(await closedWithin(client, WATCH_MS), 'still open').toBeDefined();
    expect(client.received().match(/HTTP\/1\.1 200/g)?.length ?? 0).toBeLessThan(40);
  });

  it('a WebSocket that upgrades but never says who it is (connectionParams) is closed at the upgrade timeout', async () => {
    const client = await openRaw(serve.port, '127.0.0.17');
    client.write(upgradeRequest(serve.port, '/?connectionParams=1'));
    const closedAfter = await closedWithin(client, WATCH_MS);
    expect(client.received()).toMatch(/^HTTP\/1\.1 101/);
    expect(closedAfter, 'still open').toBeDefined();
    expect(closedAfter).toBeLessThan(UPGRADE_MS + SLACK_MS);
    await waitFor(() => dropsFrom('127.0.0.17', 'upgrade timeout').length === 1, 5_000, 'the log');
  });

  it('an established WebSocket subscription outlives every HTTP timeout and still streams', async () => {
    const client = wsClient(serve.url);
    const api = httpClient(serve.url);
    try {
      const events: string[] = [];
      let runId: string | undefined;
      const sub = client.trpc.runs.onEvent.subscribe(undefined, {
        onData: ({ data }) => {
          if (data.runId === runId) events.push(data.event.type);
        },
      });
      await sleep(IDLE_MS + KEEP_ALIVE_MS + 1_500);
      runId = (await api.runs.start.mutate({ workflow: 'quick' })).id;
      await waitFor(() => events.includes('run.succeeded'), 30_000, 'the run over the socket');
      sub.unsubscribe();
    } finally {
      client.close();
    }
  });
});

describe('connections per address', () => {
  it('the connection over the cap is refused with 429 at once while the others are served', async () => {
    const address = '127.0.0.21';
    const url = `ws://127.0.0.1:${serve.port}/`;
    const sockets = await Promise.all(
      Array.from(
        { length: MAX_CONNECTIONS },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(url, { localAddress: address });
            socket.once('open', () => resolve(socket));
            socket.once('error', reject);
          }),
      ),
    );
    try {
      const refused = await openRaw(serve.port, address);
      const closedAfter = await closedWithin(refused, WATCH_MS);
      expect(refused.received()).toMatch(/^HTTP\/1\.1 429/);
      expect(refused.received()).toContain('ARCFLOW_MAX_CONNECTIONS_PER_ADDRESS');
      expect(closedAfter).toBeLessThan(SLACK_MS);
      // The open ones still answer, and so does everyone else.
      const pong = new Promise((resolve) => sockets[0]?.once('message', (m) => resolve(String(m))));
      sockets[0]?.send('PING');
      expect(await pong).toBe('PONG');
      expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
      // One closes: the address may connect again.
      sockets[0]?.close();
      await waitFor(() => sockets[0]?.readyState === WebSocket.CLOSED, 5_000, 'the close');
      await sleep(200);
      expect(await healthzFrom(address)).toBe(200);
    } finally {
      for (const socket of sockets) socket.terminate();
    }
    const logged = dropsFrom(address, 'too many connections');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.level).toBe(WARN);
  });

  it('an address refused a thousand times writes one log line, not a thousand', async () => {
    const address = '127.0.0.22';
    const held = await Promise.all(
      Array.from({ length: MAX_CONNECTIONS }, () => openRaw(serve.port, address)),
    );
    const refused = await Promise.all(
      Array.from({ length: 1000 }, async () => {
        const client = await openRaw(serve.port, address).catch(() => undefined);
        if (!client) return false;
        await closedWithin(client, WATCH_MS);
        client.socket.destroy();
        return /^HTTP\/1\.1 429/.test(client.received());
      }),
    );
    for (const client of held) client.socket.destroy();
    expect(refused.filter(Boolean).length).toBeGreaterThan(900);
    await sleep(500);
    expect(dropsFrom(address, 'too many connections')).toHaveLength(1);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
  });
});

describe('webhook refusals', () => {
  it(`after ${REFUSALS_PER_MINUTE} refused deliveries in a minute an address gets 429 without its body being read or recorded`, async () => {
    const address = '127.0.0.31';
    const before = await refusedCount();
    const statuses: number[] = [];
    for (let i = 0; i < REFUSALS_PER_MINUTE + 5; i++) {
      statuses.push(await badDelivery(address));
    }
    expect(statuses).toEqual([...Array(REFUSALS_PER_MINUTE).fill(401), ...Array(5).fill(429)]);
    expect(await refusedCount()).toBe(before + REFUSALS_PER_MINUTE);
    // Another sender is not held back by this one.
    expect(await badDelivery('127.0.0.32')).toBe(401);
    const logged = logEntries().filter(
      (entry) => entry.msg === 'webhook refused' && entry.address === address,
    );
    expect(logged).toHaveLength(1);
    expect(logged[0]?.reason).toBe('too many refused deliveries');
  });
});

async function refusedCount(): Promise<number> {
  const refused = await store.deliveries.list({
    workspaceDir: ws.dir,
    verdict: 'refused',
    limit: 1000,
  } as Parameters<Store['deliveries']['list']>[0]);
  return refused.length;
}

/** A GitHub push signed with the wrong secret, sent from `localAddress`; its status. */
function badDelivery(localAddress: string): Promise<number> {
  const body = JSON.stringify({ ref: 'refs/heads/main', padding: 'p'.repeat(10_000) });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: serve.port,
        localAddress,
        method: 'POST',
        path: '/hooks/github',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-github-delivery': crypto.randomUUID(),
          'x-hub-signature-256': signBody('not the secret', body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function healthzFrom(localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: serve.port, localAddress, path: '/healthz', agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
