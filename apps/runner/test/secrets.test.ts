import { builtinActions } from '@arcflow/actions';
import { createStore } from '@arcflow/db';
import { openTestDatabase, type TestBackend, type TestDatabase } from '@arcflow/db/testing';
import {
  builtinActionSpecs,
  initialRunState,
  parseWorkflow,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processEnvironment } from '../src/env.ts';
import type { SecretResolver } from '../src/identity/secret-resolver.ts';
import type { LogLine } from '../src/worker/log-buffer.ts';
import { RunExecutor } from '../src/worker/run-executor.ts';
import { cli, cliJson } from './helpers/cli.ts';
import { hasTestPostgres } from './helpers/env.ts';
import type { RunJson } from './helpers/run-json.ts';
import { TestWorkspace } from './helpers/workspace.ts';

const DEPLOY_KEY = 'hunter2-s3cr3t-VALUE';
const PIN = 'q7z';

/** Steps that echo a secret, print it split across writes and across a cut long line, and fail with it. */
const YAML = `
name: secret-flow
steps:
  - id: echo
    action: shell
    env:
      KEY: \${{ secrets.DEPLOY_KEY }}
      PIN: \${{ secrets.PIN }}
    with:
      run: 'echo "inline \${{ secrets.DEPLOY_KEY }}"; echo "env $KEY pin=$PIN"'
  - id: split
    action: shell
    depends_on: [echo]
    env: { KEY: "\${{ secrets.DEPLOY_KEY }}" }
    with:
      run: |
        node -e 'const k = process.env.KEY; process.stdout.write("split " + k.slice(0, 7)); setTimeout(() => process.stdout.write(k.slice(7) + " end\\n"), 300)'
        node -e 'const k = process.env.KEY; process.stdout.write("x".repeat(64 * 1024 - 10) + k.slice(0, 10)); setTimeout(() => process.stdout.write(k.slice(10)), 200); setTimeout(() => process.stdout.write(" tail\\n"), 400)'
  - id: fail
    action: shell
    depends_on: [split]
    env: { KEY: "\${{ secrets.DEPLOY_KEY }}" }
    with:
      run: 'echo "cannot deploy with key $KEY" >&2; exit 3'
  - id: missing
    action: shell
    with: { run: 'echo \${{ secrets.NOT_SET }}' }
`;

/** Secrets held in memory, as the store will hold them; records what it was asked. */
function memorySecrets(values: Record<string, string>) {
  const asked: Array<{ names: readonly string[]; workflowName: string; workspaceDir: string }> = [];
  const resolver: SecretResolver = {
    async resolve(names, scope) {
      asked.push({ names, ...scope });
      return new Map(
        names.flatMap((name) => (name in values ? [[name, values[name]]] : [])) as [
          string,
          string,
        ][],
      );
    },
  };
  return { resolver, asked };
}

const json = (value: unknown) =>
  JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v));

const backends: TestBackend[] = hasTestPostgres() ? ['pglite', 'postgres'] : ['pglite'];

describe.each(backends)('secrets in a run (%s)', (backend) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.cleanup();
    test = undefined;
  });

  it('gives steps the values, and never stores or tells them', async () => {
    test = await openTestDatabase(backend);
    const { workspaceDir } = test;
    const parsed = parseWorkflow(YAML, { file: 'secret-flow.yaml', actions: builtinActionSpecs });
    expect(parsed.diagnostics).toEqual([]);
    const def = parsed.definition as WorkflowDefinition;
    const store = createStore(test.db.prisma);
    const run = await store.runs.create({
      workflowName: def.name,
      workspaceDir,
      definitionYaml: YAML,
      definition: def,
      triggeredBy: 'test',
      lease: { owner: 'test', ttlMs: 30_000 },
    });
    const secrets = memorySecrets({ DEPLOY_KEY, PIN });
    const live: LogLine[] = [];
    const executor = new RunExecutor(run.id, def, initialRunState(def), store, builtinActions, {
      maxParallel: 4,
      retryDelayMs: () => 0,
      runnerId: 'test',
      leaseMs: 30_000,
      lastSeq: 0,
      workspaceDir,
      baseEnv: { PATH: processEnvironment().PATH ?? '' },
      secrets: secrets.resolver,
      cancelRequested: async () => false,
      pollDecisions: async () => [],
      onLog: (line) => live.push(line),
    });
    const final = await executor.execute('start');

    expect(final.status).toBe('failed');
    expect(final.steps.echo?.status).toBe('succeeded');
    expect(final.steps.split?.status).toBe('succeeded');
    expect(final.steps.fail?.status).toBe('failed');
    expect(final.steps.missing?.lastFailure?.message).toBe(
      'secret NOT_SET is not set in this workspace',
    );
    expect(secrets.asked).toContainEqual({
      names: ['DEPLOY_KEY', 'PIN'],
      workflowName: 'secret-flow',
      workspaceDir,
    });

    const logs = await store.logs.list(run.id);
    const texts = (stepId: string) =>
      logs.filter((line) => line.stepId === stepId).map((line) => line.text);
    expect(texts('echo')).toContain('inline ***');
    expect(texts('echo')).toContain('env *** pin=***');
    expect(texts('split')).toContain('split *** end');
    const cut = texts('split').filter((text) => text.startsWith('xxx') || text.startsWith('***'));
    // runProcess cuts the 64 KiB line inside the value: both pieces are masked.
    expect(cut.map((text) => text.slice(-12))).toEqual(['xxxxxxxxx***', '*** tail']);
    expect(texts('fail')).toContain('cannot deploy with key ***');

    const events = await store.events.list(run.id);
    const tension = events.filter((event) => event.story.kind === 'tension');
    expect(tension.map((event) => event.story.text).join('\n')).toContain('***');
    const stored = await store.runs.get(run.id);
    for (const [what, text] of [
      ['stored logs', json(logs)],
      ['logs shown live', json(live)],
      ['events', json(events)],
      ['run record', json(stored)],
      ['final state', json(final)],
    ] as const) {
      expect(text, what).not.toContain(DEPLOY_KEY);
      expect(text, what).not.toContain(DEPLOY_KEY.slice(0, 10));
      expect(text, what).not.toContain(DEPLOY_KEY.slice(10));
      expect(text, what).not.toContain(PIN);
      expect(text, what).not.toContain('\\u0000');
    }
  });
});

describe('a secret that is not set, through the CLI', () => {
  let ws: TestWorkspace;
  beforeEach(() => {
    ws = new TestWorkspace();
  });
  afterEach(() => ws.remove());

  it('stops the run before it starts, at its line:col; workflows without it run as before', async () => {
    const deploy = `
name: uses-secret
steps:
  - id: deploy
    action: shell
    env: { KEY: "\${{ secrets.DEPLOY_KEY }}" }
    with: { run: 'echo "key=$KEY"' }
`;
    ws.workflow('uses-secret', deploy);
    ws.workflow(
      'legacy',
      `
name: legacy
secrets: [LEGACY_TOKEN]
steps:
  - id: before
    action: shell
    with: { run: 'echo "legacy $LEGACY_TOKEN"' }
`,
    );
    const env = { DATABASE_URL: undefined, LEGACY_TOKEN: 'legacy-value-123' };
    const refused = await cli(['run', 'uses-secret'], { cwd: ws.dir, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '.mia/workflows/uses-secret.yaml:6:22: step "deploy": env.KEY: unknown secret DEPLOY_KEY; set it with: arcflow secret set DEPLOY_KEY',
    );
    const runs = await cliJson<unknown[]>(['runs', '--json'], { cwd: ws.dir, env });
    expect(runs.json).toEqual([]);

    const ran = await cliJson<RunJson>(['run', 'legacy', '--json'], { cwd: ws.dir, env });
    expect(ran.json.status).toBe('succeeded');
    const logs = await cli(['logs', ran.json.id, 'before'], { cwd: ws.dir, env });
    expect(logs.stdout).toContain('legacy ***');
    expect(logs.stdout).not.toContain('legacy-value-123');
  });
});
