import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, backends } from './helpers/backends.ts';
import { cli, cliJson, startCli } from './helpers/cli.ts';
import { type RunJson, step } from './helpers/run-json.ts';
import { httpClient } from './helpers/serve.ts';
import { type ServedWorkspace, startServedWorkspace } from './helpers/served-workspace.ts';
import { isAlive, TestWorkspace, waitFor, waitForAsync } from './helpers/workspace.ts';

// The child: "prepare" counts its runs in prepare.count; "publish" fails until the file
// "fixed" exists. Its outputs hand back what "publish" printed.
const RELEASE = `
name: release
narrative: "A version is cut and published"
inputs:
  version: { type: string }
steps:
  - id: prepare
    action: shell
    with: { run: "echo $ARCFLOW_RUN_ID > child.id; echo x >> prepare.count" }
  - id: publish
    action: shell
    depends_on: [prepare]
    with:
      run: "if [ ! -f fixed ]; then echo 'registry refused the upload' >&2; exit 4; fi"
outputs:
  published: "v\${{ inputs.version }}"
  code: "\${{ steps.publish.outputs.exitCode }}"
`;

const DELIVERY = `
name: delivery
narrative: "A feature is delivered through the release arc"
steps:
  - id: build
    action: shell
    with: { run: "echo $ARCFLOW_RUN_ID > parent.id; echo x >> build.count" }
  - id: ship
    uses: release
    depends_on: [build]
    with: { version: "1.2" }
  - id: announce
    action: shell
    depends_on: [ship]
    with: { run: "echo 'shipped \${{ steps.ship.outputs.published }}' > announced.txt" }
`;

const postgresOnly = backends().filter((backend) => backend.name === 'postgres');

describe.each(postgresOnly)('sub-workflows (uses:) on $name', (backend: Backend) => {
  let ws: TestWorkspace;
  let env: Record<string, string | undefined>;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const created = await backend.create();
    ws = new TestWorkspace(created.dir);
    env = { ...created.env, ARCFLOW_RETRY_DELAY_MS: '50' };
    cleanup = created.cleanup;
    ws.workflow('release', RELEASE);
    ws.workflow('delivery', DELIVERY);
  });
  afterEach(() => cleanup());

  const json = (args: string[]) => cliJson<RunJson>(args, { cwd: ws.dir, env });
  const show = async (runId: string) =>
    (await json(['show', runId, '--json'])).json as RunJson & {
      parent: { runId: string; stepId: string } | null;
      outputs: Record<string, unknown> | null;
    };
  const count = (file: string) => ws.read(file).trim().split('\n').length;

  it("runs the child as one step and hands its outputs to the parent's next step", async () => {
    ws.write('fixed', '');
    const { code, json: parent } = await json(['run', 'delivery', '--json']);
    expect(code).toBe(0);
    expect(parent.status).toBe('succeeded');
    expect(step(parent, 'ship').outputs).toEqual({ published: 'v1.2', code: 0 });
    expect(ws.read('announced.txt').trim()).toBe('shipped v1.2');
    const succeeded = parent.events.find((e) => e.stepId === 'ship' && e.type === 'step.succeeded');
    expect(succeeded?.story.text).toContain('the release arc held: 2 beats');

    const childId = ws.read('child.id').trim();
    expect(childId).not.toBe(parent.id);
    const child = await show(childId);
    expect(child.workflow).toBe('release');
    expect(child.status).toBe('succeeded');
    expect(child.parent).toEqual({ runId: parent.id, stepId: 'ship' });
    expect(child.outputs).toEqual({ published: 'v1.2', code: 0 });
    const told = await cli(['show', childId], { cwd: ws.dir, env });
    expect(told.stdout).toContain(
      `a nested arc of run ${parent.id}, its step "ship" (arcflow show ${parent.id})`,
    );
  });

  it("resumes the failed child from the parent: the child's succeeded steps do not run again", async () => {
    const failed = await json(['run', 'delivery', '--json']);
    expect(failed.code).toBe(1);
    expect(failed.json.status).toBe('failed');
    const childId = ws.read('child.id').trim();
    const ship = step(failed.json, 'ship');
    expect(ship.status).toBe('failed');
    const failure = ship.attemptHistory.at(-1)?.failure as {
      message: string;
      details: Record<string, unknown>;
    };
    expect(failure.message).toBe(
      `workflow release (run ${childId}) failed at "publish": bash exited with code 4 (registry refused the upload)`,
    );
    expect(failure.details).toEqual({ childRunId: childId, failedSteps: ['publish'] });
    expect(step(failed.json, 'announce').status).toBe('skipped');
    expect((await show(childId)).status).toBe('failed');
    expect(count('prepare.count')).toBe(1);

    ws.write('fixed', '');
    const resumed = await json(['resume', failed.json.id, '--json']);
    expect(resumed.code).toBe(0);
    expect(resumed.json.status).toBe('succeeded');
    // The same child run went on: "prepare" kept its result, "publish" ran again.
    expect(ws.read('child.id').trim()).toBe(childId);
    expect(count('prepare.count')).toBe(1);
    expect(count('build.count')).toBe(1);
    const child = await show(childId);
    expect(child.status).toBe('succeeded');
    expect(step(child, 'prepare').attempts).toBe(1);
    expect(step(child, 'publish').attempts).toBe(2);
    expect(step(resumed.json, 'ship').outputs).toEqual({ published: 'v1.2', code: 0 });
    expect(ws.read('announced.txt').trim()).toBe('shipped v1.2');
  });

  it('canceling the parent cancels the child and stops its steps', async () => {
    ws.workflow(
      'slow-child',
      `
name: slow-child
steps:
  - id: wait
    action: shell
    with: { run: "echo $ARCFLOW_RUN_ID > child.id; sleep 60 & echo $! > sleep.pid; wait" }
`,
    );
    ws.workflow(
      'slow-parent',
      `
name: slow-parent
steps:
  - id: first
    action: shell
    with: { run: "echo $ARCFLOW_RUN_ID > parent.id" }
  - id: call
    uses: slow-child
    depends_on: [first]
`,
    );
    const background = startCli(['run', 'slow-parent', '--json'], { cwd: ws.dir, env });
    await waitFor(() => ws.exists('sleep.pid'), 20_000, 'the child step to start');
    const parentId = ws.read('parent.id').trim();
    const childId = ws.read('child.id').trim();
    const sleeper = Number(ws.read('sleep.pid'));

    const cancel = await cli(['cancel', parentId], { cwd: ws.dir, env });
    expect(cancel.code).toBe(0);
    const finished = await background.done;
    expect(finished.code).toBe(1);
    const parent = JSON.parse(finished.stdout) as RunJson;
    expect(parent.status).toBe('canceled');
    expect(step(parent, 'call').status).toBe('canceled');
    const child = await show(childId);
    expect(child.status).toBe('canceled');
    expect(step(child, 'wait').status).toBe('canceled');
    await waitFor(() => !isAlive(sleeper), 5000, "the child's step process to be killed");
  });

  it('refuses a cycle between workflows before anything runs', async () => {
    ws.workflow('ping', 'name: ping\nsteps:\n  - id: to-pong\n    uses: pong\n');
    ws.workflow('pong', 'name: pong\nsteps:\n  - id: to-ping\n    uses: ping\n');
    const result = await cli(['validate', 'ping'], { cwd: ws.dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '.mia/workflows/ping.yaml:4:11: step "to-pong": sub-workflow cycle: ping → pong → ping',
    );
    const run = await cli(['run', 'ping'], { cwd: ws.dir, env });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('sub-workflow cycle: ping → pong → ping');
  });
});

describe('sub-workflows through the API, executed by arcflow serve', () => {
  let served: ServedWorkspace;
  beforeAll(async () => {
    served = await startServedWorkspace({ release: RELEASE, delivery: DELIVERY });
  });
  afterAll(() => served?.close());

  it('lists the child with its parent, and a resume through the API resumes the child', async () => {
    const { ws } = served;
    const api = httpClient(served.serve.url);
    const started = await api.runs.start.mutate({ workflow: 'delivery' });
    const ended = (runId: string) =>
      waitForAsync(
        async () => {
          const run = await api.runs.overview.query({ runId });
          return ['succeeded', 'failed', 'canceled'].includes(run.status) && run;
        },
        30_000,
        `run ${runId} to end`,
      );
    const failed = await ended(started.id);
    expect(failed.status).toBe('failed');
    expect(failed.steps.find((s) => s.id === 'ship')).toMatchObject({ uses: 'release' });
    const childId = ws.read('child.id').trim();
    expect(failed.children).toEqual([
      { runId: childId, stepId: 'ship', workflow: 'release', status: 'failed' },
    ]);
    const listed = await api.runs.list.query({ workflow: 'release' });
    expect(listed.items.map((r) => [r.id, r.parentRunId])).toEqual([[childId, started.id]]);
    const child = await api.runs.overview.query({ runId: childId });
    expect(child.parent).toEqual({ runId: started.id, stepId: 'ship' });

    ws.write('fixed', '');
    await api.runs.resume.mutate({ runId: started.id });
    await waitForAsync(
      async () => (await api.runs.overview.query({ runId: started.id })).status === 'succeeded',
      30_000,
      'the resumed parent to succeed',
    );
    const resumed = await api.runs.overview.query({ runId: started.id });
    expect(resumed.children).toEqual([
      { runId: childId, stepId: 'ship', workflow: 'release', status: 'succeeded' },
    ]);
    expect(ws.read('prepare.count').trim().split('\n')).toHaveLength(1);
    expect(ws.read('announced.txt').trim()).toBe('shipped v1.2');
  });
});
