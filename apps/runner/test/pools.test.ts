import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { RunnerRecord } from '@arcflow/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.ts';
import { RunnerPool } from './helpers/pool.ts';
import { httpClient, runServe } from './helpers/serve.ts';
import { TestWorkspace, waitForAsync } from './helpers/workspace.ts';

describe('runner pools', () => {
  let pool: RunnerPool;
  beforeEach(async () => {
    pool = await RunnerPool.create();
  });
  afterEach(async () => {
    await pool.close();
  });

  const run = async (id: string) => (await pool.store.runs.get(id))!;

  it('keeps a runs_on: [gpu] run waiting, saying why, until a runner with that label serves', async () => {
    new TestWorkspace(pool.dir).workflow(
      'train',
      `
name: train
runs_on: [gpu]
steps:
  - id: fit
    action: shell
    with: { run: "echo fitting" }
`,
    );
    const linux = await pool.startRunner(['--labels', 'linux']);
    const started = await httpClient(linux.url).runs.start.mutate({ workflow: 'train' });
    const waiting = await waitForAsync(
      async () => {
        const r = await run(started.id);
        return r.queuedReason !== null && r;
      },
      15_000,
      'a queued reason',
    );
    expect(waiting.status).toBe('queued');
    expect(waiting.queuedReason).toBe('waiting for a runner with labels gpu');

    const gpu = await pool.startRunner(['--labels', 'linux,gpu']);
    const done = await waitForAsync(
      async () => {
        const r = await run(started.id);
        return r.status === 'succeeded' && r;
      },
      20_000,
      'the gpu run',
    );
    expect(done.queuedReason).toBeNull();
    // the gpu runner ran it
    expect(done.steps[0]?.attempts[0]?.runnerId).toBe(`${hostname()}-${gpu.child.pid}`);

    const listed = await cliJson<RunnerRecord[]>(['runners', '--json'], {
      cwd: pool.dir,
      env: pool.env,
    });
    expect(listed.code).toBe(0);
    expect(
      listed.json
        .map((r) => ({ pid: r.pid, labels: r.labels, stale: r.stale }))
        .sort((a, b) => a.pid - b.pid),
    ).toEqual(
      [
        { pid: linux.child.pid, labels: ['linux'], stale: false },
        { pid: gpu.child.pid, labels: ['linux', 'gpu'], stale: false },
      ].sort((a, b) => a.pid! - b.pid!),
    );
    const text = await cli(['runners'], { cwd: pool.dir, env: pool.env });
    expect(text.stdout).toMatch(/live {2}linux, gpu/);

    // a clean shutdown takes the runner off the list
    await gpu.stop();
    expect((await pool.store.runners.list(60_000)).map((r) => r.pid)).toEqual([linux.child.pid]);
  }, 60_000);

  it('with ARCFLOW_MAX_RUNS=1, queues the second run with its position and why', async () => {
    new TestWorkspace(pool.dir).workflow(
      'slow',
      `
name: slow
steps:
  - id: wait
    action: shell
    with: { run: "while [ ! -f go ]; do sleep 0.05; done" }
`,
    );
    const runner = await pool.startRunner(['--capacity', '4'], { ARCFLOW_MAX_RUNS: '1' });
    const trpc = httpClient(runner.url);
    const first = await trpc.runs.start.mutate({ workflow: 'slow' });
    await waitForAsync(async () => (await run(first.id)).status === 'running', 15_000, 'first');
    const second = await trpc.runs.start.mutate({ workflow: 'slow' });

    const queued = await waitForAsync(
      async () => {
        const r = await run(second.id);
        return r.queuedReason !== null && r;
      },
      15_000,
      'a queued reason',
    );
    expect(queued.queuedReason).toBe(
      'waiting for a free slot: 1 of ARCFLOW_MAX_RUNS=1 runs active',
    );
    expect(await pool.store.leases.queuePosition(second.id)).toBe(1);
    const listed = await cli(['runs'], { cwd: pool.dir, env: pool.env });
    expect(listed.stdout).toContain(`${second.id}`);
    expect(listed.stdout).toContain(
      '#1 in line · waiting for a free slot: 1 of ARCFLOW_MAX_RUNS=1 runs active',
    );
    writeFileSync(join(pool.dir, 'go'), '');

    const done = await waitForAsync(
      async () => {
        const r = await run(second.id);
        return r.status === 'succeeded' && r;
      },
      20_000,
      'the second run',
    );
    const firstDone = await run(first.id);
    expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(firstDone.finishedAt!.getTime());
  }, 60_000);

  it('refuses a runner label that runs_on could never name', async () => {
    const result = await runServe({
      cwd: pool.dir,
      env: pool.env,
      args: ['--labels', 'linux,-gpu'],
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--labels: invalid runner label "-gpu": a label starts with a letter or digit',
    );
  });
});
