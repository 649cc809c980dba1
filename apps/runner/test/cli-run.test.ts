import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, backends } from './helpers/backends.ts';
import { cli, cliJson, startCli } from './helpers/cli.ts';
import { type RunJson, step } from './helpers/run-json.ts';
import { isAlive, TestWorkspace, waitFor } from './helpers/workspace.ts';

const PARALLEL = `
name: parallel
narrative: "Two beats at once"
steps:
  - id: left
    action: shell
    with: { run: "date +%s%N > left.start; sleep 1; date +%s%N > left.end" }
  - id: right
    action: shell
    with: { run: "date +%s%N > right.start; sleep 1; date +%s%N > right.end" }
  - id: join
    action: noop
    depends_on: [left, right]
    beat: "Both halves meet"
`;

// b fails until the file "fixed" exists; c depends on b; d is an independent branch.
const FIX_ME = `
name: fix-me
narrative: "A change meets a broken test, and is mended"
steps:
  - id: a
    action: shell
    with: { run: "echo a >> ran.log" }
  - id: b
    action: shell
    depends_on: [a]
    beat: "The test passes"
    with: { run: "echo b >> ran.log; if [ ! -f fixed ]; then echo 'expected 2, got 3' >&2; exit 3; fi" }
  - id: c
    action: shell
    depends_on: [b]
    with: { run: "echo c >> ran.log" }
  - id: d
    action: shell
    with: { run: "echo d >> ran.log" }
`;

describe.each(backends())('arcflow run on $name', (backend: Backend) => {
  let ws: TestWorkspace;
  let env: Record<string, string | undefined>;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const created = await backend.create();
    ws = new TestWorkspace(created.dir);
    env = { ...created.env, ARCFLOW_RETRY_DELAY_MS: '50' };
    cleanup = created.cleanup;
  });
  afterEach(() => cleanup());

  const run = (args: string[]) => cliJson<RunJson>(args, { cwd: ws.dir, env });

  it('runs independent steps at the same time, and one at a time with --max-parallel 1', async () => {
    ws.workflow('parallel', PARALLEL);
    const { code, json } = await run(['run', 'parallel', '--json']);
    expect(code).toBe(0);
    expect(json.status).toBe('succeeded');
    expect(json.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const t = (f: string) => BigInt(ws.read(f).trim());
    // overlapping intervals: each started before the other ended
    expect(t('left.start') < t('right.end') && t('right.start') < t('left.end')).toBe(true);
    expect(
      json.events.find((e) => e.stepId === 'join' && e.type === 'step.succeeded')?.story.text,
    ).toBe('Both halves meet');

    const serial = await run(['run', 'parallel', '--json', '--max-parallel', '1']);
    expect(serial.code).toBe(0);
    expect(t('left.end') <= t('right.start') || t('right.end') <= t('left.start')).toBe(true);
  });

  it('skips the dependents of a failed step, lets other branches finish, and resume re-runs only what did not succeed', async () => {
    ws.workflow('fix-me', FIX_ME);
    const failed = await run(['run', 'fix-me', '--json']);
    expect(failed.code).toBe(1);
    expect(failed.json.status).toBe('failed');
    expect(step(failed.json, 'a').status).toBe('succeeded');
    expect(step(failed.json, 'b').status).toBe('failed');
    expect(step(failed.json, 'c').status).toBe('skipped');
    expect(step(failed.json, 'd').status).toBe('succeeded');
    const tension = failed.json.events.find((e) => e.type === 'step.failed' && e.stepId === 'b');
    expect(tension?.story.kind).toBe('tension');
    expect(tension?.story.text).toContain('exit code 3');
    expect(tension?.story.text).toContain('expected 2, got 3');
    expect(ws.read('ran.log').split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'd']);

    ws.write('fixed', 'yes');
    const resumed = await run(['resume', failed.json.id, '--json']);
    expect(resumed.code).toBe(0);
    expect(resumed.json.id).toBe(failed.json.id);
    expect(resumed.json.status).toBe('succeeded');
    // a and d kept their results; b ran again as attempt 2; c ran for the first time
    const lines = ws.read('ran.log').split('\n').filter(Boolean);
    expect(lines.filter((l) => l === 'a')).toHaveLength(1);
    expect(lines.filter((l) => l === 'd')).toHaveLength(1);
    expect(lines.filter((l) => l === 'b')).toHaveLength(2);
    expect(lines.filter((l) => l === 'c')).toHaveLength(1);
    expect(step(resumed.json, 'a').attempts).toBe(1);
    expect(step(resumed.json, 'b').attempts).toBe(2);
    expect(step(resumed.json, 'b').attemptHistory.map((a) => a.status)).toEqual([
      'failed',
      'succeeded',
    ]);
    expect(step(resumed.json, 'c').attempts).toBe(1);
    const seqs = resumed.json.events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(resumed.json.events.at(-1)?.story.kind).toBe('resolution');

    const again = await cli(['resume', failed.json.id], { cwd: ws.dir, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already succeeded');
  });

  it('retries a failing step and succeeds on the second attempt', async () => {
    ws.workflow(
      'flaky',
      `
name: flaky
steps:
  - id: flaky
    action: shell
    retries: 2
    with: { run: "n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; [ $n -ge 1 ]" }
`,
    );
    const { code, json } = await run(['run', 'flaky', '--json']);
    expect(code).toBe(0);
    expect(step(json, 'flaky').attempts).toBe(2);
    expect(step(json, 'flaky').attemptHistory.map((a) => a.status)).toEqual([
      'failed',
      'succeeded',
    ]);
    expect(json.events.some((e) => e.type === 'step.retrying')).toBe(true);
    expect(ws.read('count').trim()).toBe('2');
  });

  it('kills the whole process tree of a step that runs out of time', async () => {
    ws.workflow(
      'slow',
      `
name: slow
steps:
  - id: slow
    action: shell
    timeout: 1s
    with: { run: "sleep 60 & echo $! > child.pid; sleep 60" }
  - id: after
    action: noop
    depends_on: [slow]
`,
    );
    const started = Date.now();
    const { code, json } = await run(['run', 'slow', '--json']);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(step(json, 'slow').status).toBe('failed');
    expect(step(json, 'after').status).toBe('skipped');
    const tension = json.events.find((e) => e.type === 'step.failed');
    expect(tension?.story.text).toMatch(/time/i);
    const child = Number(ws.read('child.pid'));
    await waitFor(() => !isAlive(child), 5000, `background child ${child} to be killed`);
  });

  it('cancels a running run from another terminal, stopping its steps', async () => {
    ws.workflow(
      'long',
      `
name: long
steps:
  - id: long
    action: shell
    with: { run: "echo $ARCFLOW_RUN_ID > run.id; sleep 60 & echo $! > child.pid; wait" }
  - id: later
    action: noop
    depends_on: [long]
`,
    );
    const background = startCli(['run', 'long', '--json'], { cwd: ws.dir, env });
    const runId = await waitFor(
      () => ws.exists('child.pid') && ws.read('run.id').trim(),
      20_000,
      'the step to start',
    );
    const child = Number(ws.read('child.pid'));

    const cancel = await cli(['cancel', runId], { cwd: ws.dir, env });
    expect(cancel.stderr).toBe('');
    expect(cancel.code).toBe(0);
    const finished = await background.done;
    expect(finished.code).toBe(1);
    const json = JSON.parse(finished.stdout) as RunJson;
    expect(json.status).toBe('canceled');
    expect(step(json, 'long').status).toBe('canceled');
    expect(step(json, 'later').status).toBe('canceled');
    await waitFor(() => !isAlive(child), 5000, 'the step process tree to be killed');
  });

  it('resumes a run whose runner was killed mid-step, running the interrupted step again', async () => {
    ws.workflow(
      'crash',
      `
name: crash
steps:
  - id: first
    action: shell
    with: { run: "echo first >> ran.log" }
  - id: slow
    action: shell
    depends_on: [first]
    with: { run: "echo slow >> ran.log; echo $ARCFLOW_RUN_ID > run.id; [ -f fixed ] || sleep 60" }
  - id: last
    action: shell
    depends_on: [slow]
    with: { run: "echo last >> ran.log" }
`,
    );
    const crashEnv = { ...env, ARCFLOW_LEASE_MS: '1500' };
    const doomed = startCli(['run', 'crash'], { cwd: ws.dir, env: crashEnv });
    const runId = await waitFor(
      () => ws.exists('run.id') && ws.read('run.id').trim(),
      20_000,
      'the slow step to start',
    );
    doomed.child.kill('SIGKILL');
    await doomed.done;
    ws.write('fixed', 'yes');
    await new Promise((resolve) => setTimeout(resolve, 1600)); // the dead runner's lease runs out

    const resumed = await cliJson<RunJson>(['resume', runId, '--json'], {
      cwd: ws.dir,
      env: crashEnv,
    });
    expect(resumed.stderr).toContain('had lost its runner');
    expect(resumed.code).toBe(0);
    expect(resumed.json.status).toBe('succeeded');
    expect(step(resumed.json, 'first').attempts).toBe(1);
    expect(step(resumed.json, 'slow').attempts).toBe(2);
    expect(ws.read('ran.log').split('\n').filter(Boolean)).toEqual([
      'first',
      'slow',
      'slow',
      'last',
    ]);
  });

  it('shows a run as JSON, as a story, in the list of runs, and its logs', async () => {
    ws.workflow('fix-me', FIX_ME);
    const first = await run(['run', 'fix-me', '--json']);
    ws.write('fixed', 'yes');
    const second = await run(['run', 'fix-me', '--json']);

    const shown = await run(['show', first.json.id, '--json']);
    expect(shown.code).toBe(0);
    expect(shown.json).toMatchObject({ id: first.json.id, workflow: 'fix-me', status: 'failed' });
    for (const s of shown.json.steps) {
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining([
          'id',
          'status',
          'attempts',
          'startedAt',
          'finishedAt',
          'universe',
          'beat',
        ]),
      );
    }
    expect(shown.json.events[0]).toMatchObject({
      seq: 1,
      type: 'run.started',
      story: {
        kind: 'exposition',
        // a run started by hand opens with who started it
        text: expect.stringMatching(
          / started the run by hand\. A change meets a broken test, and is mended$/,
        ),
      },
    });

    const story = await cli(['show', first.json.id], { cwd: ws.dir, env });
    expect(story.code).toBe(0);
    expect(story.stdout).toContain('A change meets a broken test, and is mended');
    expect(story.stdout).toContain('expected 2, got 3');

    const list = await cliJson<Array<{ id: string; status: string }>>(['runs', '--json'], {
      cwd: ws.dir,
      env,
    });
    expect(list.json.map((r) => r.id)).toEqual([second.json.id, first.json.id]);
    const failedOnly = await cliJson<Array<{ id: string }>>(
      ['runs', '--json', '--status', 'failed'],
      { cwd: ws.dir, env },
    );
    expect(failedOnly.json.map((r) => r.id)).toEqual([first.json.id]);

    const logs = await cli(['logs', first.json.id, 'b'], { cwd: ws.dir, env });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('expected 2, got 3');
    const noStep = await cli(['logs', first.json.id, 'nope'], { cwd: ws.dir, env });
    expect(noStep.code).toBe(2);
    expect(noStep.stderr).toContain('has no step "nope"');
  });

  it('masks the values of secrets in stored logs and in the tension point', async () => {
    ws.workflow(
      'secretive',
      `
name: secretive
secrets: [DEPLOY_TOKEN]
steps:
  - id: deploy
    action: shell
    with: { run: "echo using $DEPLOY_TOKEN; echo \\"token $DEPLOY_TOKEN rejected\\" >&2; exit 4" }
`,
    );
    const secretEnv = { ...env, DEPLOY_TOKEN: 'tok-4f9a8b7c6d' };
    const failed = await cliJson<RunJson>(['run', 'secretive', '--json'], {
      cwd: ws.dir,
      env: secretEnv,
    });
    expect(failed.code).toBe(1);
    const everything = JSON.stringify(failed.json);
    expect(everything).not.toContain('tok-4f9a8b7c6d');
    expect(failed.json.events.find((e) => e.type === 'step.failed')?.story.text).toContain(
      'token *** rejected',
    );
    const logs = await cli(['logs', failed.json.id], { cwd: ws.dir, env: secretEnv });
    expect(logs.stdout).toContain('using ***');
    expect(logs.stdout).not.toContain('tok-4f9a8b7c6d');
  });

  it('says clearly when a run does not exist', async () => {
    const { code, stderr } = await cli(['show', 'rzzzzzzzz'], { cwd: ws.dir, env });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('no run "rzzzzzzzz"');
  });
});
