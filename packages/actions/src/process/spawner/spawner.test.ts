import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PATH } from '../../testing/env.ts';
import { Spawner, type SpawnHandlers, type SpawnRequest } from './spawner.ts';

let spawner: Spawner;
afterEach(() => spawner?.close());

interface Outcome {
  pid?: number;
  stdout: Buffer[];
  stderr: Buffer[];
  exit?: { code: number | null; signal: string | null };
  order: string[];
  error?: NodeJS.ErrnoException;
  lost?: string;
}

function request(command: string, args: string[]): SpawnRequest {
  return { command, args, cwd: tmpdir(), env: { PATH: TEST_PATH }, drainMs: 1000 };
}

/** Starts `command` and resolves once nothing more can come of it. */
function run(command: string, args: string[], onStarted?: (pid: number) => void) {
  const outcome: Outcome = { stdout: [], stderr: [], order: [] };
  return new Promise<Outcome>((resolve) => {
    const handlers: SpawnHandlers = {
      started(pid) {
        outcome.pid = pid;
        outcome.order.push('started');
        onStarted?.(pid);
      },
      failed(error) {
        outcome.error = error;
        resolve(outcome);
      },
      stdout: (chunk) => outcome.stdout.push(chunk),
      stderr: (chunk) => outcome.stderr.push(chunk),
      exited(code, signal) {
        outcome.exit = { code, signal };
        outcome.order.push('exited');
      },
      closed() {
        outcome.order.push('closed');
        resolve(outcome);
      },
      lost(message) {
        outcome.lost = message;
        resolve(outcome);
      },
    };
    spawner.start(request(command, args), handlers);
  });
}

describe('Spawner', () => {
  it('starts a process in its own group and hands back its output and exit code', async () => {
    spawner = new Spawner();
    const outcome = await run('bash', [
      '-c',
      'echo "$$ $(cut -d" " -f5 /proc/$$/stat)"; echo oops >&2; exit 3',
    ]);
    const [pid, group] = Buffer.concat(outcome.stdout).toString().trim().split(/\s+/).map(Number);
    expect(pid).toBe(outcome.pid);
    expect(group).toBe(outcome.pid); // its own process group: kill(-pid) stops it all
    expect(Buffer.concat(outcome.stderr).toString()).toBe('oops\n');
    expect(outcome.exit).toEqual({ code: 3, signal: null });
    expect(outcome.order).toEqual(['started', 'exited', 'closed']);
  });

  it('carries output far larger than a pipe holds, byte for byte', async () => {
    spawner = new Spawner();
    const outcome = await run('bash', ['-c', 'head -c 20000000 /dev/zero | tr "\\0" a']);
    const out = Buffer.concat(outcome.stdout);
    expect(out.length).toBe(20_000_000);
    expect(out.every((byte) => byte === 0x61)).toBe(true);
  });

  it('starts many processes at once and keeps their output apart', async () => {
    spawner = new Spawner();
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) => run('bash', ['-c', `sleep 0.1; echo ${i}`])),
    );
    expect(outcomes.map((o) => Buffer.concat(o.stdout).toString())).toEqual(
      Array.from({ length: 24 }, (_, i) => `${i}\n`),
    );
  });

  it('says why a program could not start', async () => {
    spawner = new Spawner();
    const outcome = await run('/nonexistent/program', []);
    expect(outcome.error?.code).toBe('ENOENT');
    expect(outcome.order).toEqual([]);
  });

  it('reports the processes in flight as lost when the spawner dies, and starts a new one', async () => {
    spawner = new Spawner();
    let victim: number | undefined;
    const outcome = await run('sleep', ['30'], (pid) => {
      victim = pid;
      process.kill(spawner.helperPid!, 'SIGKILL');
    });
    expect(outcome.lost).toBe('the process spawner stopped: it was killed by SIGKILL');
    process.kill(victim!, 'SIGKILL');
    const next = await run('true', []);
    expect(next.exit).toEqual({ code: 0, signal: null });
  });

  it("runs the helper in its own process group, so a Ctrl-C at the runner's terminal spares the steps", () => {
    spawner = new Spawner();
    spawner.warmUp();
    const groupOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[4];
    expect(groupOf(spawner.helperPid!)).toBe(String(spawner.helperPid));
    expect(groupOf(spawner.helperPid!)).not.toBe(groupOf(process.pid));
  });

  it('does not keep the runner alive once its processes are done', async () => {
    // A process that used the spawner ends on its own, as it would had it spawned directly.
    const script = `
      import { processSpawner } from ${JSON.stringify(new URL('../../../dist/index.js', import.meta.url).href)};
      processSpawner().warmUp();
      processSpawner().start(
        { command: 'true', args: [], cwd: '/', env: {}, drainMs: 1000 },
        { started() {}, failed() {}, stdout() {}, stderr() {}, exited() {}, lost() {},
          closed() { console.log('closed'); } },
      );`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(output).toBe('closed\n');
  });
});
