import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { createTestPostgresDatabase, type TestPostgresDatabase } from '@arcflow/db/testing';
import type { AnyProcedure } from '@trpc/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/api/router.ts';
import { fuzzRuns } from './helpers/env.ts';
import { httpClient, type ServeProcess, startServe, wsClient } from './helpers/serve.ts';
import { TestWorkspace } from './helpers/workspace.ts';
import { arbitraryOf, type Leaves } from './helpers/zod-arbitrary.ts';

/**
 * Random and hostile input to every procedure of the router, over real HTTP (and the
 * WebSocket for subscriptions) to a real `arcflow serve` on PostgreSQL, in local mode (an
 * admin, so every procedure is reachable). Every answer must be a success or a clean 4xx
 * tRPC error — never a 500, a stack trace or a database message — no file may appear outside
 * the workspace, and the runner must still answer afterwards. A procedure added to the router
 * is fuzzed without a change here. ARCFLOW_FUZZ_RUNS raises the runs per procedure.
 */

const RUNS = fuzzRuns(20);
const SUBSCRIPTION_RUNS = Math.max(5, Math.round(RUNS / 2));

const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
const paths = Object.keys(procedures).sort();

/** In names that try to leave the workspace, so a file they made can be found anywhere. */
const MARK = `fuzz-escape-${randomBytes(4).toString('hex')}`;

const QUICK = `name: quick
narrative: "A short tale"
steps:
  - id: hello
    action: shell
    with: { run: "echo hello" }
`;

let sandbox: string;
let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
/** A run that exists, so run ids reach past the lookup now and then. */
let knownRunId = 'a00000000';

beforeAll(async () => {
  // The workspace sits three folders down, so `../` escapes land in folders the test owns.
  sandbox = mkdtempSync(join(tmpdir(), 'arcflow-fuzz-'));
  const dir = join(sandbox, 'a', 'b', 'ws');
  mkdirSync(dir, { recursive: true });
  ws = new TestWorkspace(dir);
  ws.workflow('quick', QUICK);
  db = await createTestPostgresDatabase();
  serve = await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } });
  const run = await httpClient(serve.url).runs.start.mutate({ workflow: 'quick' });
  knownRunId = run.id;
});

afterAll(async () => {
  await serve?.stop();
  await db?.drop();
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// what is sent

const hostileStrings = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      ...['quick', 'first-arc', 'hello', knownRunId, 'a00000000', 'zzzzzzzzz', 'admin'],
      ...[`../../../${MARK}`, `../${MARK}`, `..${sep}..${sep}${MARK}.yaml`, `/tmp/${MARK}`],
      ...['..', '.', '/etc/passwd', '%2e%2e%2f', `a/../../${MARK}`, `.${MARK}`],
      ...['a\u0000b', '\u0000', "'; DROP TABLE runs; --", "' OR '1'='1", '%', '_', '\\', '"'],
      ...['$1', `\${{ secrets.X }}`, '\uD800', '😀', 'null', '-1', '0', '1e309', 'NaN'],
      ...['9999999999999999999', '9223372036854775808', '00000000-0000-0000-0000-000000000000'],
      ...['2026-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z', 'yesterday'],
      ...['x'.repeat(100_000), 'é'.repeat(5_000), '😀'.repeat(1_000), ' '.repeat(300)],
      ...[QUICK, QUICK.replace('quick', MARK), `${QUICK}    if: ""\n`, 'name: [', '{{{{'],
    ),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );

const hostileNumbers = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, -0, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

function leaves(): Leaves {
  const string = hostileStrings();
  return {
    string,
    number: hostileNumbers,
    json: fc.oneof(fc.jsonValue({ maxDepth: 3 }), string, hostileNumbers),
  };
}

/** An input for `procedure`: shaped like its zod input, random JSON, or none. */
function inputFor(procedure: AnyProcedure): fc.Arbitrary<unknown> {
  const l = leaves();
  const [schema] = (procedure._def as { inputs?: unknown[] }).inputs ?? [];
  return fc.oneof(
    { arbitrary: arbitraryOf(schema, l), weight: 6 },
    { arbitrary: l.json, weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

/** The input as sent: JSON, or now and then text that is not JSON at all. */
const wireText = (input: fc.Arbitrary<unknown>): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    {
      arbitrary: input.map((value) => (value === undefined ? undefined : JSON.stringify(value))),
      weight: 9,
    },
    { arbitrary: fc.constantFrom('{', '{"a":', 'undefined', '[1,', '\u0000', ''), weight: 1 },
  );

// ---------------------------------------------------------------------------------------------
// what must come back

/** Text that says how the runner is built or what its database said: never for a client. */
const LEAKS = [
  /\n\s+at\s/,
  /prisma/i,
  /invalid input syntax/i,
  /syntax error at or near/i,
  /violates .* constraint/i,
  /relation ".*" does not exist/i,
  /out of range for type/i,
  /node_modules/,
  /\.[jt]s:\d+/,
  /ECONN|EACCES|ENOENT/,
];

interface Answer {
  status: number;
  text: string;
}

/** Node's own refusals of a request too big to read (a long `?input=`): plain text, not tRPC's. */
const TOO_BIG = [413, 414, 431];

interface Body {
  result?: unknown;
  error?: { message?: string; data?: { code?: string; stack?: unknown } };
}

/**
 * The answer's tRPC body. A subscription asked over HTTP answers with an event stream whose
 * `serialized-error` event carries the refusal (subscriptions are served on the WebSocket only).
 */
function bodyOf(answer: Answer, context: string): Body {
  const streamed = /^event: serialized-error\ndata: (.*)$/m.exec(answer.text);
  if (answer.text.startsWith('event: ')) {
    if (!streamed) throw new Error(`an event stream without a refusal: ${context}`);
    return { error: JSON.parse(streamed[1] as string) };
  }
  try {
    return JSON.parse(answer.text);
  } catch {
    throw new Error(`not JSON: ${context}`);
  }
}

function expectClean(path: string, sent: string | undefined, answer: Answer): void {
  const context = `${path} <- ${sent?.slice(0, 300)}: HTTP ${answer.status} ${answer.text.slice(0, 600)}`;
  expect(answer.status, context).toBeLessThan(500);
  if (TOO_BIG.includes(answer.status)) return;
  const body = bodyOf(answer, context);
  if (!body.error) return;
  expect(body.error.data?.code, context).not.toBe('INTERNAL_SERVER_ERROR');
  expect(body.error.data?.stack, context).toBeUndefined();
  const message = body.error.message ?? '';
  expect(message.trim(), context).not.toBe('');
  for (const leak of LEAKS) expect(leak.test(message), `${leak}: ${context}`).toBe(false);
  if (!sent?.includes('[object Object]')) expect(message, context).not.toContain('[object Object]');
}

async function call(path: string, type: string, text: string | undefined): Promise<Answer> {
  const url = new URL(`${serve.url}/${path}`);
  const signal = AbortSignal.timeout(30_000);
  const response =
    type === 'mutation'
      ? await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          ...(text === undefined ? {} : { body: text }),
          signal,
        })
      : await (async () => {
          if (text !== undefined) url.searchParams.set('input', text);
          return fetch(url, { signal });
        })();
  return { status: response.status, text: await response.text() };
}

interface Subscribable {
  subscribe(
    input: unknown,
    handlers: {
      onData(): void;
      onError(error: { message: string; data?: { code?: string } }): void;
    },
  ): { unsubscribe(): void };
}

/** Subscribes over the WebSocket and waits for the first error, value or quiet moment. */
async function subscribe(
  path: string,
  input: unknown,
): Promise<{ code?: string; message?: string }> {
  const client = wsClient(serve.url);
  try {
    const [router, name] = path.split('.') as [string, string];
    const node = (client.trpc as unknown as Record<string, Record<string, Subscribable>>)[router]?.[
      name
    ];
    if (!node) throw new Error(`no subscription ${path}`);
    return await new Promise((resolve) => {
      const timer = setTimeout(() => finish({}), 500);
      let subscription: { unsubscribe(): void } | undefined;
      const finish = (outcome: { code?: string; message?: string }) => {
        clearTimeout(timer);
        subscription?.unsubscribe();
        resolve(outcome);
      };
      subscription = node.subscribe(input, {
        onData: () => finish({}),
        onError: (error: { message: string; data?: { code?: string } }) =>
          finish({ code: error.data?.code ?? 'NO_CODE', message: error.message }),
      });
    });
  } finally {
    client.close();
  }
}

// ---------------------------------------------------------------------------------------------

/** Every file under `dir`, as paths relative to it (a few levels deep). */
function filesUnder(dir: string, depth = 8): string[] {
  const found: string[] = [];
  const walk = (at: string, level: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(at, entry.name);
      found.push(relative(dir, full));
      if (entry.isDirectory() && level < depth) walk(full, level + 1);
    }
  };
  walk(dir, 0);
  return found;
}

describe('every tRPC procedure under random input', () => {
  it('lists the router’s procedures (a new one is fuzzed without a change here)', () => {
    expect(paths.length).toBeGreaterThan(40);
    expect(paths).toContain('runs.start');
    expect(paths).toContain('runs.onEvent');
  });

  for (const path of paths) {
    const procedure = procedures[path] as AnyProcedure;
    const type = procedure._def.type;

    it(`${path} (${type}) answers a success or a clean 4xx over HTTP`, async () => {
      await fc.assert(
        fc.asyncProperty(wireText(inputFor(procedure)), async (text) => {
          expectClean(path, text, await call(path, type, text));
        }),
        { numRuns: type === 'subscription' ? SUBSCRIPTION_RUNS : RUNS },
      );
    });

    if (type === 'subscription') {
      it(`${path} refuses bad input cleanly over the WebSocket`, async () => {
        await fc.assert(
          fc.asyncProperty(inputFor(procedure), async (input) => {
            const outcome = await subscribe(path, input);
            const context = `${path} <- ${JSON.stringify(input)?.slice(0, 300)}: ${JSON.stringify(outcome)}`;
            if (outcome.code === undefined) return;
            expect(outcome.code, context).not.toBe('INTERNAL_SERVER_ERROR');
            for (const leak of LEAKS) expect(leak.test(outcome.message ?? ''), context).toBe(false);
          }),
          { numRuns: SUBSCRIPTION_RUNS },
        );
      });
    }
  }

  it('refuses what the fuzzing once got a 500 or a hang for, with a 400 that names the field', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      [
        'runs.logs',
        'query',
        { runId: knownRunId, stepId: 'hello', afterId: '9999999999999999999' },
        /not a log line id/,
      ],
      [
        'runs.logs',
        'query',
        { runId: knownRunId, stepId: 'hello', attempt: 99_999_999_999 },
        /2147483647/,
      ],
      [
        'runs.logs',
        'query',
        { runId: knownRunId, stepId: 'hello', fromLine: 99_999_999_999 },
        /2147483647/,
      ],
      ['runs.events', 'query', { runId: knownRunId, afterSeq: 99_999_999_999 }, /2147483647/],
      ['audit.list', 'query', { beforeId: '9999999999999999999' }, /not an audit entry id/],
      [
        'users.enable',
        'mutation',
        { userId: '\u0000' },
        /input\.userId contains the NUL character/,
      ],
      ['tokens.revoke', 'mutation', { id: '\ud800' }, /input\.id contains a lone surrogate/],
    ];
    for (const [path, type, input, message] of cases) {
      const text = JSON.stringify(input);
      const answer = await call(path, type, text);
      expectClean(path, text, answer);
      expect(answer.status, `${path} <- ${text}`).toBe(400);
      expect(answer.text).toMatch(message);
    }
    // An empty `if:` once hung the validator, and with it the whole runner.
    const validate = await call(
      'workflows.validate',
      'mutation',
      JSON.stringify({ yaml: `${QUICK}    if: ""\n` }),
    );
    expect(validate.status).toBe(200);
    expect(validate.text).toContain('if: must not be empty');
  });

  it('leaves the runner answering and nothing written outside the workspace', async () => {
    const health = await fetch(`${serve.url}/healthz`);
    expect(health.status).toBe(200);
    const api = httpClient(serve.url);
    expect((await api.auth.me.query()).mode).toBe('local');
    expect((await api.workflows.list.query()).map((w) => w.name)).toContain('first-arc');
    await api.runs.list.query({ limit: 5 });

    const outside = filesUnder(sandbox).filter(
      (file) =>
        !['a', join('a', 'b'), join('a', 'b', 'ws')].includes(file) &&
        !file.startsWith(join('a', 'b', 'ws') + sep),
    );
    expect(outside).toEqual([]);
    const marked = [...filesUnder(tmpdir(), 2), ...filesUnder('/', 1).map((f) => `/${f}`)].filter(
      (file) => file.includes(MARK) && !file.startsWith(relative(tmpdir(), sandbox)),
    );
    expect(marked).toEqual([]);
  });
});
