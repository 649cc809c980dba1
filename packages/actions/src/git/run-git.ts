import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { ActionContext, FailureInfo } from '@arcflow/engine';
import { StepFailure } from '@arcflow/engine';
import { abortReason, KILL_GRACE_MS } from '../shell.ts';

/**
 * Runs `git` in the workspace: the command line goes to the log as a `system` line and its
 * output as `stdout`/`stderr` lines. A cancel or timeout stops git and what it started.
 */

export interface GitOptions {
  /** Exit codes besides 0 that answer a question rather than fail (`--is-ancestor` exits 1). */
  okCodes?: readonly number[];
  /** Keep stdout out of the log (machine-readable output such as `git log --format`). */
  quietStdout?: boolean;
  /** Extra environment for this one command (GIT_AUTHOR_NAME…). */
  env?: Record<string, string>;
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

type GitContext = Pick<ActionContext<unknown>, 'workspaceDir' | 'env' | 'signal' | 'log'>;

/** Lines kept to say what broke. */
const TAIL_LINES = 20;

export async function runGit(
  ctx: GitContext,
  args: readonly string[],
  options: GitOptions = {},
): Promise<GitResult> {
  throwIfAborted(ctx.signal, []);
  await ensureWorkspace(ctx.workspaceDir);
  ctx.log('system', `$ ${formatCommand(args)}`);
  const result = await spawnGit(ctx, args, options);
  if (result.code !== 0 && !options.okCodes?.includes(result.code))
    throw gitFailure(ctx, args, result);
  return result;
}

function spawnGit(ctx: GitContext, args: readonly string[], options: GitOptions) {
  // Plain messages we can recognise, and never a prompt nobody can answer.
  const env: Record<string, string> = {
    ...ctx.env,
    ...options.env,
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
  };
  return new Promise<GitResult>((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: ctx.workspaceDir,
      env: env as NodeJS.ProcessEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const outLines = lineLogger(options.quietStdout ? () => {} : (l) => ctx.log('stdout', l));
    const errLines = lineLogger((l) => ctx.log('stderr', l));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      outLines.push(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      errLines.push(chunk);
    });

    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (child.pid === undefined) return;
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => {
      ctx.signal.removeEventListener('abort', onAbort);
      reject(new StepFailure(spawnFailure(error), { cause: error }));
    });
    child.on('close', (code, signal) => {
      ctx.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      outLines.flush();
      errLines.flush();
      try {
        throwIfAborted(ctx.signal, tail(stderr));
      } catch (error) {
        reject(error);
        return;
      }
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** The first line of `stdout`, trimmed: what `rev-parse` and friends answer. */
export function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

/** `git a b 'c d'`, for the log. */
export function formatCommand(args: readonly string[]): string {
  const quoted = args.map((arg) =>
    /^[\w./:=@%+,^~{}-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`,
  );
  return ['git', ...quoted].join(' ');
}

function gitFailure(ctx: GitContext, args: readonly string[], result: GitResult): StepFailure {
  const lastLines = tail(result.stderr).length > 0 ? tail(result.stderr) : tail(result.stdout);
  const failure: FailureInfo = {
    reason: 'exit-code',
    exitCode: result.code,
    message: `${formatCommand(args)} exited with code ${result.code}`,
    summary: explain(ctx.workspaceDir, result.stderr) ?? `${formatCommand(args)} failed`,
    lastLines,
    retriable: false,
    details: { command: ['git', ...args], exitCode: result.code },
  };
  return new StepFailure(failure);
}

/** Turns git's own words into a sentence for the story. */
function explain(workspaceDir: string, stderr: string): string | undefined {
  if (/not a git repository/i.test(stderr)) {
    return `not a git repository: ${workspaceDir} (run \`git init\` or point --workspace at your repo)`;
  }
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^(fatal|error):/.test(l));
  return line?.replace(/^(fatal|error):\s*/, '');
}

function throwIfAborted(signal: AbortSignal, lastLines: string[]): void {
  const reason = abortReason(signal);
  if (!reason) return;
  throw new StepFailure({
    reason,
    message:
      reason === 'timeout' ? 'the step ran out of time and was stopped' : 'the step was canceled',
    lastLines,
  });
}

async function ensureWorkspace(dir: string): Promise<void> {
  const isDirectory = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isDirectory) return;
  throw new StepFailure({
    reason: 'error',
    message: `the workspace directory ${dir} does not exist or is not a directory`,
    summary: `not a git repository: ${dir} does not exist`,
    retriable: false,
  });
}

function spawnFailure(error: unknown): FailureInfo {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message =
    code === 'ENOENT'
      ? 'could not start git: it was not found (is it installed and on the PATH?)'
      : `could not start git: ${error instanceof Error ? error.message : String(error)}`;
  return { reason: 'error', message, summary: message, retriable: false };
}

/** Emits whole lines as output arrives; `flush` emits the last partial line. */
function lineLogger(emit: (line: string) => void) {
  let partial = '';
  const send = (line: string) => emit(line.endsWith('\r') ? line.slice(0, -1) : line);
  return {
    push(chunk: string) {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) send(line);
    },
    flush() {
      if (partial !== '') send(partial);
      partial = '';
    },
  };
}

function tail(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-TAIL_LINES);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
