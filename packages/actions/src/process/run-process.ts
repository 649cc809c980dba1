import { statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { ActionContext, FailureInfo, LogStream } from '@arcflow/engine';
import { StepFailure } from '@arcflow/engine';
import { describeInstallFailure, installFailure, stripAnsi } from './install-failure.ts';
import { bashExecEnv, findProgram, plainCommand } from './simple-command.ts';
import { processSpawner, type SpawnRequest } from './spawner/spawner.ts';

/**
 * Runs a process for an action, the way the `shell` action does: in the workspace, in its own
 * process group (so a cancel or timeout stops everything it started: SIGTERM, then SIGKILL after
 * `KILL_GRACE_MS`), with its output streamed into the step log line by line.
 *
 * Extracted from shell.ts so other actions can share it; shell.ts is to switch to it.
 */

export type ProcessContext = Pick<
  ActionContext<unknown>,
  'workspaceDir' | 'env' | 'signal' | 'log'
>;

export interface ProcessOptions {
  /** The program to start (looked up on the PATH of the environment). */
  command: string;
  /** The program's own name for itself (argv[0]), when not `command`: the word as typed. */
  argv0?: string;
  args?: readonly string[];
  /** Extra environment on top of `ctx.env`. */
  env?: Record<string, string>;
  /**
   * Exit codes that do not fail: a list, or `'any'` to hand every exit back to the caller
   * (which then judges it). Default: only 0. A process killed by a signal always fails.
   */
  okCodes?: readonly number[] | 'any';
  /** Writes `$ <command line>` to the log as a `system` line first. Default: false. */
  echo?: boolean;
  /** Keeps stdout out of the log (machine-readable output such as `--json`). */
  quietStdout?: boolean;
  /** How the process is named in messages ("bash", "`npm test`"). Default: the command. */
  label?: string;
  /**
   * Sums up a failed run from its whole output, for the tension point (e.g. the failing
   * tests a runner printed, which are often further back than the last lines).
   */
  summarizeFailure?: (output: string) => string | undefined;
}

export interface ProcessResult {
  /** The exit code; null when the process was killed by a signal (only with okCodes 'any'). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr lines interleaved in the order they arrived. */
  output: string;
  /** The last non-blank lines of stderr, or of stdout when stderr had none. */
  lastLines: string[];
  durationMs: number;
}

/** Time between SIGTERM and SIGKILL when a step is stopped. */
export const KILL_GRACE_MS = 2000;
/** How long to keep reading output after the process exited, if background processes hold it open. */
const DRAIN_GRACE_MS = 1000;
/** Lines kept to say what broke. */
export const TAIL_LINES = 20;
/** A line longer than this is logged in pieces rather than buffered without bound. */
const MAX_LINE_CHARS = 64 * 1024;
/** Output kept in memory for the caller; beyond this, the oldest is dropped. */
const MAX_CAPTURE_CHARS = 2 * 1024 * 1024;
/** Captured lines are kept in blocks of about this many characters (see `Capture`). */
const BLOCK_CHARS = 64 * 1024;

/** Why a signal was aborted, as the runner aborts it: `abort('timeout')` or `abort('canceled')`. */
export function abortReason(signal: AbortSignal): 'timeout' | 'canceled' | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason === 'timeout' ? 'timeout' : 'canceled';
}

/** The failure for a step stopped by its signal. */
export function abortFailure(reason: 'timeout' | 'canceled', lastLines: string[]): FailureInfo {
  const message =
    reason === 'timeout' ? 'the step ran out of time and was stopped' : 'the step was canceled';
  return { reason, message, lastLines };
}

/**
 * Runs `bash -c <script>` in the workspace. A script that is one plain command (see
 * `plainCommand`) is started directly, as bash would exec it, saving the shell's start-up.
 */
export async function runScript(
  ctx: ProcessContext,
  script: string,
  options: Omit<ProcessOptions, 'command' | 'args'> & { shell?: string } = {},
): Promise<ProcessResult> {
  const { shell = 'bash', echo, ...rest } = options;
  if (echo && !ctx.signal.aborted) ctx.log('system', `$ ${formatCommand([shell, '-c', script])}`);
  const direct = directStart(ctx, script, shell, options.env);
  if (direct) return runProcess(ctx, { label: shell, ...rest, ...direct });
  return runProcess(ctx, { label: shell, ...rest, command: shell, args: ['-c', script] });
}

/** The program, argv and environment to exec `script` with, when bash would just exec it. */
function directStart(
  ctx: ProcessContext,
  script: string,
  shell: string,
  extraEnv: Record<string, string> | undefined,
): Pick<ProcessOptions, 'command' | 'argv0' | 'args' | 'env'> | undefined {
  const argv = plainCommand(script, shell);
  if (!argv || ctx.signal.aborted) return undefined;
  const env = { ...ctx.env, ...extraEnv };
  try {
    const program = findProgram(argv[0] as string, env.PATH, ctx.workspaceDir);
    const execEnv = program && bashExecEnv(env, ctx.workspaceDir, program);
    if (!program || !execEnv) return undefined;
    return { command: program, argv0: argv[0], args: argv.slice(1), env: execEnv };
  } catch {
    return undefined; // a missing workspace and the like: bash's path reports it
  }
}

/**
 * Starts the process (through the runner's spawner, see spawner/zygote.cjs) and resolves once
 * it has exited and its output is read. Throws `StepFailure`: when the signal stopped it
 * (reason timeout/canceled), when it could not start (retriable false), or when it exited
 * with a code not in `okCodes` (reason exit-code).
 */
export async function runProcess(
  ctx: ProcessContext,
  options: ProcessOptions,
): Promise<ProcessResult> {
  const early = abortReason(ctx.signal);
  if (early) throw new StepFailure(abortFailure(early, []));
  ensureDirectory(ctx.workspaceDir);
  const label = options.label ?? options.command;
  const args = options.args ?? [];
  if (options.echo) ctx.log('system', `$ ${formatCommand([options.command, ...args])}`);
  const request: SpawnRequest = {
    command: options.command,
    args,
    ...(options.argv0 !== undefined && { argv0: options.argv0 }),
    cwd: ctx.workspaceDir,
    env: withoutUndefined({ ...ctx.env, ...options.env }),
    drainMs: DRAIN_GRACE_MS,
  };
  return await supervise(request, label, options, ctx);
}

function supervise(
  request: SpawnRequest,
  label: string,
  options: ProcessOptions,
  ctx: ProcessContext,
): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const capture = new Capture();
    const stdout = new LineSplitter((line) => {
      capture.line('stdout', line);
      if (!options.quietStdout) ctx.log('stdout', line);
    });
    const stderr = new LineSplitter((line) => {
      capture.line('stderr', line);
      ctx.log('stderr', line);
    });

    let pid: number | undefined;
    let stoppedBy: 'timeout' | 'canceled' | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;

    const stop = (group: number) => {
      killGroup(group, 'SIGTERM');
      setTimeout(() => {
        if (groupAlive(group)) killGroup(group, 'SIGKILL');
      }, KILL_GRACE_MS);
    };

    const onAbort = () => {
      if (stoppedBy || settled) return;
      stoppedBy = abortReason(ctx.signal) ?? 'canceled';
      if (pid !== undefined) stop(pid); // else as soon as it has started
    };

    const settle = (outcome: { error?: StepFailure; result?: ProcessResult }) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      if (outcome.error) reject(outcome.error);
      else if (outcome.result) resolve(outcome.result);
    };

    const finish = () => {
      stdout.flush();
      stderr.flush();
      const lastLines = capture.lastLines();
      if (stoppedBy) return settle({ error: new StepFailure(abortFailure(stoppedBy, lastLines)) });
      const code = exit?.code ?? null;
      const signal = exit?.signal ?? null;
      const result: ProcessResult = {
        exitCode: code,
        signal,
        ...capture.texts(),
        lastLines,
        durationMs: Date.now() - started,
      };
      const ok =
        code === 0 ||
        options.okCodes === 'any' ||
        (code !== null && options.okCodes?.includes(code) === true);
      if (ok) return settle({ result });
      const failure: FailureInfo = {
        reason: 'exit-code',
        message:
          code !== null ? `${label} exited with code ${code}` : `${label} was killed by ${signal}`,
        ...explainFailure(result.output, lastLines, options.summarizeFailure),
        ...(code !== null ? { exitCode: code } : {}),
        ...(signal ? { signal } : {}),
      };
      settle({ error: new StepFailure(failure) });
    };

    processSpawner().start(request, {
      started(startedPid) {
        pid = startedPid;
        if (stoppedBy) stop(startedPid);
      },
      failed(error) {
        settle({ error: new StepFailure(spawnFailure(label, error), { cause: error }) });
      },
      stdout: (chunk) => stdout.push(chunk),
      stderr: (chunk) => stderr.push(chunk),
      exited(code, signal) {
        exit = { code, signal };
      },
      closed: finish,
      lost(message) {
        if (pid !== undefined) killGroup(pid, 'SIGKILL'); // nothing would hear of its end
        settle({ error: new StepFailure({ reason: 'error', message: `${label}: ${message}` }) });
      },
    });

    ctx.signal.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal.aborted) onAbort();
  });
}

/** `ctx.env` may carry unset variables as undefined; the spawner's JSON must not. */
function withoutUndefined(env: Record<string, string | undefined>): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) defined[name] = value;
  return defined;
}

/**
 * What the tension point says of a failed process, without colour codes (the log keeps them):
 * the caller's summary of the output, else a package manager's cause (ERESOLVE's conflict, pip's
 * ResolutionImpossible…) with the lines that explain it in place of the last lines.
 */
function explainFailure(
  output: string,
  lastLines: readonly string[],
  summarize: ProcessOptions['summarizeFailure'],
): Pick<FailureInfo, 'summary' | 'lastLines' | 'details'> {
  const plain = stripAnsi(output);
  const tail = lastLines.map(stripAnsi);
  const summary = summarize?.(plain);
  if (summary) return { summary: stripAnsi(summary), lastLines: tail };
  const install = installFailure(plain);
  if (!install) return { lastLines: tail };
  return {
    summary: describeInstallFailure(install),
    lastLines: install.lines.length > 0 ? install.lines : tail,
    details: { cause: install },
  };
}

/** `cmd a 'b c'`, for the log. */
export function formatCommand(argv: readonly string[]): string {
  return argv
    .map((arg) => (/^[\w./:=@%+,^~{}-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`))
    .join(' ');
}

/**
 * Splits a stream of UTF-8 bytes into lines, buffering partial lines (and characters cut
 * between chunks); a very long line comes in pieces.
 */
class LineSplitter {
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly emit: (line: string) => void) {}

  push(bytes: Buffer): void {
    const parts = (this.partial + this.decoder.write(bytes)).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.send(line);
    while (this.partial.length > MAX_LINE_CHARS) {
      this.send(this.partial.slice(0, MAX_LINE_CHARS));
      this.partial = this.partial.slice(MAX_LINE_CHARS);
    }
  }

  flush(): void {
    this.partial += this.decoder.end();
    if (this.partial !== '') this.send(this.partial);
    this.partial = '';
  }

  private send(raw: string): void {
    this.emit(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
  }
}

/**
 * Keeps the output (bounded: the oldest goes first) and the last non-blank lines of each
 * stream. Lines are gathered into blocks of up to `BLOCK_CHARS` of one stream, joined into one
 * string each: an object per line, kept until 2 MB later, would carry every line of a big
 * output through the old generation of the heap.
 */
class Capture {
  private blocks: Array<{ stream: LogStream; text: string }> = [];
  private first = 0;
  private chars = 0;
  private pending: string[] = [];
  private pendingStream: LogStream = 'stdout';
  private pendingChars = 0;
  private readonly tails: Record<'stdout' | 'stderr', TailLines> = {
    stdout: new TailLines(TAIL_LINES),
    stderr: new TailLines(TAIL_LINES),
  };

  line(stream: 'stdout' | 'stderr', text: string): void {
    if (stream !== this.pendingStream || this.pendingChars >= BLOCK_CHARS) this.seal();
    this.pendingStream = stream;
    this.pending.push(text);
    this.pendingChars += text.length + 1;
    if (text.trim() !== '') this.tails[stream].push(text);
  }

  lastLines(): string[] {
    const stderr = this.tails.stderr.toArray();
    return stderr.length > 0 ? stderr : this.tails.stdout.toArray();
  }

  texts(): { stdout: string; stderr: string; output: string } {
    this.seal();
    const kept = this.blocks.slice(this.first);
    const of = (stream: LogStream) =>
      kept
        .filter((b) => b.stream === stream)
        .map((b) => b.text)
        .join('\n');
    return {
      stdout: of('stdout'),
      stderr: of('stderr'),
      output: kept.map((b) => b.text).join('\n'),
    };
  }

  /** Turns the lines gathered into one block, and drops the oldest blocks beyond the bound. */
  private seal(): void {
    if (this.pending.length === 0) return;
    this.blocks.push({ stream: this.pendingStream, text: this.pending.join('\n') });
    this.chars += this.pendingChars;
    this.pending = [];
    this.pendingChars = 0;
    while (this.chars > MAX_CAPTURE_CHARS && this.blocks.length - this.first > 1) {
      const dropped = this.blocks[this.first++];
      this.chars -= (dropped?.text.length ?? 0) + 1;
    }
    if (this.first > 64 && this.first * 2 > this.blocks.length) {
      this.blocks = this.blocks.slice(this.first);
      this.first = 0;
    }
  }
}

/** The last `size` lines pushed, in a fixed ring. */
class TailLines {
  private readonly ring: string[] = [];
  private next = 0;

  constructor(private readonly size: number) {}

  push(text: string): void {
    if (this.ring.length < this.size) this.ring.push(text);
    else this.ring[this.next] = text;
    this.next = (this.next + 1) % this.size;
  }

  toArray(): string[] {
    if (this.ring.length < this.size) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}

function ensureDirectory(dir: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
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

function spawnFailure(label: string, error: unknown): FailureInfo {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message =
    code === 'ENOENT'
      ? `could not start ${label}: it was not found (is it installed and on the PATH?)`
      : code === 'EACCES'
        ? `could not start ${label}: permission denied`
        : `could not start ${label}: ${error instanceof Error ? error.message : String(error)}`;
  return { reason: 'error', message, retriable: false };
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
