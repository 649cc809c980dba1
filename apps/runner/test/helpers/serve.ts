import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  TRPCClientError,
  wsLink,
} from '@trpc/client';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../../src/index.ts';
import { childEnv } from './env.ts';

const BIN = join(import.meta.dirname, '../../bin/arcflow.mjs');

export interface ServeProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  stderr(): string;
  /** SIGTERM, then the exit code (SIGKILL after 15 s). */
  stop(): Promise<number | null>;
}

export interface ServeOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  args?: string[];
  /** Options for node itself, before the script (e.g. `SERVE_NODE_FLAGS`). */
  nodeArgs?: string[];
}

function serveEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  return childEnv({ NO_COLOR: '1', ...extra });
}

/** Runs `arcflow serve` to the end (for the ways it refuses to start). */
export function runServe(
  options: ServeOptions,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...(options.args ?? [])], {
    cwd: options.cwd,
    env: serveEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts the real `arcflow serve` as a child process on a free port (`--port 0`) and waits
 * until it says where it listens and `/healthz` answers.
 */
export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  const args = options.args ?? [];
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), BIN, 'serve', '--port', '0', ...args],
    {
      cwd: options.cwd,
      env: serveEnv({ ARCFLOW_LOG_LEVEL: 'warn', ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout?.resume();
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );

  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url) {
    url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
    if (url) break;
    if (exitCode !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`arcflow serve did not start (exit ${exitCode}).\nstderr: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const local = url.replace('0.0.0.0', '127.0.0.1');
  const port = Number(new URL(local).port);
  const token = options.env?.ARCFLOW_TOKEN;
  for (;;) {
    const res = await fetch(`${local}/healthz`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }).catch(() => undefined);
    if (res?.ok) break;
    if (Date.now() > deadline) throw new Error(`/healthz never answered.\nstderr: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    url: local,
    port,
    stderr: () => stderr,
    async stop() {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}

/** A tRPC client over HTTP for queries and mutations. */
export function httpClient(url: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });
}

/** A tRPC client over one WebSocket (subscriptions included); close it with `close()`. */
export function wsClient(url: string, options: { token?: string } = {}) {
  const client = createWSClient({
    url: url.replace(/^http/, 'ws'),
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    ...(options.token ? { connectionParams: { token: options.token } } : {}),
  });
  return {
    trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client })] }),
    close: () => client.close(),
  };
}

/** The tRPC error a call to the runner failed with; fails the test when the call succeeds. */
export async function rejection(promise: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCClientError);
    return error as TRPCClientError<AppRouter>;
  }
  throw new Error('expected the call to fail');
}
