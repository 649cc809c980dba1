import { createServer } from 'node:net';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runServe, type ServeProcess, startServe, wsClient } from './helpers/serve.ts';

let ws: TestWorkspace;
let db: TestPostgresDatabase;

beforeAll(async () => {
  ws = await createTestWorkspace();
  db = await createTestPostgresDatabase();
});

afterAll(async () => {
  await db?.drop();
  await ws?.cleanup();
});

/** How a raw WebSocket connection ends: `open`, an HTTP status of a refused upgrade, or a close code. */
function connect(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ open: boolean; status?: number; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), { headers });
    socket.on('open', () => resolve({ open: true, socket }));
    socket.on('unexpected-response', (_req, res) => {
      resolve({ open: false, status: res.statusCode });
      socket.terminate();
    });
    socket.on('error', () => resolve({ open: false }));
  });
}

describe('refusing to start', () => {
  it('will not listen beyond loopback without --team, shared token or not', async () => {
    for (const token of [undefined, 's3cret']) {
      const result = await runServe({
        cwd: ws.dir,
        args: ['--host', '0.0.0.0', '--port', '0'],
        env: { DATABASE_URL: db.url, ARCFLOW_TOKEN: token },
      });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^arcflow: refusing to listen on 0\.0\.0\.0 without --team/),
      ]);
    }
  });

  it('says so in one line when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runServe({
        cwd: ws.dir,
        args: ['--port', String(port)],
        env: { DATABASE_URL: db.url },
      });
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(`arcflow: port ${port} is in use; pass --port`);
    } finally {
      blocker.close();
    }
  });
});

describe('with ARCFLOW_TOKEN', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe({
      cwd: ws.dir,
      env: { DATABASE_URL: db.url, ARCFLOW_TOKEN: 's3cret' },
    });
  });
  afterAll(async () => {
    expect(await serve?.stop()).toBe(0);
  });

  it('answers HTTP only with the right bearer token', async () => {
    for (const path of ['/healthz', '/workflows.list']) {
      expect((await fetch(serve.url + path)).status, path).toBe(401);
      const wrong = await fetch(serve.url + path, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status, path).toBe(401);
      const right = await fetch(serve.url + path, { headers: { authorization: 'Bearer s3cret' } });
      expect(right.status, path).toBe(200);
    }
    const health = await fetch(`${serve.url}/healthz`, {
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(await health.json()).toMatchObject({
      ok: true,
      database: 'reachable',
      kind: 'postgres',
    });
  });

  it('refuses a WebSocket without the token and accepts one with it', async () => {
    expect(await connect(serve.url)).toMatchObject({ open: false, status: 401 });
    expect(await connect(`${serve.url}/?token=nope`)).toMatchObject({ open: false, status: 401 });

    const byQuery = await connect(`${serve.url}/?token=s3cret`);
    expect(byQuery.open).toBe(true);
    byQuery.socket?.close();
    const byHeader = await connect(serve.url, { authorization: 'Bearer s3cret' });
    expect(byHeader.open).toBe(true);
    byHeader.socket?.close();
  });

  it('authenticates a tRPC WebSocket client by its connectionParams', async () => {
    const good = wsClient(serve.url, { token: 's3cret' });
    const list = await good.trpc.workflows.list.query();
    expect(list.length).toBeGreaterThan(0);
    await good.close();

    // A wrong token: the server closes the socket with 4401.
    const closed = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${serve.url.replace(/^http/, 'ws')}/?connectionParams=1`);
      socket.on('open', () =>
        socket.send(JSON.stringify({ method: 'connectionParams', data: { token: 'nope' } })),
      );
      socket.on('close', (code) => resolve(code));
    });
    expect(closed).toBe(4401);
  });

  it('serves subscriptions only over the WebSocket, never as an HTTP event stream', async () => {
    // A stream over plain HTTP would keep flowing after its credential is revoked.
    // tRPC answers with one error event and ends the stream at once.
    const res = await fetch(`${serve.url}/runs.onEvent?input=${encodeURIComponent('{}')}`, {
      headers: { authorization: 'Bearer s3cret', accept: 'text/event-stream' },
      signal: AbortSignal.timeout(5_000),
    });
    const body = await res.text();
    expect(body).toContain('METHOD_NOT_SUPPORTED');
    expect(body).not.toContain('run.');
  });
});

describe('CORS', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } });
  });
  afterAll(async () => {
    expect(await serve?.stop()).toBe(0);
  });

  it('refuses origins that are not allowed and echoes the allowed one', async () => {
    const evil = await fetch(`${serve.url}/workflows.list`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();

    const web = await fetch(`${serve.url}/workflows.list`, {
      headers: { origin: 'http://localhost:3000' },
    });
    expect(web.status).toBe(200);
    expect(web.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');

    const preflight = await fetch(`${serve.url}/runs.start`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/);
  });

  it('refuses WebSocket upgrades from other origins', async () => {
    expect(await connect(serve.url, { origin: 'http://evil.example' })).toMatchObject({
      open: false,
      status: 403,
    });
    const allowed = await connect(serve.url, { origin: 'http://localhost:3000' });
    expect(allowed.open).toBe(true);
    allowed.socket?.close();
  });

  it('refuses requests for another Host while bound to loopback (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${serve.url}/healthz`, { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('ARCFLOW_ALLOWED_ORIGINS', () => {
  it('replaces the default list', async () => {
    const serve = await startServe({
      cwd: ws.dir,
      env: { DATABASE_URL: db.url, ARCFLOW_ALLOWED_ORIGINS: 'https://arcflow.example.com' },
    });
    try {
      const custom = await fetch(`${serve.url}/healthz`, {
        headers: { origin: 'https://arcflow.example.com' },
      });
      expect(custom.status).toBe(200);
      const dev = await fetch(`${serve.url}/healthz`, {
        headers: { origin: 'http://localhost:3000' },
      });
      expect(dev.status).toBe(403);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});

describe('shutdown', () => {
  it('exits 0 on SIGTERM with a subscription open, closing its WebSocket', async () => {
    const serve = await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } });
    const socket = await connect(serve.url);
    expect(socket.open).toBe(true);
    const closed = new Promise<number>((resolve) =>
      socket.socket?.on('close', (code) => resolve(code)),
    );
    socket.socket?.send(
      JSON.stringify({
        id: 1,
        method: 'subscription',
        params: { path: 'runs.onEvent', input: {} },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    expect(await serve.stop()).toBe(0);
    expect(await closed).toBe(1001);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
