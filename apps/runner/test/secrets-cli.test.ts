import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createStore, openDatabase } from '@arcflow/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localActor } from '../src/identity/actor.ts';
import { auditEntry } from '../src/identity/audit-trail.ts';
import { type Backend, oneBackend } from './helpers/backends.ts';
import { type CliResult, cli, cliJson } from './helpers/cli.ts';
import { childEnv } from './helpers/env.ts';
import { type RunJson, step } from './helpers/run-json.ts';
import { TestWorkspace } from './helpers/workspace.ts';

/** `arcflow secret …`, `validate`, `run` and `audit` as a person at the server's machine uses them. */

const BIN = join(import.meta.dirname, '../bin/arcflow.mjs');
const VALUE = 's3cret-Value-42';

let backend: Backend;
let ws: TestWorkspace;
let env: Record<string, string | undefined>;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  backend = oneBackend();
  const created = await backend.create();
  ws = new TestWorkspace(created.dir);
  env = { ...created.env, ARCFLOW_SECRET_KEY: undefined };
  cleanup = created.cleanup;
});

afterEach(async () => {
  await cleanup();
});

const run = (args: string[]) => cli(args, { cwd: ws.dir, env });

/** The CLI with `input` on its stdin (a pipe, as `echo value | arcflow secret set X`). */
function piped(args: string[], input: string): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ws.dir,
    env: childEnv({ NO_COLOR: '1', FORCE_COLOR: undefined, ...env }),
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
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function setSecret(name: string, value: string, ...flags: string[]): Promise<void> {
  const set = await piped(['secret', 'set', name, ...flags], `${value}\n`);
  expect(set.stderr).toBe('');
  expect(set.code).toBe(0);
}

/** A workflow whose one step passes only when `${{ secrets.NAME }}` is `expected`. */
const checking = (workflow: string, name: string, expected: string) => `
name: ${workflow}
steps:
  - id: check
    action: shell
    env: { KEY: "\${{ secrets.${name} }}" }
    with: { run: 'test "$KEY" = "${expected}" && echo "the key is $KEY"' }
`;

describe('secrets set through the CLI', () => {
  it('reach the step that uses them; its log and story show *** instead', async () => {
    const set = await piped(['secret', 'set', 'DEPLOY_KEY'], `${VALUE}\n`);
    expect(set).toMatchObject({
      code: 0,
      stdout: '✓ secret DEPLOY_KEY set for the whole workspace\n',
      stderr: '',
    });
    ws.workflow(
      'deploy',
      `${checking('deploy', 'DEPLOY_KEY', VALUE)}
  - id: refuse
    action: shell
    depends_on: [check]
    env: { KEY: "\${{ secrets.DEPLOY_KEY }}" }
    with: { run: 'echo "refusing to deploy with $KEY" >&2; exit 3' }
`,
    );
    const ran = await cliJson<RunJson>(['run', 'deploy', '--json'], { cwd: ws.dir, env });
    // `check` passes only if the step saw the value exactly (echo's newline dropped).
    expect(step(ran.json, 'check').status).toBe('succeeded');
    expect(step(ran.json, 'refuse').status).toBe('failed');
    const tension = ran.json.events
      .filter((e) => e.stepId === 'refuse' && e.story.kind === 'tension')
      .map((e) => e.story.text)
      .join('\n');
    expect(tension).toContain('refusing to deploy with ***');

    const logs = await run(['logs', ran.json.id]);
    expect(logs.stdout).toContain('the key is ***');
    expect(logs.stdout).toContain('refusing to deploy with ***');
    const shown = await run(['show', ran.json.id, '--json']);
    for (const text of [JSON.stringify(ran.json), logs.stdout, logs.stderr, shown.stdout]) {
      expect(text).not.toContain(VALUE);
    }
  });

  it("for a workflow win over the workspace's of the same name", async () => {
    await setSecret('API_KEY', 'from-workspace');
    await setSecret('API_KEY', 'from-workflow', '--workflow', 'deploy');
    ws.workflow('deploy', checking('deploy', 'API_KEY', 'from-workflow'));
    ws.workflow('other', checking('other', 'API_KEY', 'from-workspace'));
    for (const workflow of ['deploy', 'other']) {
      const ran = await cliJson<RunJson>(['run', workflow, '--json'], { cwd: ws.dir, env });
      expect(ran.json.status, workflow).toBe('succeeded');
    }

    const deleted = await run(['secret', 'delete', 'API_KEY', '--workflow', 'deploy']);
    expect(deleted.stdout).toBe('✓ secret API_KEY deleted for workflow deploy\n');
    ws.workflow('deploy', checking('deploy', 'API_KEY', 'from-workspace'));
    const after = await cliJson<RunJson>(['run', 'deploy', '--json'], { cwd: ws.dir, env });
    expect(after.json.status).toBe('succeeded');
  });

  it('are listed by name, scope and time, never by value', async () => {
    await setSecret('DEPLOY_KEY', VALUE);
    await setSecret('NPM_TOKEN', `${VALUE}-npm`, '--workflow', 'release');
    const listed = await run(['secret', 'list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^DEPLOY_KEY {2}workspace {9}updated \d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(lines[1]).toMatch(/^NPM_TOKEN {3}workflow release {2}updated /);

    const json = await cliJson<unknown[]>(['secret', 'list', '--json'], { cwd: ws.dir, env });
    expect(json.json).toEqual([
      { name: 'DEPLOY_KEY', workflow: null, updatedAt: expect.any(String), updatedBy: null },
      { name: 'NPM_TOKEN', workflow: 'release', updatedAt: expect.any(String), updatedBy: null },
    ]);
    const forOther = await cliJson<unknown[]>(['secret', 'list', '--workflow', 'other', '--json'], {
      cwd: ws.dir,
      env,
    });
    expect(forOther.json).toEqual([expect.objectContaining({ name: 'DEPLOY_KEY' })]);
    for (const text of [listed.stdout, JSON.stringify(json.json)]) {
      expect(text).not.toContain(VALUE);
    }
  });

  it('refuse an empty value and a name that is not one, before storing anything', async () => {
    const empty = await piped(['secret', 'set', 'DEPLOY_KEY'], '\n');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('arcflow: the value of DEPLOY_KEY is empty');
    const lower = await piped(['secret', 'set', 'deploy-key'], VALUE);
    expect(lower.code).toBe(2);
    expect(lower.stderr).toBe(
      'arcflow: "deploy-key" is not a secret name: use capital letters, digits and _, not starting with a digit (like DEPLOY_KEY)\n',
    );
    const missing = await run(['secret', 'delete', 'NOPE']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('arcflow: no secret NOPE for the whole workspace\n');
    expect((await run(['secret', 'list'])).stdout).toContain('No secrets for this workspace yet');
  });
});

describe('a secret that is not set', () => {
  it('is a validation error at its line:col, with a did-you-mean, for validate and run', async () => {
    await setSecret('DEPLOY_KEY', VALUE);
    await setSecret('NPM_TOKEN', VALUE, '--workflow', 'release');
    ws.workflow('deploy', checking('deploy', 'DEPLOY_KY', VALUE));
    const expected =
      '.mia/workflows/deploy.yaml:6:22: step "check": env.KEY: unknown secret DEPLOY_KY; did you mean "DEPLOY_KEY"? Set it with: arcflow secret set DEPLOY_KY';

    const validated = await run(['validate', 'deploy']);
    expect(validated.code).toBe(1);
    expect(validated.stderr).toContain(expected);
    const asJson = await cliJson<{ valid: boolean; diagnostics: unknown[] }>(
      ['validate', 'deploy', '--json'],
      { cwd: ws.dir, env },
    );
    expect(asJson.json.valid).toBe(false);
    expect(asJson.json.diagnostics).toEqual([
      expect.objectContaining({
        line: 6,
        column: 22,
        message: expect.stringContaining('DEPLOY_KY'),
      }),
    ]);

    const ran = await run(['run', 'deploy']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(expected);
    expect(ran.stderr).toContain('deploy.yaml is not a valid workflow; fix the problems above');
    expect((await cliJson<unknown[]>(['runs', '--json'], { cwd: ws.dir, env })).json).toEqual([]);

    // Another workflow's own secret is unknown here; the right name validates.
    ws.workflow('deploy', checking('deploy', 'NPM_TOKEN', VALUE));
    expect((await run(['validate', 'deploy'])).stderr).toContain('unknown secret NPM_TOKEN');
    ws.workflow('deploy', checking('deploy', 'DEPLOY_KEY', VALUE));
    const valid = await run(['validate', 'deploy']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('"deploy" is valid');
  });
});

describe('arcflow audit', () => {
  const DAY = 86_400_000;

  it('prints the trail newest first, filtered by --since, --action and --user, as text or JSON lines', async () => {
    await setSecret('DEPLOY_KEY', VALUE);
    await run(['secret', 'delete', 'DEPLOY_KEY']);
    // A signed-in user's actions, as the team server records them (one of them old).
    const db = await openDatabase({ workspaceDir: ws.dir, databaseUrl: env.DATABASE_URL });
    try {
      const store = createStore(db.prisma);
      const alice = await store.users.create({ username: 'alice', role: 'operator' });
      const actor = {
        kind: 'user' as const,
        userId: alice.id,
        username: 'alice',
        name: 'Alice',
        role: 'operator' as const,
        from: { ip: '10.0.0.7', client: 'web' },
      };
      await store.audit.append({
        ...auditEntry(actor, 'run.start', { type: 'run', id: 'r0ld00000' }),
        at: new Date(Date.now() - 3 * DAY),
      });
      await store.audit.append(auditEntry(actor, 'run.cancel', { type: 'run', id: 'r1' }));
      await store.audit.append(auditEntry(localActor(), 'run.start', { type: 'run', id: 'r2' }));
    } finally {
      await db.close();
    }

    const lines = async (...args: string[]) => {
      const result = await run(['audit', '--json', ...args]);
      expect(result.stderr).toBe('');
      return result.stdout
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { id: string; action: string; actorName: string });
    };
    const all = await lines();
    expect(all.map((e) => e.action)).toEqual([
      'run.start',
      'run.cancel',
      'run.start',
      'secret.delete',
      'secret.set',
    ]);
    const ids = all.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all[1]).toMatchObject({
      actorKind: 'user',
      actorName: 'alice',
      targetId: 'r1',
      ip: '10.0.0.7',
      client: 'web',
    });
    expect(all[4]).toMatchObject({
      actorKind: 'local',
      client: 'cli-local',
      targetId: 'DEPLOY_KEY',
    });

    expect((await lines('--since', '1d')).map((e) => e.action)).toEqual([
      'run.start',
      'run.cancel',
      'secret.delete',
      'secret.set',
    ]);
    expect((await lines('--action', 'secret.')).map((e) => e.action)).toEqual([
      'secret.delete',
      'secret.set',
    ]);
    expect((await lines('--user', 'alice')).map((e) => e.action)).toEqual([
      'run.cancel',
      'run.start',
    ]);
    expect((await lines('--user', 'alice', '--since', '1d', '--action', 'run.')).length).toBe(1);
    expect(await lines('--limit', '2')).toHaveLength(2);

    const text = await run(['audit', '--action', 'run.cancel']);
    expect(text.stdout).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}alice {2}run\.cancel {2}run r1 {2}web 10\.0\.0\.7\n$/,
    );
    const everything = await run(['audit']);
    expect(everything.stdout).toContain('secret.set  secret DEPLOY_KEY  cli-local');
    expect(everything.stdout).not.toContain(VALUE);

    const nobody = await run(['audit', '--user', 'nobody']);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('arcflow: no user named nobody');
    const bad = await run(['audit', '--since', 'last week']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--since "last week" is neither an age (like 1h, 7d, 2w) nor a date',
    );
  });
});
