import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FailureInfo, LogStream } from '@arcflow/engine';
import { StepFailure, tensionText } from '@arcflow/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_HOME, TEST_PATH } from '../testing/env.ts';
import { eventually, isProcessAlive } from '../testing/processes.ts';
import { formatCommand, type ProcessContext, runProcess, runScript } from './run-process.ts';

let dir: string;
beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'arcflow-process-')));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function context(signal = new AbortController().signal) {
  const lines: Array<[LogStream, string]> = [];
  const ctx: ProcessContext = {
    workspaceDir: dir,
    env: { PATH: TEST_PATH },
    signal,
    log: (stream, text) => lines.push([stream, text]),
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

describe('runProcess', () => {
  it('streams lines, captures output in order and runs in the workspace', async () => {
    const { ctx, lines } = context();
    const result = await runScript(ctx, 'pwd; echo oops >&2; printf "no newline"', { echo: true });
    expect(lines).toEqual([
      ['system', '$ bash -c \'pwd; echo oops >&2; printf "no newline"\''],
      ['stdout', dir],
      ['stderr', 'oops'],
      ['stdout', 'no newline'],
    ]);
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: `${dir}\nno newline`,
      stderr: 'oops',
      output: `${dir}\noops\nno newline`,
      lastLines: ['oops'],
    });
  });

  it('fails on a non-zero exit unless the code is allowed', async () => {
    const { ctx } = context();
    const failure = await failureOf(runScript(ctx, 'echo bad >&2; exit 3'));
    expect(failure).toMatchObject({
      reason: 'exit-code',
      exitCode: 3,
      message: 'bash exited with code 3',
      lastLines: ['bad'],
    });
    expect((await runScript(ctx, 'exit 1', { okCodes: [1] })).exitCode).toBe(1);
    expect((await runScript(ctx, 'exit 7', { okCodes: 'any' })).exitCode).toBe(7);
  });

  it('passes extra environment and keeps quiet stdout out of the log', async () => {
    const { ctx, lines } = context();
    const result = await runProcess(ctx, {
      command: 'bash',
      args: ['-c', 'echo "$GREETING"'],
      env: { GREETING: 'hello' },
      quietStdout: true,
    });
    expect(result.stdout).toBe('hello');
    expect(lines).toEqual([]);
  });

  it('says when the program cannot start, without retries', async () => {
    const { ctx } = context();
    const failure = await failureOf(runProcess(ctx, { command: 'arcflow-no-such-program' }));
    expect(failure.message).toContain('it was not found');
    expect(failure.retriable).toBe(false);
  });

  it('kills the whole process group on abort', async () => {
    const controller = new AbortController();
    const { ctx } = context(controller.signal);
    const running = runScript(ctx, 'sleep 30 & echo $! > child.pid; wait');
    const pidFile = join(dir, 'child.pid');
    let pid = '';
    for (let i = 0; i < 100 && pid === ''; i++) {
      await new Promise((r) => setTimeout(r, 20));
      pid = (await readFile(pidFile, 'utf8').catch(() => '')).trim();
    }
    controller.abort('timeout');
    const failure = await failureOf(running);
    expect(failure.reason).toBe('timeout');
    expect(await eventually(() => !isProcessAlive(Number(pid)), 5000)).toBe(true);
  });

  it('tells why a real npm install failed (ERESOLVE), without colour codes', async () => {
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'conflict-app',
        version: '1.0.0',
        dependencies: { react: '17.0.2', 'react-dom': '18.3.1' },
      }),
    );
    const { ctx, lines } = context();
    ctx.env = { PATH: TEST_PATH, HOME: TEST_HOME, npm_config_update_notifier: 'false' };
    const failure = await failureOf(runScript(ctx, 'npm install --color=always'));
    const tension = tensionText({ id: 'install', action: 'shell' }, failure);
    expect(tension).toBe(
      'install failed: npm could not resolve the dependency tree (ERESOLVE): While resolving: conflict-app@1.0.0; Found: react@17.0.2; Could not resolve dependency: peer react@"^18.3.1" from react-dom@18.3.1',
    );
    expect(failure.lastLines).toContain('Found: react@17.0.2');
    // The log keeps the colours for the log view.
    expect(lines.some(([, text]) => text.includes('\u001b['))).toBe(true);
  }, 60_000);

  it('strips colour codes from the lines a tension point quotes', async () => {
    const { ctx } = context();
    const failure = await failureOf(
      runScript(ctx, 'printf "\\033[31mError: disk full\\033[39m\\n" >&2; exit 1', {
        summarizeFailure: (output) => output.split('\n')[0],
      }),
    );
    expect(failure.lastLines).toEqual(['Error: disk full']);
    expect(failure.summary).toBe('Error: disk full');
  });

  it('quotes command lines for the log', () => {
    expect(formatCommand(['npm', 'install', 'a@latest', "it's here"])).toBe(
      "npm install a@latest 'it'\\''s here'",
    );
  });
});
