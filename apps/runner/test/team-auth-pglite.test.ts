import { randomBytes } from 'node:crypto';
import { createTestWorkspace, type TestWorkspace } from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../src/api/context.ts';
import { createEventBus } from '../src/events/create-event-bus.ts';
import { newApiToken } from '../src/identity/api-token.ts';
import { createAuth } from '../src/identity/auth.ts';
import { createLogger } from '../src/logger.ts';
import { type RunnerServer, startRunnerServer } from '../src/server/server.ts';
import { RunService } from '../src/service/run-service.ts';
import { openSession, type Session } from '../src/session/session.ts';

// Team mode in one process on the embedded PGlite: better-auth's tables (users, sessions,
// accounts, rate limits, verifications) through the PGlite driver adapter.

const WEB = 'http://localhost:3000';
let workspace: TestWorkspace;
let session: Session;
let deps: ApiDeps;
let server: RunnerServer;

beforeAll(async () => {
  workspace = await createTestWorkspace({ pglite: true });
  session = await openSession(workspace.dir, 'test');
  const bus = await createEventBus(session.db);
  deps = {
    session,
    service: new RunService(session, { by: 'workers', wake: () => {} }),
    bus,
    logger: createLogger({ level: 'silent' }),
    runnerId: 'team-pglite-test',
  };
  const masterKey = randomBytes(32);
  server = await startRunnerServer({
    deps,
    host: '127.0.0.1',
    port: 0,
    policy: { token: undefined, allowedOrigins: [WEB], loopbackOnly: true },
    team: {
      trustedProxies: [],
      createAuth: (url) =>
        createAuth({
          prisma: session.db.prisma,
          store: session.store,
          publicUrl: url.replace('127.0.0.1', 'localhost'),
          trustedOrigins: [WEB],
          masterKey,
          signInPerMinute: 2,
        }),
    },
  });
  const user = await session.store.users.create({ username: 'Ada', role: 'operator' });
  const auth = createAuth({
    prisma: session.db.prisma,
    store: session.store,
    publicUrl: 'http://localhost:1',
    trustedOrigins: [WEB],
    masterKey,
  });
  await auth.setPassword(user.id, 'a long password');
});

afterAll(async () => {
  await server?.close();
  await deps?.bus.close();
  await session?.close();
  await workspace?.cleanup();
});

const signIn = (password: string) =>
  fetch(`${server.url}/api/auth/sign-in/username`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: WEB },
    body: JSON.stringify({ username: 'ada', password }),
  });

describe('team mode on PGlite', () => {
  it('signs in with the argon2id password, resolves the session, rate-limits, and accepts tokens', async () => {
    const { rows } = await session.db.prisma.$queryRaw<Array<{ password: string }>>`
      SELECT password FROM auth_accounts WHERE provider_id = 'credential'`.then((rows) => ({
      rows,
    }));
    expect(rows[0]?.password).toMatch(/^\$argon2id\$/);

    const ok = await signIn('a long password');
    expect(ok.status).toBe(200);
    const cookie = (ok.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const me = await fetch(`${server.url}/auth.me`, { headers: { cookie } });
    expect(((await me.json()) as { result: { data: unknown } }).result.data).toMatchObject({
      mode: 'team',
      actor: { kind: 'user', username: 'ada', name: 'Ada', role: 'operator' },
    });

    expect((await signIn('wrong')).status).toBe(401);
    expect((await signIn('wrong')).status).toBe(429);

    const user = await session.store.users.getByUsername('ada');
    const secret = newApiToken();
    await session.store.apiTokens.create({
      userId: user?.id as string,
      tokenHash: secret.hash,
      prefix: secret.prefix,
    });
    const viaToken = await fetch(`${server.url}/runs.list`, {
      headers: { authorization: `Bearer ${secret.token}` },
    });
    expect(viaToken.status).toBe(200);
    expect((await fetch(`${server.url}/runs.list`)).status).toBe(401);

    const audit = await session.store.audit.list({ actionPrefix: 'auth.' });
    expect(audit.map((entry) => entry.action)).toEqual(['auth.sign_in_failed', 'auth.sign_in']);
  });
});
