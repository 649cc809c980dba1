import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionContext, FailureInfo, LogStream } from '@arcflow/engine';
import { type ShellInput, StepFailure, shellSpec } from '@arcflow/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { abortReason, shellAction } from './shell.ts';
import { TEST_PATH } from './testing/env.ts';
import { isProcessAlive } from './testing/processes.ts';

let workspace: string;
beforeEach(async () => {
  workspace = await realpath(await mkdtemp(join(tmpdir(), 'arcflow-shell-')));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

function context(
  input: ShellInput,
  overrides: Partial<Omit<ActionContext<ShellInput>, 'runId' | 'requestApproval'>> = {},
) {
  const lines: Array<[LogStream, string]> = [];
  const ctx: ActionContext<ShellInput> = {
    input,
    workspaceDir: workspace,
    env: { PATH: TEST_PATH },
    signal: new AbortController().signal,
    log: (stream, text) => lines.push([stream, text]),
    stepId: 'build',
    attempt: 1,
    runId: 'rtest0000',
    runStartedAt: new Date(0),
    requestApproval: () => Promise.reject(new Error('shell asks no approval')),
    ...overrides,
  };
  return { ctx, lines };
}

async function failureOf(promise: Promise<unknown>): Promise<FailureInfo> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StepFailure);
  return (error as StepFailure).failure;
}

/** Alive and not a zombie waiting to be reaped. */
const isAlive = async (pid: number): Promise<boolean> => isProcessAlive(pid);

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

async function readPids(file: string): Promise<number[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map(Number);
}

describe('shell input', () => {
  it('needs a non-empty `run` and accepts only `run` and `shell`', () => {
    expect(shellSpec.input.safeParse({ run: 'make' }).success).toBe(true);
    expect(shellSpec.input.safeParse({ run: 'make', shell: 'sh' }).success).toBe(true);
    expect(shellSpec.input.safeParse({ run: '' }).success).toBe(false);
    expect(shellSpec.input.safeParse({}).success).toBe(false);
    expect(shellSpec.input.safeParse({ run: 'make', cwd: '/' }).success).toBe(false);
  });
});

describe('shell action', () => {
  it('streams stdout and stderr line by line, including a last partial line', async () => {
    const { ctx, lines } = context({
      run: "echo one; echo two >&2; printf 'spl'; sleep 0.1; printf 'it\\nend'",
    });
    await expect(shellAction.run(ctx)).resolves.toEqual({ outputs: { exitCode: 0 } });
    expect(lines.filter(([s]) => s === 'stdout')).toEqual([
      ['stdout', 'one'],
      ['stdout', 'split'],
      ['stdout', 'end'],
    ]);
    expect(lines.filter(([s]) => s === 'stderr')).toEqual([['stderr', 'two']]);
  });

  it('runs in the workspace directory with the given environment', async () => {
    const { ctx, lines } = context(
      { run: 'pwd; echo "$GREETING"; echo "home=$HOME."' },
      { env: { PATH: TEST_PATH, GREETING: 'hello arc' } },
    );
    await shellAction.run(ctx);
    expect(lines).toEqual([
      ['stdout', workspace],
      ['stdout', 'hello arc'],
      ['stdout', 'home=.'],
    ]);
  });

  it('fails with the exit code and the last lines of stderr', async () => {
    const { ctx } = context({ run: 'echo fine; echo "warn" >&2; echo "Error: x" >&2; exit 3' });
    const failure = await failureOf(shellAction.run(ctx));
    expect(failure).toMatchObject({ reason: 'exit-code', exitCode: 3 });
    expect(failure.lastLines).toEqual(['warn', 'Error: x']);
    expect(failure.message).toBe('bash exited with code 3');
    expect(failure.summary).toBeUndefined();
  });

  it('names the failing tests when the script ran a test runner, however long its report', async () => {
    await writeFile(
      join(workspace, 'calc.test.mjs'),
      [
        "import { test } from 'node:test';",
        "import assert from 'node:assert/strict';",
        "test('adds two numbers', () => assert.equal(1 + 1, 2));",
        "test('adds zero', () => assert.equal(1 + 0, 0));",
      ].join('\n'),
    );
    const { ctx } = context({ run: 'node --test calc.test.mjs' });
    const failure = await failureOf(shellAction.run(ctx));
    expect(failure).toMatchObject({ reason: 'exit-code', exitCode: 1 });
    expect(failure.summary).toBe('1 test failed: adds zero');
  });

  it('falls back to stdout for the last lines, and keeps only the last 20', async () => {
    const { ctx } = context({ run: 'for i in $(seq 1 30); do echo "line $i"; done; exit 1' });
    const failure = await failureOf(shellAction.run(ctx));
    expect(failure.lastLines).toHaveLength(20);
    expect(failure.lastLines?.[0]).toBe('line 11');
    expect(failure.lastLines?.at(-1)).toBe('line 30');
  });

  it('says which workspace directory is missing', async () => {
    const missing = join(workspace, 'nope');
    const { ctx } = context({ run: 'true' }, { workspaceDir: missing });
    const failure = await failureOf(shellAction.run(ctx));
    expect(failure.reason).toBe('error');
    expect(failure.message).toContain(missing);
    expect(failure.retriable).toBe(false);
  });

  it('says when the shell cannot be found', async () => {
    const { ctx } = context({ run: 'true', shell: 'arcflow-no-such-shell' });
    const failure = await failureOf(shellAction.run(ctx));
    expect(failure.reason).toBe('error');
    expect(failure.message).toMatch(/arcflow-no-such-shell.*not found/);
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort('canceled');
    const { ctx, lines } = context({ run: 'echo ran' }, { signal: controller.signal });
    expect((await failureOf(shellAction.run(ctx))).reason).toBe('canceled');
    expect(lines).toEqual([]);
  });

  it('kills the whole process tree on timeout', async () => {
    const pidFile = join(workspace, 'pids');
    const controller = new AbortController();
    const { ctx } = context(
      {
        run: [
          `sleep 30 & echo $! >> ${pidFile}`,
          `bash -c 'sleep 30 & echo $! >> ${pidFile}; wait' &`,
          `echo $$ >> ${pidFile}`,
          'wait',
        ].join('\n'),
      },
      { signal: controller.signal },
    );
    const running = shellAction.run(ctx);
    expect(await waitFor(async () => (await readPids(pidFile)).length === 3, 5000)).toBe(true);
    const pids = await readPids(pidFile);
    for (const pid of pids) expect(await isAlive(pid)).toBe(true);

    controller.abort('timeout');
    const failure = await failureOf(running);
    expect(failure.reason).toBe('timeout');
    const allGone = async () => (await Promise.all(pids.map(isAlive))).every((alive) => !alive);
    expect(await waitFor(allGone, 3000)).toBe(true);
  });

  it('escalates to SIGKILL when the script ignores SIGTERM', async () => {
    const pidFile = join(workspace, 'pids');
    const controller = new AbortController();
    const { ctx } = context(
      { run: `trap '' TERM; sleep 30 & echo $! >> ${pidFile}; echo $$ >> ${pidFile}; wait` },
      { signal: controller.signal },
    );
    const running = shellAction.run(ctx);
    expect(await waitFor(async () => (await readPids(pidFile)).length === 2, 5000)).toBe(true);
    const pids = await readPids(pidFile);
    controller.abort('canceled');
    expect((await failureOf(running)).reason).toBe('canceled');
    const allGone = async () => (await Promise.all(pids.map(isAlive))).every((alive) => !alive);
    expect(await waitFor(allGone, 5000)).toBe(true);
  }, 10_000);

  it('does not hang on background processes that keep the output open', async () => {
    const pidFile = join(workspace, 'pids');
    const { ctx } = context({ run: `sleep 20 & echo $! > ${pidFile}; echo done` });
    const started = Date.now();
    await expect(shellAction.run(ctx)).resolves.toEqual({ outputs: { exitCode: 0 } });
    expect(Date.now() - started).toBeLessThan(5000);
    for (const pid of await readPids(pidFile)) process.kill(pid, 'SIGKILL');
  });
});

describe('abortReason', () => {
  it('reads why the runner aborted', () => {
    const timeout = new AbortController();
    timeout.abort('timeout');
    const canceled = new AbortController();
    canceled.abort('canceled');
    const other = new AbortController();
    other.abort();
    expect(abortReason(timeout.signal)).toBe('timeout');
    expect(abortReason(canceled.signal)).toBe('canceled');
    expect(abortReason(other.signal)).toBe('canceled');
    expect(abortReason(new AbortController().signal)).toBeUndefined();
  });
});

it('writes files in the workspace', async () => {
  await writeFile(join(workspace, 'in.txt'), 'x');
  const { ctx, lines } = context({ run: 'cat in.txt; echo' });
  await shellAction.run(ctx);
  expect(lines).toEqual([['stdout', 'x']]);
});
