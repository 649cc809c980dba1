import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { childEnv } from './env.ts';
import { sleep } from './workspace.ts';

const BIN = join(import.meta.dirname, '../../bin/arcflow.mjs');

/** `arcflow serve` in a process group of its own, so a test can SIGKILL it like a crash would. */
export interface KillableServe {
  child: ChildProcess;
  stderr(): string;
  /** Resolves with the URL once it listens and `/healthz` answers; rejects if it exits first. */
  ready(timeoutMs?: number): Promise<string>;
  /** SIGKILL to the whole group, then waits for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, then the exit code (SIGKILL after 15 s). */
  stop(): Promise<number | null>;
}

export function spawnServe(options: {
  cwd: string;
  env?: Record<string, string | undefined>;
}): KillableServe {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    cwd: options.cwd,
    env: childEnv({ NO_COLOR: '1', ARCFLOW_LOG_LEVEL: 'warn', ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout?.resume();
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      exited = true;
      resolve(code);
    }),
  );

  return {
    child,
    stderr: () => stderr,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let url: string | undefined;
      while (!url) {
        url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1]?.replace('0.0.0.0', '127.0.0.1');
        if (url) break;
        if (exited || Date.now() > deadline) {
          throw new Error(`arcflow serve did not start.\nstderr: ${stderr}`);
        }
        await sleep(20);
      }
      for (;;) {
        const res = await fetch(`${url}/healthz`).catch(() => undefined);
        if (res?.ok) return url;
        if (exited || Date.now() > deadline) {
          throw new Error(`/healthz never answered.\nstderr: ${stderr}`);
        }
        await sleep(20);
      }
    },
    async kill() {
      if (exited || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await exit;
    },
    async stop() {
      if (exited) return exit;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exit;
      clearTimeout(killer);
      return code;
    },
  };
}
