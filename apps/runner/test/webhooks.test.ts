import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createStore, type Database, openDatabase, type Store } from '@arcflow/db';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.ts';
import { KEPT_PAYLOAD_BYTES } from '../src/triggers/intake.ts';
import { signBody } from '../src/triggers/signature.ts';
import { cli, cliJson } from './helpers/cli.ts';
import { childEnv } from './helpers/env.ts';
import { httpClient, type ServeProcess, startServe } from './helpers/serve.ts';
import { TestWorkspace as Files, waitForAsync } from './helpers/workspace.ts';

// Webhooks end to end: the real `arcflow serve` on PostgreSQL, deliveries POSTed the way
// GitHub, GitLab and other senders do, runs read back through the API and the database.

const BIN = join(import.meta.dirname, '../bin/arcflow.mjs');
const SECRET = 'it is a secret to everybody';
const MAX_BYTES = 64 * 1024;

// biome-ignore lint/suspicious/noTemplateCurlyInString: an Arcflow expression, not a template
const GREETING_LINE = '      GREETING: "${{ event.payload.greeting }}"\n';

/** Writes what the step saw of the event into a file named after the workflow. */
const eventWriter = (name: string, on: string) => `name: ${name}
on:
${on}
steps:
  - id: see
    action: shell
    env:
      KIND: "\${{ event.kind }}"
      BRANCH: "\${{ event.branch }}"
      SHA: "\${{ event.sha }}"
${name === 'hook' ? GREETING_LINE : ''}      DELIVERY: "\${{ event.delivery_id }}"
    with: { run: 'printf "%s|%s|%s|%s|%s" "$KIND" "$BRANCH" "$SHA" "$GREETING" "$DELIVERY" > seen-${name}.txt' }
`;

let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
let api: ReturnType<typeof httpClient>;
let database: Database;
let store: Store;

beforeAll(async () => {
  ws = await createTestWorkspace();
  db = await createTestPostgresDatabase();
  const files = new Files(ws.dir);
  files.workflow('build', eventWriter('build', '  push: { branches: [main] }'));
  files.workflow('docs', eventWriter('docs', '  push: { branches: [main], paths: ["docs/**"] }'));
  files.workflow('hook', eventWriter('hook', '  webhook: {}'));
  files.workflow(
    'manual',
    eventWriter('manual', '  release: { tags: ["v*"] }').replace(/on:\n.*\n/, ''),
  );
  const env = {
    DATABASE_URL: db.url,
    ARCFLOW_WEBHOOK_SECRET: SECRET,
    ARCFLOW_WEBHOOK_MAX_BYTES: String(MAX_BYTES),
  };
  serve = await startServe({ cwd: ws.dir, env });
  api = httpClient(serve.url);
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

interface HookAnswer {
  delivery: string | null;
  verdict: string;
  reason: string | null;
  runs: string[];
  started: { run: string; workflow: string }[];
}

async function post(
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; answer: HookAnswer }> {
  const res = await fetch(`${serve.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, answer: (await res.json()) as HookAnswer };
}

const sha = () => randomUUID().replaceAll('-', '').padEnd(40, '0').slice(0, 40);

function githubPush(options: { branch?: string; files?: string[]; after?: string } = {}) {
  return JSON.stringify({
    ref: `refs/heads/${options.branch ?? 'main'}`,
    before: sha(),
    after: options.after ?? sha(),
    deleted: false,
    pusher: { name: 'ada', email: 'ada@example.com' },
    sender: { login: 'ada' },
    commits: [
      {
        id: sha(),
        message: 'Fix the parser',
        author: { name: 'Ada', username: 'ada' },
        added: [],
        modified: options.files ?? ['src/parser.ts'],
        removed: [],
      },
    ],
  });
}

/** A push signed as GitHub signs it. */
function sendGithub(body: string, options: { event?: string; id?: string; secret?: string } = {}) {
  return post('/hooks/github', body, {
    'x-github-event': options.event ?? 'push',
    'x-github-delivery': options.id ?? randomUUID(),
    'x-hub-signature-256': signBody(options.secret ?? SECRET, body),
    'user-agent': 'GitHub-Hookshot/test',
  });
}

async function finished(runId: string) {
  return waitForAsync(
    async () => {
      const run = await api.runs.get.query({ runId });
      return ['succeeded', 'failed', 'canceled'].includes(run.status) ? run : undefined;
    },
    30_000,
    `run ${runId} to end`,
  );
}

/** What every bad signature, and a hook for a workflow that does not exist, is answered. */
const REFUSED = {
  delivery: null,
  verdict: 'refused',
  reason: "refused: the delivery is not signed with the runner's webhook secret",
  runs: [],
  started: [],
};

async function lastRefused(source: string, from = store, workspaceDir = ws.dir) {
  const [delivery] = await from.deliveries.list({
    workspaceDir,
    source,
    verdict: 'refused',
    limit: 1,
  } as Parameters<Store['deliveries']['list']>[0]);
  return delivery;
}

const seen = (workflow: string) => readFileSync(join(ws.dir, `seen-${workflow}.txt`), 'utf8');

describe('GitHub webhooks', () => {
  it('a signed push starts the workflow that listens to it, and its step sees the branch and sha', async () => {
    const after = sha();
    const id = randomUUID();
    const { status, answer } = await sendGithub(githubPush({ after }), { id });
    expect(status).toBe(200);
    expect(answer.verdict).toBe('accepted');
    expect(answer.started.map((s) => s.workflow)).toEqual(['build']);
    // docs filters paths: it says why it did not start
    expect(answer.reason).toContain('docs: no changed file matches paths docs/**');
    const run = await finished(answer.runs[0] as string);
    expect(run.status).toBe('succeeded');
    expect(seen('build')).toBe(`push|main|${after}||${id}`);

    const delivery = await store.deliveries.get(answer.delivery as string);
    expect(delivery).toMatchObject({
      source: 'github',
      deliveryId: id,
      eventKind: 'push',
      verdict: 'accepted',
    });
    expect(delivery?.runIds).toEqual(answer.runs);
    // what could authenticate is not kept
    expect(delivery?.headers['x-hub-signature-256']).toBeUndefined();
    expect(delivery?.headers['user-agent']).toBe('GitHub-Hookshot/test');
    expect(delivery?.payload).toMatchObject({ kind: 'json' });
  });

  it('a push that no path filter lets through starts nothing, and the delivery says why', async () => {
    const { status, answer } = await sendGithub(githubPush({ branch: 'feature/x' }));
    expect(status).toBe(200);
    expect(answer.verdict).toBe('ignored');
    expect(answer.runs).toEqual([]);
    expect(answer.reason).toContain('build: branch feature/x does not match on.push.branches main');
    const delivery = await store.deliveries.get(answer.delivery as string);
    expect(delivery).toMatchObject({ verdict: 'ignored', reason: answer.reason });
  });

  it('a push touching docs/ starts both build and docs', async () => {
    const { answer } = await sendGithub(githubPush({ files: ['docs/guide.md'] }));
    expect(answer.started.map((s) => s.workflow).sort()).toEqual(['build', 'docs']);
  });

  it('a bad signature is 401 with a generic reason, recorded as refused with why, and starts nothing', async () => {
    const before = (await api.runs.list.query()).items.length;
    const { status, answer } = await sendGithub(githubPush(), { secret: 'not the secret' });
    expect(status).toBe(401);
    expect(answer).toEqual(REFUSED);
    expect((await lastRefused('github'))?.reason).toMatch(
      /X-Hub-Signature-256 signature does not match WEBHOOK_SECRET/,
    );
    expect((await api.runs.list.query()).items.length).toBe(before);

    const unsigned = await post('/hooks/github', githubPush(), { 'x-github-event': 'push' });
    expect(unsigned.status).toBe(401);
    expect(unsigned.answer).toEqual(REFUSED);
    expect((await lastRefused('github'))?.reason).toMatch(/no X-Hub-Signature-256 header/);
  });

  it('a repeated delivery id starts nothing twice', async () => {
    const id = randomUUID();
    const body = githubPush();
    const first = await sendGithub(body, { id });
    expect(first.answer.runs).toHaveLength(1);
    const again = await sendGithub(body, { id });
    expect(again.status).toBe(200);
    expect(again.answer.reason).toBe('already delivered');
    expect(again.answer.delivery).toBe(first.answer.delivery);
    expect(again.answer.runs).toEqual(first.answer.runs);
    const runs = await api.runs.list.query({ workflow: 'build' });
    expect(runs.items.filter((r) => r.id === first.answer.runs[0])).toHaveLength(1);
  });

  it('a body over ARCFLOW_WEBHOOK_MAX_BYTES is 413 and recorded as refused', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(MAX_BYTES + 10) });
    const { status, answer } = await sendGithub(body);
    expect(status).toBe(413);
    expect(answer.reason).toMatch(/larger than 65536 bytes \(ARCFLOW_WEBHOOK_MAX_BYTES\)/);
    expect((await store.deliveries.get(answer.delivery as string))?.verdict).toBe('refused');
  });

  it('by default a body is taken up to 1 MiB, what is kept whole for redeliver', () => {
    expect(readEnv({}).ARCFLOW_WEBHOOK_MAX_BYTES).toBe(KEPT_PAYLOAD_BYTES);
  });

  it('a body sent in chunks is cut off at the limit, not read to its end', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${serve.url}/hooks/github`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'push' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      // no content-length: chunked, twice the limit
      req.write('x'.repeat(MAX_BYTES));
      req.write('x'.repeat(MAX_BYTES));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('ping is accepted and starts nothing; a branch deletion is ignored with why', async () => {
    const ping = await sendGithub(JSON.stringify({ zen: 'Keep it logically awesome.' }), {
      event: 'ping',
    });
    expect(ping.answer).toMatchObject({ verdict: 'accepted', runs: [] });
    const deleted = await sendGithub(
      JSON.stringify({
        ref: 'refs/heads/main',
        before: sha(),
        after: '0'.repeat(40),
        deleted: true,
      }),
    );
    expect(deleted.answer.verdict).toBe('ignored');
    expect(deleted.answer.reason).toBe('refs/heads/main was deleted; a deletion starts nothing');
  });

  it('redeliver records a new delivery and starts a new run', async () => {
    const { answer } = await sendGithub(githubPush());
    const result = await cliJson<{
      delivery: { id: string; redeliveryOf: string; deliveryId: string };
      runIds: string[];
    }>(['deliveries', 'redeliver', answer.delivery as string, '--json'], {
      cwd: ws.dir,
      env: { DATABASE_URL: db.url },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.delivery.redeliveryOf).toBe(answer.delivery);
    expect(result.json.delivery.deliveryId).toMatch(/-redelivery-1$/);
    expect(result.json.runIds).toHaveLength(1);
    expect(result.json.runIds[0]).not.toBe(answer.runs[0]);
  });
});

describe('other senders', () => {
  it('a GitLab push with the right token starts the workflow; a wrong token is refused', async () => {
    const after = sha();
    const body = JSON.stringify({
      object_kind: 'push',
      ref: 'refs/heads/main',
      before: sha(),
      after,
      user_name: 'Grace',
      commits: [{ id: after, message: 'Tidy', author: { name: 'Grace' }, modified: ['README.md'] }],
    });
    const headers = { 'x-gitlab-event': 'Push Hook', 'x-gitlab-event-uuid': randomUUID() };
    const refused = await post('/hooks/gitlab', body, { ...headers, 'x-gitlab-token': 'nope' });
    expect(refused.status).toBe(401);
    const { status, answer } = await post('/hooks/gitlab', body, {
      ...headers,
      'x-gitlab-token': SECRET,
    });
    expect(status).toBe(200);
    expect(answer.started.map((s) => s.workflow)).toEqual(['build']);
    await finished(answer.runs[0] as string);
    expect(seen('build')).toMatch(new RegExp(`^push\\|main\\|${after}\\|`));
  });

  it('a generic webhook signed with HMAC starts its workflow with event.payload', async () => {
    const body = JSON.stringify({ greeting: 'hello from grafana' });
    const { status, answer } = await post('/hooks/hook', body, {
      'x-arcflow-signature-256': signBody(SECRET, body),
      'x-request-id': 'req-42',
    });
    expect(status).toBe(200);
    expect(answer.started).toEqual([{ run: answer.runs[0], workflow: 'hook' }]);
    await finished(answer.runs[0] as string);
    expect(seen('hook')).toBe('webhook|||hello from grafana|req-42');
  });

  it('a generic webhook to a workflow without on.webhook starts nothing; an unknown one is the same 401 as a bad signature, not recorded', async () => {
    const body = JSON.stringify({});
    const { answer } = await post('/hooks/manual', body, {
      'x-arcflow-signature-256': signBody(SECRET, body),
    });
    expect(answer.verdict).toBe('ignored');
    expect(answer.reason).toContain('manual: the workflow has no on: triggers');
    const refusedBefore = (await store.deliveries.list({ workspaceDir: ws.dir, limit: 500 }))
      .length;
    const unknown = await post('/hooks/nope', body, {
      'x-arcflow-signature-256': signBody(SECRET, body),
    });
    expect(unknown.status).toBe(401);
    expect(unknown.answer).toEqual(REFUSED);
    const traversal = await post('/hooks/..%2F..%2Fetc', body, {});
    expect(traversal.status).toBe(401);
    expect(traversal.answer).toEqual(REFUSED);
    // not recorded: probing names fills nothing
    expect((await store.deliveries.list({ workspaceDir: ws.dir, limit: 500 })).length).toBe(
      refusedBefore,
    );
  });

  it('NUL in a body is stored as U+FFFD, not a 500: a JSON string starts its run, a text body is refused and recorded', async () => {
    const body = JSON.stringify({ greeting: 'nul\u0000here' });
    const json = await post('/hooks/hook', body, {
      'x-arcflow-signature-256': signBody(SECRET, body),
    });
    expect(json.status).toBe(200);
    expect(json.answer.runs).toHaveLength(1);
    const stored = await store.deliveries.get(json.answer.delivery as string);
    expect(stored?.payload).toEqual({ kind: 'json', value: { greeting: 'nul\uFFFDhere' } });
    await finished(json.answer.runs[0] as string);

    const text = await post('/hooks/hook', 'plain\0text', {
      'content-type': 'text/plain',
      'x-arcflow-signature-256': signBody(SECRET, 'plain\0text'),
    });
    expect(text.status).toBe(415);
    const refused = await store.deliveries.get(text.answer.delivery as string);
    expect(refused?.payload).toEqual({ kind: 'text', text: 'plain\uFFFDtext' });
  });

  it('hooks answer only POST, and need no token, origin or session', async () => {
    const res = await fetch(`${serve.url}/hooks/github`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('arcflow deliveries lists what arrived, newest first', async () => {
    const result = await cli(['deliveries', '--limit', '3'], {
      cwd: ws.dir,
      env: { DATABASE_URL: db.url },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
    expect(result.stdout).toMatch(/generic/);
  });
});

/** Matches every push to main, but uses a secret nobody set: it cannot start. */
const BROKEN = `name: broken
on:
  push: { branches: [main] }
steps:
  - id: use
    action: shell
    env: { TOKEN: "\${{ secrets.MISSING_TOKEN }}" }
    with: { run: "true" }
`;

describe('team mode', () => {
  let teamWs: TestWorkspace;
  let teamDb: TestPostgresDatabase;
  let team: ServeProcess;
  let teamDatabase: Database;
  const DOCS_SECRET = 'only for the docs';

  /** `arcflow secret set` with the value on stdin. */
  function setSecret(args: string[], value: string) {
    const result = spawnSync(process.execPath, [BIN, 'secret', 'set', ...args], {
      cwd: teamWs.dir,
      env: childEnv({ NO_COLOR: '1', DATABASE_URL: teamDb.url }),
      input: value,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
  }

  const push = (secret: string, files: string[]) => {
    const body = githubPush({ files });
    return fetch(`${team.url}/hooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': signBody(secret, body),
      },
      body,
    }).then(async (res) => ({ status: res.status, answer: (await res.json()) as HookAnswer }));
  };

  beforeAll(async () => {
    teamWs = await createTestWorkspace();
    teamDb = await createTestPostgresDatabase();
    const files = new Files(teamWs.dir);
    files.workflow('build', eventWriter('build', '  push: { branches: [main] }'));
    files.workflow('docs', eventWriter('docs', '  push: { branches: [main], paths: ["docs/**"] }'));
    files.workflow('broken', BROKEN);
    team = await startServe({
      cwd: teamWs.dir,
      args: ['--team'],
      env: { DATABASE_URL: teamDb.url, ARCFLOW_WEBHOOK_SECRET: undefined },
    });
    teamDatabase = await openDatabase({ databaseUrl: teamDb.url, workspaceDir: teamWs.dir });
  }, 120_000);

  afterAll(async () => {
    await team?.stop();
    await teamDatabase?.close();
    await teamDb?.drop();
    await teamWs?.cleanup();
  });

  it('without a webhook secret every delivery is refused; the stored delivery says how to set one', async () => {
    const { status, answer } = await push('anything', ['src/a.ts']);
    expect(status).toBe(401);
    expect(answer).toEqual(REFUSED);
    const refused = await lastRefused('github', createStore(teamDatabase.prisma), teamWs.dir);
    expect(refused?.reason).toBe(
      'no webhook secret is set: set one with `arcflow secret set WEBHOOK_SECRET` and give the sender the same value',
    );
    expect(existsSync(join(teamWs.dir, '.mia', 'state', 'webhook.secret'))).toBe(false);
  });

  it("the workspace's WEBHOOK_SECRET serves every workflow but one with a secret of its own", async () => {
    setSecret(['WEBHOOK_SECRET'], SECRET);
    setSecret(['WEBHOOK_SECRET', '--workflow', 'docs'], DOCS_SECRET);

    const shared = await push(SECRET, ['docs/guide.md']);
    expect(shared.status).toBe(200);
    expect(shared.answer.started.map((s) => s.workflow)).toEqual(['build']);
    // the stored delivery names every workflow; the sender hears only of those it serves
    const stored = await createStore(teamDatabase.prisma).deliveries.get(
      shared.answer.delivery as string,
    );
    expect(stored?.reason).toContain(
      'docs: it has a WEBHOOK_SECRET of its own, and the delivery is not signed with it',
    );
    expect(shared.answer.reason).not.toContain('docs');
    // a workflow that matches but cannot start is named with why; the others still start
    expect(shared.answer.reason).toMatch(/broken: could not start: .*MISSING_TOKEN/);

    const own = await push(DOCS_SECRET, ['docs/guide.md']);
    expect(own.answer.started.map((s) => s.workflow)).toEqual(['docs']);
    expect((await push('wrong', ['docs/guide.md'])).status).toBe(401);
  });

  it("redeliver starts only what the original's secret served", async () => {
    // signed with docs' own secret, touching no docs: ignored, and build is not docs'
    const original = await push(DOCS_SECRET, ['src/a.ts']);
    expect(original.answer.runs).toEqual([]);
    const result = await cliJson<{ runIds: string[]; delivery: { reason: string } }>(
      ['deliveries', 'redeliver', original.answer.delivery as string, '--json'],
      { cwd: teamWs.dir, env: { DATABASE_URL: teamDb.url } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.runIds).toEqual([]);
    expect(result.json.delivery.reason).toContain(
      "build: the delivery is signed with another workflow's WEBHOOK_SECRET",
    );
  });

  it('a git hook delivery needs the stored secret: the secret file is never read, own secrets hold', async () => {
    const fileSecret = 'a secret file left in the workspace';
    mkdirSync(join(teamWs.dir, '.mia', 'state'), { recursive: true });
    writeFileSync(join(teamWs.dir, '.mia', 'state', 'webhook.secret'), `${fileSecret}\n`, {
      mode: 0o600,
    });
    const gitPush = (secret: string) => {
      const body = JSON.stringify({
        ref: 'refs/heads/main',
        sha: sha(),
        commits: [],
        changedFiles: ['docs/guide.md'],
      });
      return fetch(`${team.url}/hooks/git`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-arcflow-delivery': `git-${randomUUID()}`,
          'x-arcflow-signature-256': signBody(secret, body),
        },
        body,
      }).then(async (res) => ({ status: res.status, answer: (await res.json()) as HookAnswer }));
    };
    expect((await gitPush(fileSecret)).status).toBe(401);
    const shared = await gitPush(SECRET);
    expect(shared.status).toBe(200);
    expect(shared.answer.started.map((s) => s.workflow)).toEqual(['build']);
    const own = await gitPush(DOCS_SECRET);
    expect(own.answer.started.map((s) => s.workflow)).toEqual(['docs']);
  });
});
