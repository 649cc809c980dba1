import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SIGN_IN_ATTEMPTS_PER_MINUTE } from '../src/identity/auth.ts';
import { type CliResult, cli, cliJson } from './helpers/cli.ts';
import { childEnv } from './helpers/env.ts';
import { runServe, type ServeProcess, startServe } from './helpers/serve.ts';

// `arcflow serve --team` end to end: the real service as a child process on PostgreSQL, the
// real CLI writing users and tokens, and plain HTTP/WebSocket clients playing the browser.

const BIN = join(import.meta.dirname, '../bin/arcflow.mjs');
const WEB = 'http://localhost:3000';
const PASSWORD = 'correct horse battery';

let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
let sql: pg.Client;
let env: Record<string, string>;
let issuer: Server;
let issuerUrl: string;

/** An OpenID Connect issuer that only publishes its discovery document (enough to start a sign-in). */
async function startIssuer(): Promise<void> {
  issuer = createServer((req, res) => {
    if (req.url !== '/.well-known/openid-configuration') {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        issuer: issuerUrl,
        authorization_endpoint: `${issuerUrl}/authorize`,
        token_endpoint: `${issuerUrl}/token`,
        userinfo_endpoint: `${issuerUrl}/userinfo`,
        jwks_uri: `${issuerUrl}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    );
  });
  await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
  issuerUrl = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
}

/** Runs the CLI with `input` on its standard input. */
function cliWithInput(args: string[], input: string): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ws.dir,
    env: childEnv({ NO_COLOR: '1', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const arcflow = (...args: string[]) => cli(args, { cwd: ws.dir, env });

async function addUser(name: string, role: string): Promise<string> {
  const result = await cliWithInput(
    ['user', 'add', name, '--role', role, '--password-stdin'],
    PASSWORD,
  );
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

/** A fake client address per test, through the trusted proxy: each test gets its own rate-limit bucket. */
let nextIp = 10;
const freshIp = () => `10.0.0.${nextIp++}`;

async function signIn(username: string, password = PASSWORD, ip = freshIp()): Promise<Response> {
  return fetch(`${serve.url}/api/auth/sign-in/username`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: WEB, 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password }),
  });
}

/** Signs in and returns the `Cookie` header a browser would send. */
async function sessionCookie(username: string): Promise<string> {
  const res = await signIn(username);
  expect(res.status).toBe(200);
  return cookieOf(res);
}

function cookieOf(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('arcflow.session_token='));
  expect(set, 'a session cookie').toBeDefined();
  return (set as string).split(';')[0] as string;
}

async function me(headers: Record<string, string>) {
  const res = await fetch(`${serve.url}/auth.me`, { headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: { data: Record<string, unknown> } }).result.data;
}

/** A tRPC mutation a viewer may call, as a browser (or a forger) would send it. */
const validate = (headers: Record<string, string>, body = JSON.stringify({ yaml: 'name: x\n' })) =>
  fetch(`${serve.url}/workflows.validate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

const browser = (cookie: string) => ({ cookie, origin: WEB, 'x-arcflow-csrf': '1' });

async function createToken(
  user: string,
  ...more: string[]
): Promise<{ token: string; id: string }> {
  const result = await arcflow('token', 'create', '--user', user, ...more);
  expect(result.code, result.stderr).toBe(0);
  const id = /token (tok_\w+)/.exec(result.stderr)?.[1] as string;
  return { token: result.stdout.trim(), id };
}

function connect(
  headers: Record<string, string>,
): Promise<{ open: boolean; status?: number; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(serve.url.replace(/^http/, 'ws'), { headers });
    socket.on('open', () => resolve({ open: true, socket }));
    socket.on('unexpected-response', (_req, res) => {
      resolve({ open: false, status: res.statusCode });
      socket.terminate();
    });
    socket.on('error', () => resolve({ open: false }));
  });
}

async function auditActions(name: string): Promise<string[]> {
  const { rows } = await sql.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE actor_name = $1 ORDER BY id',
    [name],
  );
  return rows.map((row) => row.action);
}

beforeAll(async () => {
  ws = await createTestWorkspace();
  db = await createTestPostgresDatabase();
  await startIssuer();
  env = {
    DATABASE_URL: db.url,
    ARCFLOW_ALLOWED_ORIGINS: WEB,
    ARCFLOW_TRUSTED_PROXIES: '127.0.0.1',
  };
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await addUser('root', 'admin');
  await Promise.all([addUser('vic', 'viewer'), addUser('opal', 'operator')]);
  serve = await startServe({
    cwd: ws.dir,
    args: ['--team'],
    env: {
      ...env,
      ARCFLOW_GITHUB_CLIENT_ID: 'gh-client',
      ARCFLOW_GITHUB_CLIENT_SECRET: 'gh-secret',
      ARCFLOW_OIDC_CORP_ISSUER: issuerUrl,
      ARCFLOW_OIDC_CORP_CLIENT_ID: 'corp-client',
      ARCFLOW_OIDC_CORP_CLIENT_SECRET: 'corp-secret',
      ARCFLOW_OIDC_CORP_NAME: 'Corp SSO',
    },
  });
  // Links the CLI prints point at the runner as browsers reach it.
  env.ARCFLOW_PUBLIC_URL = serve.url.replace('127.0.0.1', 'localhost');
});

afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  await sql?.end();
  issuer?.close();
  await db?.drop();
  await ws?.cleanup();
});

describe('refusing to start', () => {
  it('will not listen beyond loopback without --team', async () => {
    const result = await runServe({
      cwd: ws.dir,
      args: ['--host', '0.0.0.0', '--port', '0'],
      env: { ...env, ARCFLOW_TOKEN: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^arcflow: refusing to listen on 0\.0\.0\.0 .*pass --team.*bind to 127\.0\.0\.1$/,
    );
  });

  it('needs to know its public address to serve a team beyond loopback', async () => {
    const result = await runServe({
      cwd: ws.dir,
      args: ['--team', '--host', '0.0.0.0', '--port', '0'],
      env: { ...env, ARCFLOW_PUBLIC_URL: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^arcflow: --team on 0\.0\.0\.0 needs ARCFLOW_PUBLIC_URL/);
  });

  it('refuses ARCFLOW_TOKEN in team mode, pointing at per-person tokens', async () => {
    const result = await runServe({
      cwd: ws.dir,
      args: ['--team', '--port', '0'],
      env: { ...env, ARCFLOW_TOKEN: 's3cret' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^arcflow: ARCFLOW_TOKEN is not used with --team.*arcflow token create/,
    );
  });

  it('refuses a web origin on another site, whose browser would not send the cookie', async () => {
    const result = await runServe({
      cwd: ws.dir,
      args: ['--team', '--port', '0'],
      env: { ...env, ARCFLOW_ALLOWED_ORIGINS: 'http://127.0.0.1:3000' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^arcflow: --team: http:\/\/127\.0\.0\.1:3000 is not the same site/,
    );
  });
});

describe('password sign-in', () => {
  it('signs in with an HttpOnly, SameSite=Lax session cookie and says who is signed in', async () => {
    const res = await signIn('vic');
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('arcflow.session_token='));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // http: the public URL is not https

    expect(await me(browser(cookieOf(res)))).toEqual({
      mode: 'team',
      actor: { kind: 'user', name: 'vic', username: 'vic', role: 'viewer' },
      signIn: {
        password: true,
        providers: [
          { id: 'github', name: 'GitHub', type: 'social' },
          { id: 'corp', name: 'Corp SSO', type: 'oidc' },
        ],
      },
    });
    expect(await me({})).toMatchObject({ mode: 'team', actor: null });
    expect(await auditActions('vic')).toContain('auth.sign_in');
  });

  it('answers a wrong password with 401 and audits the attempt with its address', async () => {
    const ip = freshIp();
    const res = await signIn('opal', 'wrong password', ip);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: expect.any(String) });
    const { rows } = await sql.query(
      "SELECT actor_kind, ip, details FROM audit_log WHERE action = 'auth.sign_in_failed' AND ip = $1",
      [ip],
    );
    expect(rows).toEqual([
      { actor_kind: 'anonymous', ip, details: expect.objectContaining({ username: 'opal' }) },
    ]);
  });

  it('rate-limits sign-in attempts per client address with 429', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    const allowed = SIGN_IN_ATTEMPTS_PER_MINUTE;
    for (let i = 0; i <= allowed; i++) statuses.push((await signIn('opal', 'guess', ip)).status);
    expect(statuses.slice(0, allowed)).toEqual(Array(allowed).fill(401));
    expect(statuses[allowed]).toBe(429);
    // Another address is not affected.
    expect((await signIn('opal')).status).toBe(200);
  });

  it('signs out, and signs out everywhere', async () => {
    const one = await sessionCookie('opal');
    const res = await fetch(`${serve.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: browser(one),
    });
    expect(res.status).toBe(200);
    expect((await me(browser(one))).actor).toBeNull();

    const a = await sessionCookie('opal');
    const b = await sessionCookie('opal');
    const everywhere = await fetch(`${serve.url}/api/auth/revoke-sessions`, {
      method: 'POST',
      headers: { ...browser(a), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(everywhere.status).toBe(200);
    expect((await me(browser(a))).actor).toBeNull();
    expect((await me(browser(b))).actor).toBeNull();
    expect(await auditActions('opal')).toEqual(
      expect.arrayContaining(['auth.sign_out', 'auth.revoke_sessions']),
    );
  });
});

describe('OIDC sign-in', () => {
  const start = (path: string, body: unknown) =>
    fetch(`${serve.url}/api/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: WEB },
      body: JSON.stringify(body),
    });

  it('sends the browser to GitHub, coming back to the runner', async () => {
    const res = await start('sign-in/social', { provider: 'github', callbackURL: WEB });
    expect(res.status).toBe(200);
    const url = new URL(((await res.json()) as { url: string }).url);
    expect(url.origin + url.pathname).toBe('https://github.com/login/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe('gh-client');
    expect(url.searchParams.get('redirect_uri')).toBe(
      `${env.ARCFLOW_PUBLIC_URL}/api/auth/callback/github`,
    );
  });

  it('sends the browser to any OpenID Connect issuer, with PKCE', async () => {
    const res = await start('sign-in/oauth2', { providerId: 'corp', callbackURL: WEB });
    expect(res.status).toBe(200);
    const url = new URL(((await res.json()) as { url: string }).url);
    expect(url.origin + url.pathname).toBe(`${issuerUrl}/authorize`);
    expect(url.searchParams.get('client_id')).toBe('corp-client');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('refuses to come back to a site that is not allowed', async () => {
    const res = await start('sign-in/social', {
      provider: 'github',
      callbackURL: 'http://evil.example/',
    });
    expect(res.status).toBe(403);
  });
});

describe('CSRF', () => {
  let cookie: string;
  let token: string;
  beforeAll(async () => {
    cookie = await sessionCookie('vic');
    token = (await createToken('vic')).token;
  });

  it.each([
    ['a foreign Origin', { origin: 'http://evil.example', 'x-arcflow-csrf': '1' }],
    ['no Origin', { 'x-arcflow-csrf': '1' }],
    ['no CSRF header', { origin: WEB }],
  ])('refuses a cookie-authenticated mutation with %s', async (_, headers) => {
    const res = await validate({ ...headers, cookie });
    expect(res.status).toBe(403);
  });

  it('refuses a form-style multipart post with the cookie', async () => {
    const form = new FormData();
    form.set('yaml', 'name: x\n');
    const res = await fetch(`${serve.url}/workflows.validate`, {
      method: 'POST',
      headers: { cookie, origin: WEB },
      body: form,
    });
    expect(res.status).toBe(403);
    const withHeader = await fetch(`${serve.url}/workflows.validate`, {
      method: 'POST',
      headers: { cookie, origin: WEB, 'x-arcflow-csrf': '1' },
      body: form,
    });
    expect(withHeader.status).toBe(403);
  });

  it('accepts the browser request with origin and header, and a bearer request without either', async () => {
    expect((await validate(browser(cookie))).status).toBe(200);
    expect((await validate({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('lets an allowed origin send credentials and the CSRF header', async () => {
    const preflight = await fetch(`${serve.url}/workflows.validate`, {
      method: 'OPTIONS',
      headers: {
        origin: WEB,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-arcflow-csrf',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-arcflow-csrf/);
  });
});

describe('API tokens', () => {
  it('acts for its user until revoked, and never after it expired', async () => {
    const { token, id } = await createToken('opal', '--name', 'ci', '--expires', '30d');
    const auth = { authorization: `Bearer ${token}` };
    expect(await me(auth)).toMatchObject({
      actor: { kind: 'token', username: 'opal', role: 'operator' },
    });
    expect((await fetch(`${serve.url}/runs.list`, { headers: auth })).status).toBe(200);

    const revoked = await arcflow('token', 'revoke', id);
    expect(revoked.stdout.trim()).toBe(`revoked ${id}`);
    expect((await fetch(`${serve.url}/runs.list`, { headers: auth })).status).toBe(401);

    const expiring = await createToken('opal');
    await sql.query(
      "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1",
      [expiring.id],
    );
    const expired = await fetch(`${serve.url}/runs.list`, {
      headers: { authorization: `Bearer ${expiring.token}` },
    });
    expect(expired.status).toBe(401);
  });

  it('enforces roles: a viewer may read but not start; an operator may not save workflows', async () => {
    const viewer = { authorization: `Bearer ${(await createToken('vic')).token}` };
    const operator = { authorization: `Bearer ${(await createToken('opal')).token}` };
    expect((await fetch(`${serve.url}/runs.list`, { headers: viewer })).status).toBe(200);
    const start = await fetch(`${serve.url}/runs.start`, {
      method: 'POST',
      headers: { ...viewer, 'content-type': 'application/json' },
      body: JSON.stringify({ workflow: 'hello' }),
    });
    expect(start.status).toBe(403);
    expect(await start.text()).toMatch(/needs the operator role; you are viewer/);
    const save = await fetch(`${serve.url}/workflows.save`, {
      method: 'POST',
      headers: { ...operator, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', yaml: 'name: x\n' }),
    });
    expect(save.status).toBe(403);
    expect((await fetch(`${serve.url}/runs.list`)).status).toBe(401);
  });
});

describe('WebSockets', () => {
  it('refuses an upgrade without credentials with 401, and a cookie from a foreign origin with 403', async () => {
    expect(await connect({})).toMatchObject({ open: false, status: 401 });
    const cookie = await sessionCookie('vic');
    expect(await connect({ cookie, origin: 'http://evil.example' })).toMatchObject({
      open: false,
      status: 403,
    });
    const good = await connect({ cookie, origin: WEB });
    expect(good.open).toBe(true);
    good.socket?.close();
  });

  it('closes an open socket (4401) within seconds of its token being revoked by the CLI', async () => {
    const { token, id } = await createToken('vic');
    const { open, socket } = await connect({ authorization: `Bearer ${token}` });
    expect(open).toBe(true);
    const closed = new Promise<number>((resolve) => socket?.on('close', (code) => resolve(code)));
    expect((await arcflow('token', 'revoke', id)).code).toBe(0);
    const revoked = Date.now();
    expect(await closed).toBe(4401);
    expect(Date.now() - revoked).toBeLessThan(5_000);
  });
});

describe('WebSockets of a browser', () => {
  it('closes a socket (4401) soon after its session signs out', async () => {
    const cookie = await sessionCookie('vic');
    const { open, socket } = await connect({ cookie, origin: WEB });
    expect(open).toBe(true);
    const closed = new Promise<number>((resolve) => socket?.on('close', (code) => resolve(code)));
    const out = await fetch(`${serve.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: browser(cookie),
    });
    expect(out.status).toBe(200);
    expect(await closed).toBe(4401);
  });
});

describe('one-time sign-in links', () => {
  it('signs in once, landing on the web app, and fails the second time', async () => {
    const result = await arcflow('user', 'link', 'opal');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/one-time sign-in link for opal/);
    const link = result.stdout.trim().replace('localhost', '127.0.0.1');
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(`${WEB}/`);
    expect((await me(browser(cookieOf(first)))).actor).toMatchObject({ username: 'opal' });

    const again = await fetch(link, { redirect: 'manual' });
    expect(again.headers.get('location')).toMatch(/error=INVALID_TOKEN/);
    expect(again.headers.getSetCookie()).toEqual([]);
    const { rows } = await sql.query(
      "SELECT details FROM audit_log WHERE action = 'auth.sign_in_failed' AND details->>'method' = 'link'",
    );
    expect(rows).toEqual([{ details: { method: 'link', reason: 'INVALID_TOKEN' } }]);
  });
});

describe('the user and token commands', () => {
  it('adds, lists, changes and disables people, keeping an admin', async () => {
    const added = await arcflow(
      'user',
      'add',
      'Dana.K',
      '--role',
      'approver',
      '--email',
      'dana@example.com',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout.trim()).toMatch(/\/api\/auth\/magic-link\/verify\?token=/);

    const list = await cliJson<Array<Record<string, unknown>>>(['user', 'list', '--json'], {
      cwd: ws.dir,
      env,
    });
    expect(list.json.find((u) => u.username === 'dana.k')).toEqual({
      id: expect.any(String),
      username: 'dana.k',
      name: 'Dana.K',
      email: 'dana@example.com',
      role: 'approver',
      disabled: false,
      createdAt: expect.any(String),
    });
    expect(list.json.find((u) => u.username === 'vic')).toMatchObject({ email: null });

    expect((await arcflow('user', 'set-role', 'dana.k', 'operator')).stdout.trim()).toBe(
      'dana.k is now operator (was approver)',
    );
    // Refusals change nothing, so they can run side by side.
    const [badRole, unknown, lastDisabled, lastDemoted, badExpiry] = await Promise.all([
      arcflow('user', 'set-role', 'dana', 'boss'),
      arcflow('user', 'disable', 'dan.k'),
      arcflow('user', 'disable', 'root'),
      arcflow('user', 'set-role', 'root', 'viewer'),
      arcflow('token', 'create', '--user', 'vic', '--expires', 'soon'),
    ]);
    expect(badRole).toMatchObject({
      code: 2,
      stderr: 'arcflow: unknown role "boss"; roles: viewer, operator, approver, admin\n',
    });
    expect(unknown).toMatchObject({
      code: 2,
      stderr: 'arcflow: no user "dan.k"; did you mean "dana.k"?\n',
    });
    expect(lastDisabled).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^arcflow: root is the last admin and cannot be disabled/),
    });
    expect(lastDemoted).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^arcflow: root is the last admin and cannot be demoted/),
    });
    expect(badExpiry).toMatchObject({
      code: 2,
      stderr: 'arcflow: --expires "soon" is not a lifetime like 30d, 12h, 2w or 90m\n',
    });
  });

  it('disabling someone ends their session and their tokens at once; enabling lets them sign in again', async () => {
    await addUser('eve', 'operator');
    const cookie = await sessionCookie('eve');
    const { token } = await createToken('eve');
    expect((await arcflow('user', 'disable', 'eve')).code).toBe(0);
    expect((await me(browser(cookie))).actor).toBeNull();
    expect((await me({ authorization: `Bearer ${token}` })).actor).toBeNull();
    expect((await signIn('eve')).status).not.toBe(200);

    expect((await arcflow('user', 'enable', 'eve')).code).toBe(0);
    expect((await signIn('eve')).status).toBe(200);
    expect(await auditActions(await localName())).toEqual(
      expect.arrayContaining([
        'user.add',
        'user.set_role',
        'user.disable',
        'user.enable',
        'token.create',
        'token.revoke',
      ]),
    );
  });

  it('a role change takes effect on the next request', async () => {
    await addUser('finn', 'viewer');
    const cookie = await sessionCookie('finn');
    expect((await me(browser(cookie))).actor).toMatchObject({ role: 'viewer' });
    await arcflow('user', 'set-role', 'finn', 'approver');
    expect((await me(browser(cookie))).actor).toMatchObject({ role: 'approver' });
  });

  it('lists tokens as JSON without their secret', async () => {
    const { id } = await createToken('vic', '--name', 'listed');
    const list = await cliJson<Array<Record<string, unknown>>>(
      ['token', 'list', '--user', 'vic', '--json'],
      {
        cwd: ws.dir,
        env,
      },
    );
    expect(list.json.find((t) => t.id === id)).toEqual({
      id,
      name: 'listed',
      prefix: expect.stringMatching(/^arc_/),
      userId: expect.any(String),
      username: 'vic',
      createdAt: expect.any(String),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });
  });
});

/** The name the CLI's audit entries carry: the local person. */
async function localName(): Promise<string> {
  const { rows } = await sql.query<{ actor_name: string }>(
    "SELECT actor_name FROM audit_log WHERE client = 'cli-local' LIMIT 1",
  );
  return rows[0]?.actor_name as string;
}
