import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { childEnv } from './env.ts';

const BIN = join(import.meta.dirname, '../../bin/arcflow.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
}

export interface BackgroundCli {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** Resolves once stdout matches; rejects if the process ends first or time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** Runs the real `arcflow` CLI as a child process. */
export function startCli(args: string[], options: CliOptions): BackgroundCli {
  const env = childEnv({ NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env });
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  let ended = false;
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      ended = true;
      resolve({ code, stdout, stderr });
    });
  });
  const waitForOutput = async (pattern: RegExp, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = stdout.match(pattern);
      if (match) return match[0];
      if (ended || Date.now() > deadline) {
        throw new Error(
          `arcflow ${args.join(' ')} never printed ${pattern}.\nstdout: ${stdout}\nstderr: ${stderr}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, done, waitForOutput };
}

export function cli(args: string[], options: CliOptions): Promise<CliResult> {
  return startCli(args, options).done;
}

/** `arcflow … --json` parsed; fails the test with the CLI's stderr when the output is not JSON. */
export async function cliJson<T = unknown>(
  args: string[],
  options: CliOptions,
): Promise<{ code: number | null; json: T; stderr: string }> {
  const result = await cli(args, options);
  try {
    return { code: result.code, json: JSON.parse(result.stdout) as T, stderr: result.stderr };
  } catch {
    throw new Error(
      `arcflow ${args.join(' ')} printed no JSON (exit ${result.code}).\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  }
}
