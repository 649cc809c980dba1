import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '@arcflow/db';
import { builtinActionSpecs, parseWorkflow, type WorkflowDefinition } from '@arcflow/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.ts';
import { RunnerPool } from './helpers/pool.ts';
import { httpClient } from './helpers/serve.ts';
import { TestWorkspace, waitForAsync } from './helpers/workspace.ts';

const workflow = (name: string, concurrency: string, seconds: number) => `
name: ${name}
${concurrency}
steps:
  - id: work
    action: shell
    with: { run: "sleep ${seconds}" }
`;

const FINAL = ['succeeded', 'failed', 'canceled'];

describe('concurrency groups on a serving runner', () => {
  let pool: RunnerPool;
  let trpc: ReturnType<typeof httpClient>;

  beforeEach(async () => {
    pool = await RunnerPool.create();
  });
  afterEach(async () => {
    await pool.close();
  });

  const ws = () => new TestWorkspace(pool.dir);
  const run = async (id: string) => (await pool.store.runs.get(id)) as RunRecord;
  const ended = (id: string) =>
    waitForAsync(
      async () => {
        const r = await run(id);
        return FINAL.includes(r.status) && r;
      },
      30_000,
      `run ${id} to end`,
    );

  async function serve(extra: Record<string, string> = {}) {
    const runner = await pool.startRunner([], extra);
    trpc = httpClient(runner.url);
    return runner;
  }

  it('with cancel_in_progress, a new run stops the older one, whose story names what replaced it', async () => {
    ws().workflow(
      'deploy',
      workflow('deploy', 'concurrency: { group: deploy, cancel_in_progress: true }', 30),
    );
    await serve();
    const first = await trpc.runs.start.mutate({ workflow: 'deploy' });
    await waitForAsync(async () => (await run(first.id)).status === 'running', 20_000, 'running');

    const second = await trpc.runs.start.mutate({ workflow: 'deploy' });
    const stopped = await ended(first.id);
    expect(stopped.status).toBe('canceled');
    expect(stopped.supersededBy?.runId).toBe(second.id);
    const events = await pool.store.events.list(first.id);
    const request = events.find((event) => event.type === 'run.cancel-requested');
    expect(request?.story.text).toMatch(
      /^.+ started the run by hand, and a newer run of this group takes over: stopping 1 running step/,
    );
    expect(request?.data).toMatchObject({ supersededBy: { kind: 'manual' } });

    // the newer run takes the group once the older one has ended
    await waitForAsync(async () => (await run(second.id)).status === 'running', 20_000, 'second');
    await trpc.runs.cancel.mutate({ runId: second.id });
    expect((await ended(second.id)).status).toBe('canceled');
  }, 60_000);

  it('queues runs of a busy group in order, saying which run holds it', async () => {
    // Each run holds the group until the test opens the gate, so a slow machine cannot let
    // the first run end before the queue watch (every 2 s) has seen it active.
    const gate = join(pool.dir, 'gate');
    ws().workflow(
      'release',
      `
name: release
concurrency: release
steps:
  - id: work
    action: shell
    with: { run: "while [ ! -f '${gate}' ]; do sleep 0.05; done" }
`,
    );
    await serve();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await trpc.runs.start.mutate({ workflow: 'release' })).id);

    await waitForAsync(async () => (await run(ids[0]!)).status === 'running', 20_000, 'first');
    // Created while the first was still queued, its reason says so until a runner's queue
    // watch sees the first one active.
    const reason = `waiting for concurrency group release (run ${ids[0]} is active)`;
    const second = await waitForAsync(
      async () => {
        const r = await run(ids[1]!);
        return r.queuedReason === reason && r;
      },
      20_000,
      'the queued reason',
    );
    expect(second.status).toBe('queued');
    writeFileSync(gate, '');

    const runs = await Promise.all(ids.map(ended));
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    for (let i = 1; i < runs.length; i++) {
      // one at a time, in the order they were started
      expect(runs[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(
        runs[i - 1]!.finishedAt!.getTime(),
      );
    }
    expect(runs.every((r) => r.queuedReason === null)).toBe(true);
  }, 60_000);

  it('ends a run canceled while it waited in the queue, without starting its steps', async () => {
    ws().workflow('release', workflow('release', 'concurrency: release', 3));
    await serve();
    const first = await trpc.runs.start.mutate({ workflow: 'release' });
    const second = await trpc.runs.start.mutate({ workflow: 'release' });
    await waitForAsync(async () => (await run(first.id)).status === 'running', 20_000, 'first');

    await trpc.runs.cancel.mutate({ runId: second.id });
    const canceled = await ended(second.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.steps[0]).toMatchObject({ status: 'canceled', attemptCount: 0 });
    // it did not wait for the group to free up
    expect((await run(first.id)).status).toBe('running');
  }, 60_000);
});

describe('runs started by hand and told again', () => {
  let pool: RunnerPool;
  beforeEach(async () => {
    pool = await RunnerPool.create();
  });
  afterEach(async () => {
    await pool.close();
  });

  it('opens the story of a run started in the terminal with the person who started it', async () => {
    new TestWorkspace(pool.dir).workflow('hello', workflow('hello', '', 0));
    const env = {
      ...pool.env,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_VALUE_0: 'Grace Hopper',
    };
    const result = await cliJson<{ id: string; events: Array<{ story: { text: string } }> }>(
      ['run', 'hello', '--json'],
      { cwd: pool.dir, env },
    );
    expect(result.code).toBe(0);
    expect(result.json.events[0]?.story.text).toMatch(/^Grace Hopper started the run by hand\. /);
    expect((await pool.store.runs.get(result.json.id))?.event).toEqual({
      kind: 'manual',
      author: 'Grace Hopper',
    });
  }, 60_000);

  it('refuses to run a workflow here while its group has an active run', async () => {
    new TestWorkspace(pool.dir).workflow('deploy', workflow('deploy', 'concurrency: deploy', 30));
    const runner = await pool.startRunner();
    const active = await httpClient(runner.url).runs.start.mutate({ workflow: 'deploy' });
    await waitForAsync(
      async () => (await pool.store.runs.get(active.id))!.status === 'running',
      20_000,
      'the active run',
    );
    const result = await cli(['run', 'deploy'], { cwd: pool.dir, env: pool.env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `concurrency group deploy already has an active run (${active.id}), and arcflow run does not wait`,
    );
    await httpClient(runner.url).runs.cancel.mutate({ runId: active.id });
  }, 60_000);

  it('reruns a triggered run with the event that started it', async () => {
    const yaml = `
name: build
on: { push: { branches: [main] } }
steps:
  - id: branch
    action: shell
    with: { run: "echo built \${{ event.branch }}" }
`;
    new TestWorkspace(pool.dir).workflow('build', yaml);
    const { definition } = parseWorkflow(yaml, { file: 'build.yaml', actions: builtinActionSpecs });
    // A pushed run, as a webhook records it; a runner executes it.
    const pushed = await pool.store.runs.create({
      workflowName: 'build',
      workspaceDir: pool.dir,
      definitionYaml: yaml,
      definition: definition as WorkflowDefinition,
      triggeredBy: 'github',
      event: { kind: 'push', branch: 'main', ref: 'refs/heads/main', author: 'Ada' },
    });
    const runner = await pool.startRunner();
    await waitForAsync(
      async () => (await pool.store.runs.get(pushed.id))!.status === 'succeeded',
      20_000,
      'the pushed run',
    );
    await runner.stop();

    const rerun = await cliJson<{ id: string }>(['rerun', pushed.id, '--json'], {
      cwd: pool.dir,
      env: pool.env,
    });
    expect(rerun.code).toBe(0);
    expect(rerun.json.id).not.toBe(pushed.id);
    const stored = await pool.store.runs.get(rerun.json.id);
    expect(stored?.event).toMatchObject({ kind: 'push', branch: 'main' });
    const logs = await cli(['logs', rerun.json.id, 'branch'], { cwd: pool.dir, env: pool.env });
    expect(logs.stdout).toContain('built main');
  }, 90_000);
});
