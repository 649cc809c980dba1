import type { IncomingMessage } from 'node:http';
import { createTestWorkspace, type TestWorkspace } from '@arcflow/db/testing';
import { isRole, ROLES, type Role, roleAtLeast } from '@arcflow/engine';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AnyProcedure } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiDeps, createApiContext } from '../src/api/context.ts';
import { appRouter } from '../src/api/router.ts';
import type { ApiMeta } from '../src/api/trpc.ts';
import { createEventBus } from '../src/events/create-event-bus.ts';
import type { Actor } from '../src/identity/actor.ts';
import type { AppRouter } from '../src/index.ts';
import { createLogger } from '../src/logger.ts';
import { type RunnerServer, startRunnerServer } from '../src/server/server.ts';
import { RunService } from '../src/service/run-service.ts';
import { openSession, type Session } from '../src/session/session.ts';
import { wsClient } from './helpers/serve.ts';

/**
 * Every procedure of the API and the least role that may call it. A procedure added without
 * a role, or one whose role changes, fails the first test until it is listed here.
 */
const EXPECTED: Record<string, Role | 'public'> = {
  'auth.me': 'public',

  'workflows.list': 'viewer',
  'workflows.get': 'viewer',
  'workflows.source': 'viewer',
  'workflows.validate': 'viewer',
  'workflows.history': 'viewer',
  'workflows.revision': 'viewer',
  'workflows.jsonSchema': 'viewer',
  'workflows.triggers': 'viewer',
  'workflows.save': 'admin',
  'workflows.restore': 'admin',

  'templates.list': 'viewer',
  'templates.customize': 'admin',

  'runs.list': 'viewer',
  'runs.get': 'viewer',
  'runs.overview': 'viewer',
  'runs.events': 'viewer',
  'runs.logs': 'viewer',
  'runs.preview': 'viewer',
  'runs.onEvent': 'viewer',
  'runs.onLog': 'viewer',
  'runs.start': 'operator',
  'runs.resume': 'operator',
  'runs.retell': 'operator',
  'runs.cancel': 'operator',
  'runs.approve': 'approver',
  'runs.reject': 'approver',
  'runs.canDecide': 'viewer',
  'runs.artifacts': 'viewer',
  'runs.delete': 'admin',

  'compare.runs': 'viewer',

  'users.list': 'admin',
  'users.setRole': 'admin',
  'users.disable': 'admin',
  'users.enable': 'admin',

  'tokens.mine': 'viewer',
  'tokens.createMine': 'viewer',
  'tokens.revokeMine': 'viewer',
  'tokens.list': 'admin',
  'tokens.revoke': 'admin',

  'secrets.list': 'admin',
  'secrets.set': 'admin',
  'secrets.delete': 'admin',

  'audit.list': 'admin',

  'deliveries.list': 'viewer',
  'deliveries.get': 'viewer',
  'deliveries.redeliver': 'operator',

  'runners.list': 'viewer',
};

/** The flat map tRPC keeps of every procedure by its path (`runs.start`). */
const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;

/** A signed-in user with `role` (team mode's actors; local mode's is always an admin). */
const userWith = (role: Role): Actor => ({
  kind: 'user',
  userId: `u-${role}`,
  username: role,
  name: `A ${role}`,
  role,
});

let workspace: TestWorkspace;
let session: Session;
let deps: ApiDeps;

beforeAll(async () => {
  workspace = await createTestWorkspace({ pglite: true });
  session = await openSession(workspace.dir, 'test');
  const bus = await createEventBus(session.db);
  deps = {
    session,
    service: new RunService(session, { by: 'workers', wake: () => {} }),
    bus,
    logger: createLogger({ level: 'silent' }),
    runnerId: 'api-roles-test',
  };
});

afterAll(async () => {
  await deps?.bus.close();
  await session?.close();
  await workspace?.cleanup();
});

/**
 * Calls `path` with no input as `actor` (undefined: no one signed in) through the real
 * context factory. Returns the error code, or `ok`. A subscription is started, asked for
 * one value, and stopped.
 */
async function callAs(path: string, actor: Actor | undefined): Promise<string> {
  const controller = new AbortController();
  const context = createApiContext(deps, { mode: 'local', resolveActor: async () => actor });
  const caller = appRouter.createCaller(context, { signal: controller.signal });
  const call = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    const result = await call(undefined);
    if (procedures[path]?._def.type === 'subscription') {
      const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      controller.abort();
      await iterator.next();
      await iterator.return?.();
    }
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    controller.abort();
  }
}

describe('the role of every procedure', () => {
  test('every procedure declares the role listed here', () => {
    const actual = Object.fromEntries(
      Object.entries(procedures).map(([path, p]) => [
        path,
        (p._def.meta as ApiMeta | undefined)?.role ?? 'MISSING',
      ]),
    );
    expect(actual).toEqual(EXPECTED);
  });

  const cases = Object.entries(EXPECTED).flatMap(([path, need]) =>
    ROLES.map((role) => ({ path, need, role })),
  );

  test.each(cases)('$path as $role', async ({ path, need, role }) => {
    const code = await callAs(path, userWith(role));
    if (need === 'public' || roleAtLeast(role, need)) {
      // Let through: it runs, or its input (none) is refused after the guard.
      expect(['ok', 'BAD_REQUEST']).toContain(code);
    } else {
      expect(code).toBe('FORBIDDEN');
    }
  });

  test.each(Object.entries(EXPECTED))('%s with no one signed in', async (path, need) => {
    const code = await callAs(path, undefined);
    if (need === 'public') expect(['ok', 'BAD_REQUEST']).toContain(code);
    else expect(code).toBe('UNAUTHORIZED');
  });

  test('a refusal names the role needed and the role held', async () => {
    const context = createApiContext(deps, { resolveActor: async () => userWith('viewer') });
    await expect(
      appRouter.createCaller(context).runs.start({ workflow: 'first-arc' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'needs the operator role; you are viewer',
    });
  });

  test('the role is checked before the input: a valid role gets the validation error', async () => {
    expect(await callAs('runs.start', userWith('operator'))).toBe('BAD_REQUEST');
    expect(await callAs('runs.start', userWith('viewer'))).toBe('FORBIDDEN');
  });

  test('auth.me tells the mode and who calls', async () => {
    const local: Actor = { kind: 'local', name: 'Ada', email: 'ada@example.com', role: 'admin' };
    const me = (actor: Actor | undefined) =>
      appRouter.createCaller(createApiContext(deps, { resolveActor: async () => actor })).auth.me();
    expect(await me(local)).toEqual({
      mode: 'local',
      actor: { kind: 'local', name: 'Ada', username: null, role: 'admin' },
      signIn: { password: false, providers: [] },
    });
    expect(await me(undefined)).toMatchObject({ mode: 'local', actor: null });
  });

  test('the actor is resolved once per context, and only when needed', async () => {
    let lookups = 0;
    const context = createApiContext(deps, {
      resolveActor: async () => {
        lookups++;
        return userWith('viewer');
      },
    });
    expect(lookups).toBe(0);
    const caller = appRouter.createCaller(context);
    await caller.workflows.jsonSchema();
    await caller.templates.list();
    expect(lookups).toBe(1);
  });
});

describe('the guard over HTTP and WebSocket', () => {
  let server: RunnerServer;

  /** Who calls, as this test's server knows it: `x-test-as: <role>`, or `?as=<role>` on a WebSocket. */
  const identify = (req: IncomingMessage) => async () => {
    const header = req.headers['x-test-as'];
    const as =
      (typeof header === 'string' ? header : undefined) ??
      new URL(req.url ?? '/', 'http://runner').searchParams.get('as');
    return isRole(as) ? userWith(as) : undefined;
  };

  beforeAll(async () => {
    server = await startRunnerServer({
      deps,
      host: '127.0.0.1',
      port: 0,
      policy: { token: undefined, allowedOrigins: [], loopbackOnly: true },
      identify,
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  const http = (as?: Role) =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: server.url, headers: () => (as ? { 'x-test-as': as } : {}) })],
    });

  /** The first thing a `runs.onEvent` subscription over a WebSocket opened as `as` says. */
  async function subscribeAs(as?: Role): Promise<string> {
    const client = wsClient(as ? `${server.url}/?as=${as}` : server.url);
    try {
      return await new Promise<string>((resolve) => {
        const sub = client.trpc.runs.onEvent.subscribe(undefined, {
          onStarted: () => {
            sub.unsubscribe();
            resolve('started');
          },
          onError: (error) => resolve(error.data?.code ?? error.message),
        });
      });
    } finally {
      client.close();
    }
  }

  test('HTTP calls are refused below the role and without a caller', async () => {
    const code = (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (error) => (error instanceof TRPCClientError ? error.data?.code : String(error)),
      );
    expect(await code(http('viewer').runs.start.mutate({ workflow: 'first-arc' }))).toBe(
      'FORBIDDEN',
    );
    expect(await code(http().runs.list.query())).toBe('UNAUTHORIZED');
    expect(await code(http('viewer').runs.list.query())).toBe('ok');
    expect(await http().auth.me.query()).toMatchObject({ mode: 'local', actor: null });
  });

  test('WebSocket subscriptions pass the same guard', async () => {
    expect(await subscribeAs('viewer')).toBe('started');
    expect(await subscribeAs()).toBe('UNAUTHORIZED');
  });
});
