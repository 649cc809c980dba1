import { type ChildProcess, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { StepFailure } from '../errors.ts';
import type { Action, ActionContext, ActionResult, FailureInfo, LogStream } from './types.ts';

/**
 * The `shell` action: runs a script as `bash -c <run>` in the workspace directory. The one
 * place in the engine that does I/O. The script gets its own process group, so a cancel or a
 * timeout stops everything it started (SIGTERM, then SIGKILL after `KILL_GRACE_MS`).
 */

export const shellInput = z
  .object({
    run: z
      .string()
      .min(1)
      .describe(
        'The script to run, as `bash -c <run>`, in the workspace directory. A non-zero exit fails the step.',
      ),
    shell: z
      .string()
      .min(1)
      .optional()
      .describe('The shell to run the script with, called as `<shell> -c <run>`. Default: bash.'),
  })
  .strict()
  .describe('Runs a shell script in the workspace; its output streams into the step log.');

export type ShellInput = z.output<typeof shellInput>;

/** Time between SIGTERM and SIGKILL when a step is stopped. */
export const KILL_GRACE_MS = 2000;
/** How long to keep reading output after the shell exited, if background processes hold it open. */
const DRAIN_GRACE_MS = 1000;
/** Lines kept to say what broke. */
const TAIL_LINES = 20;
/** A line longer than this is logged in pieces rather than buffered without bound. */
const MAX_LINE_CHARS = 64 * 1024;

/** Why a signal was aborted, as the runner aborts it: `abort('timeout')` or `abort('canceled')`. */
export function abortReason(signal: AbortSignal): 'timeout' | 'canceled' | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason === 'timeout' ? 'timeout' : 'canceled';
}

export const shellAction: Action<typeof shellInput> = {
  name: 'shell',
  description: 'Runs a shell script (`bash -c`) in the workspace; a non-zero exit fails the step.',
  input: shellInput,
  run: runShell,
};

async function runShell(ctx: ActionContext<ShellInput>): Promise<ActionResult> {
  const early = abortReason(ctx.signal);
  if (early) throw new StepFailure(abortFailure(early, []));
  await ensureDirectory(ctx.workspaceDir);
  const shell = ctx.input.shell ?? 'bash';

  let child: ChildProcess;
  try {
    child = spawn(shell, ['-c', ctx.input.run], {
      cwd: ctx.workspaceDir,
      env: ctx.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    throw new StepFailure(spawnFailure(shell, error), { cause: error });
  }
  return await supervise(child, shell, ctx);
}

function supervise(
  child: ChildProcess,
  shell: string,
  ctx: ActionContext<ShellInput>,
): Promise<ActionResult> {
  return new Promise((resolve, reject) => {
    const stdout = new LineSplitter('stdout', ctx.log);
    const stderr = new LineSplitter('stderr', ctx.log);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));

    let stoppedBy: 'timeout' | 'canceled' | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const onAbort = () => {
      if (stoppedBy || settled || child.pid === undefined) return;
      stoppedBy = abortReason(ctx.signal) ?? 'canceled';
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      setTimeout(() => {
        if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
      }, KILL_GRACE_MS);
    };

    const settle = (outcome: { error?: StepFailure; result?: ActionResult }) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      if (drainTimer) clearTimeout(drainTimer);
      if (outcome.error) reject(outcome.error);
      else resolve(outcome.result ?? {});
    };

    const finish = () => {
      stdout.flush();
      stderr.flush();
      const lastLines = stderr.tail.length > 0 ? stderr.tail : stdout.tail;
      if (stoppedBy) return settle({ error: new StepFailure(abortFailure(stoppedBy, lastLines)) });
      const code = exit?.code ?? null;
      if (code === 0) return settle({ result: { outputs: { exitCode: 0 } } });
      const signal = exit?.signal ?? undefined;
      const failure: FailureInfo = {
        reason: 'exit-code',
        message:
          code !== null ? `${shell} exited with code ${code}` : `${shell} was killed by ${signal}`,
        ...(code !== null ? { exitCode: code } : {}),
        ...(signal ? { signal } : {}),
        lastLines,
      };
      settle({ error: new StepFailure(failure) });
    };

    child.on('error', (error) => {
      // Spawning failed (no such shell, not executable…); once running, errors end in 'close'.
      if (child.pid === undefined)
        settle({ error: new StepFailure(spawnFailure(shell, error), { cause: error }) });
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Background processes may keep the pipes open; do not wait on them forever.
      drainTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, DRAIN_GRACE_MS);
    });
    child.on('close', (code, signal) => {
      if (child.pid === undefined) return; // never started: 'error' reports it
      exit ??= { code, signal };
      finish();
    });

    ctx.signal.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal.aborted) onAbort();
  });
}

/** Splits a stream into lines for the log, buffering partial lines; keeps the last few. */
class LineSplitter {
  readonly tail: string[] = [];
  private partial = '';

  constructor(
    private readonly stream: LogStream,
    private readonly log: (stream: LogStream, text: string) => void,
  ) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.emit(line);
    while (this.partial.length > MAX_LINE_CHARS) {
      this.emit(this.partial.slice(0, MAX_LINE_CHARS));
      this.partial = this.partial.slice(MAX_LINE_CHARS);
    }
  }

  flush(): void {
    if (this.partial !== '') this.emit(this.partial);
    this.partial = '';
  }

  private emit(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    this.log(this.stream, line);
    if (line.trim() === '') return;
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
  }
}

async function ensureDirectory(dir: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(dir)).isDirectory();
  } catch (error) {
    throw new StepFailure(
      {
        reason: 'error',
        message: `the workspace directory ${dir} does not exist`,
        retriable: false,
      },
      { cause: error },
    );
  }
  if (!isDirectory) {
    throw new StepFailure({
      reason: 'error',
      message: `the workspace directory ${dir} is not a directory`,
      retriable: false,
    });
  }
}

function spawnFailure(shell: string, error: unknown): FailureInfo {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message =
    code === 'ENOENT'
      ? `could not start ${shell}: it was not found (is it installed and on the PATH?)`
      : code === 'EACCES'
        ? `could not start ${shell}: permission denied`
        : `could not start ${shell}: ${error instanceof Error ? error.message : String(error)}`;
  return { reason: 'error', message, retriable: false };
}

function abortFailure(reason: 'timeout' | 'canceled', lastLines: string[]): FailureInfo {
  const message =
    reason === 'timeout' ? 'the step ran out of time and was stopped' : 'the step was canceled';
  return { reason, message, lastLines };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
