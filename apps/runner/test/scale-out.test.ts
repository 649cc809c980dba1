import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eventually, isProcessAlive } from '@arcflow/actions/testing';
import { createStore, openDatabase } from '@arcflow/db';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
} from '@arcflow/db/testing';
import { builtinActionSpecs, parseWorkflow, type WorkflowDefinition } from '@arcflow/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BackgroundCli, startCli } from './helpers/cli.ts';
import { waitFor, waitForAsync } from './helpers/workspace.ts';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });

// Every step appends "<run>:<step>:<attempt>:<pid of its runner's shell parent>" to a shared ledger.
const LEDGER_WORKFLOW = `
name: ledger
steps:
  - id: a
    action: shell
    with: { run: "sleep 0.2; echo $ARCFLOW_RUN_ID:a:$ARCFLOW_ATTEMPT >> ledger.txt" }
  - id: b
    action: shell
    depends_on: [a]
    with: { run: "echo $ARCFLOW_RUN_ID:b:$ARCFLOW_ATTEMPT >> ledger.txt" }
  - id: c
    action: shell
    depends_on: [a]
    with: { run: "sleep 0.1; echo $ARCFLOW_RUN_ID:c:$ARCFLOW_ATTEMPT >> ledger.txt" }
`;

describe('many runners on one PostgreSQL', () => {
  let db: TestPostgresDatabase;
  let workspace: { dir: string; cleanup(): Promise<void> };
  let runners: BackgroundCli[] = [];

  beforeEach(async () => {
    db = await createTestPostgresDatabase();
    workspace = await createTestWorkspace();
    runners = [];
  });
  afterEach(async () => {
    for (const runner of runners) runner.child.kill('SIGKILL');
    await Promise.all(runners.map((r) => r.done.catch(() => {})));
    await db.drop();
    await workspace.cleanup();
  });

  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url,
    ARCFLOW_RETRY_DELAY_MS: '50',
    ...extra,
  });

  async function startRunner(extra: Record<string, string> = {}): Promise<BackgroundCli> {
    const port = await freePort();
    const runner = startCli(['serve', '--port', String(port), '--capacity', '20'], {
      cwd: workspace.dir,
      env: env(extra),
    });
    runners.push(runner);
    await waitForAsync(
      async () => {
        if (runner.child.exitCode !== null)
          throw new Error(`the runner exited: ${(await runner.done).stderr}`);
        return fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
      },
      20_000,
      'the runner to listen',
    );
    return runner;
  }

  async function createRuns(yaml: string, count: number) {
    const { definition } = parseWorkflow(yaml, {
      file: 'ledger.yaml',
      actions: builtinActionSpecs,
    });
    const database = await openDatabase({ databaseUrl: db.url, workspaceDir: workspace.dir });
    try {
      const store = createStore(database.prisma);
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const run = await store.runs.create({
          workflowName: 'ledger',
          workspaceDir: workspace.dir,
          definitionYaml: yaml,
          definition: definition as WorkflowDefinition,
          triggeredBy: 'test',
        });
        ids.push(run.id);
      }
      return ids;
    } finally {
      await database.close();
    }
  }

  async function waitForRuns(ids: string[], timeoutMs: number) {
    const database = await openDatabase({ databaseUrl: db.url, workspaceDir: workspace.dir });
    try {
      const store = createStore(database.prisma);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const runs = await Promise.all(ids.map((id) => store.runs.get(id)));
        if (runs.every((run) => run && ['succeeded', 'failed', 'canceled'].includes(run.status)))
          return runs.map((r) => r!);
        if (Date.now() > deadline) {
          const open = runs.filter(
            (r) => r && !['succeeded', 'failed', 'canceled'].includes(r.status),
          );
          throw new Error(
            `${open.length} runs did not finish: ${open.map((r) => `${r?.id}=${r?.status}`).join(', ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await database.close();
    }
  }

  /** The lines the test workflows' steps appended to ran.txt, in order. */
  function ran(): string[] {
    try {
      return readFileSync(join(workspace.dir, 'ran.txt'), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  }

  it('shares 60 concurrent runs among three runners, executing every step exactly once', async () => {
    writeFileSync(join(workspace.dir, 'ledger.txt'), '');
    const ids = await createRuns(LEDGER_WORKFLOW, 60);
    await Promise.all([startRunner(), startRunner(), startRunner()]);
    const runs = await waitForRuns(ids, 120_000);
    expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'succeeded'));

    const ledger = readFileSync(join(workspace.dir, 'ledger.txt'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const expected = ids.flatMap((id) => [`${id}:a:1`, `${id}:b:1`, `${id}:c:1`]);
    expect([...ledger].sort()).toEqual([...expected].sort()); // each step once, no duplicates, none missing

    const runnersUsed = new Set(
      runs.flatMap((r) => r.steps.flatMap((s) => s.attempts.map((a) => a.runnerId))),
    );
    expect(runnersUsed.size).toBeGreaterThanOrEqual(2);
  });

  it('finishes a run on another runner after its runner is killed mid-step', async () => {
    const yaml = `
name: survivor
steps:
  - id: first
    action: shell
    with: { run: "echo first >> ran.txt" }
  - id: slow
    action: shell
    depends_on: [first]
    retries: 1
    with: { run: "echo slow:$ARCFLOW_ATTEMPT >> ran.txt; if [ $ARCFLOW_ATTEMPT = 1 ]; then sleep 60; fi" }
  - id: last
    action: shell
    depends_on: [slow]
    with: { run: "echo last >> ran.txt" }
`;
    const leaseEnv = { ARCFLOW_LEASE_MS: '2000' };
    const doomed = await startRunner(leaseEnv);
    const [id] = await createRuns(yaml, 1);
    await waitFor(() => ran().includes('slow:1'), 20_000, 'the slow step to start');
    doomed.child.kill('SIGKILL');
    await startRunner(leaseEnv);

    const [run] = await waitForRuns([id!], 60_000);
    expect(run!.status).toBe('succeeded');
    const slow = run!.steps.find((s) => s.stepId === 'slow')!;
    expect(slow.attempts.map((a) => a.status)).toEqual(['interrupted', 'succeeded']);
    expect(new Set(slow.attempts.map((a) => a.runnerId)).size).toBe(2);
    expect(ran()).toEqual(['first', 'slow:1', 'slow:2', 'last']);

    const database = await openDatabase({ databaseUrl: db.url, workspaceDir: workspace.dir });
    try {
      const events = await createStore(database.prisma).events.list(id!);
      const interrupted = events.find((e) => e.stepId === 'slow' && e.story.kind === 'tension');
      expect(interrupted?.story.text).toMatch(/interrupted/);
    } finally {
      await database.close();
    }
  });

  it('stops a runner that was frozen past its lease: the run goes on elsewhere, exactly once', async () => {
    const yaml = `
name: frozen
steps:
  - id: slow
    action: shell
    retries: 1
    with: { run: "echo slow:$ARCFLOW_ATTEMPT:start >> ran.txt; if [ $ARCFLOW_ATTEMPT = 1 ]; then echo $$ > stale.pid; sleep 60; fi; echo slow:$ARCFLOW_ATTEMPT:end >> ran.txt" }
  - id: last
    action: shell
    depends_on: [slow]
    with: { run: "echo last >> ran.txt" }
`;
    const leaseEnv = { ARCFLOW_LEASE_MS: '2000' };
    const frozen = await startRunner(leaseEnv);
    const [id] = await createRuns(yaml, 1);
    await waitFor(() => ran().includes('slow:1:start'), 20_000, 'the first attempt to start');
    // A laptop lid closed, a VM paused: the runner stops renewing, but its step goes on.
    frozen.child.kill('SIGSTOP');
    await startRunner(leaseEnv);
    const [run] = await waitForRuns([id!], 60_000);
    expect(run!.status).toBe('succeeded');
    const slow = run!.steps.find((s) => s.stepId === 'slow')!;
    expect(slow.attempts.map((a) => a.status)).toEqual(['interrupted', 'succeeded']);

    // Woken up, the runner finds the run is no longer its own and kills its stale attempt
    // instead of finishing it and recording it over the new runner's.
    const stale = Number(readFileSync(join(workspace.dir, 'stale.pid'), 'utf8'));
    expect(isProcessAlive(stale)).toBe(true);
    frozen.child.kill('SIGCONT');
    expect(await eventually(() => !isProcessAlive(stale), 15_000)).toBe(true);
    expect(ran()).toEqual(['slow:1:start', 'slow:2:start', 'slow:2:end', 'last']);
    frozen.child.kill('SIGTERM');
    expect((await frozen.done).stderr).toContain('run taken over by another runner');

    const database = await openDatabase({ databaseUrl: db.url, workspaceDir: workspace.dir });
    try {
      const events = await createStore(database.prisma).events.list(id!);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === 'run.succeeded')).toHaveLength(1);
      expect(
        events
          .filter((e) => e.type === 'step.succeeded' && e.stepId === 'slow')
          .map((e) => e.attempt),
      ).toEqual([2]);
    } finally {
      await database.close();
    }
  });
});
