import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { FrameReader } from './frame-reader.ts';

/**
 * Starts processes through the spawner helper (zygote.cjs, whose header explains why and
 * describes the protocol): one small long-lived process per runner, started on first use.
 */

export interface SpawnRequest {
  command: string;
  args: readonly string[];
  /** The program's own name for itself (argv[0]), when not `command`. */
  argv0?: string;
  cwd: string;
  env: Record<string, string>;
  /** After the exit, how long to wait for output that background processes hold open. */
  drainMs: number;
}

/** What becomes of a started process, in this order: started, output…, exited, closed. */
export interface SpawnHandlers {
  started(pid: number): void;
  /** It could not start (ENOENT, EACCES…); nothing else follows. */
  failed(error: NodeJS.ErrnoException): void;
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  exited(code: number | null, signal: NodeJS.Signals | null): void;
  /** Its output is fully read: always last, once started. */
  closed(): void;
  /** The spawner itself died: the process's end cannot be known. Nothing else follows. */
  lost(message: string): void;
}

const STARTED = 1;
const FAILED = 2;
const STDOUT = 3;
const STDERR = 4;
const EXITED = 5;
const CLOSED = 6;

const ZYGOTE = fileURLToPath(new URL('./zygote.cjs', import.meta.url));

/** Node makes a child's stdio pipes sockets: they can be unref'd. */
type Zygote = ChildProcessByStdio<Socket, Socket, null>;

export class Spawner {
  private zygote: Zygote | undefined;
  private readonly inFlight = new Map<number, SpawnHandlers>();
  private nextId = 1;

  /** The helper's process id, while it runs. */
  get helperPid(): number | undefined {
    return this.zygote?.pid;
  }

  /** Starts the helper now rather than at the first step (saves the first step ~50 ms). */
  warmUp(): void {
    this.ensureZygote();
  }

  start(request: SpawnRequest, handlers: SpawnHandlers): void {
    const zygote = this.ensureZygote();
    const id = this.nextId++;
    if (this.nextId > 0xffff_fff0) this.nextId = 1;
    this.inFlight.set(id, handlers);
    if (this.inFlight.size === 1) this.hold(zygote, true);
    zygote.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
  }

  /** Stops the helper (its started processes go on); the next `start` starts a new one. */
  close(): void {
    this.zygote?.stdin.end();
    this.zygote = undefined;
  }

  private ensureZygote(): Zygote {
    if (this.zygote) return this.zygote;
    const zygote = spawn(process.execPath, [ZYGOTE], {
      stdio: ['pipe', 'pipe', 'inherit'],
      // it needs none: each request carries its process's environment
      env: {} as NodeJS.ProcessEnv,
    }) as unknown as Zygote;
    const reader = new FrameReader((type, id, payload) => this.receive(type, id, payload));
    zygote.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
    zygote.stdin.on('error', () => {}); // a dead helper is reported by 'exit'
    zygote.on('error', (error) => this.lose(zygote, `it could not start: ${error.message}`));
    zygote.on('exit', (code, signal) =>
      this.lose(zygote, signal ? `it was killed by ${signal}` : `it exited with code ${code}`),
    );
    this.zygote = zygote;
    this.hold(zygote, false);
    return zygote;
  }

  /** Keeps the runner alive while processes are in flight, and only then. */
  private hold(zygote: Zygote, ref: boolean): void {
    for (const handle of [zygote, zygote.stdin, zygote.stdout]) {
      if (ref) handle.ref();
      else handle.unref();
    }
  }

  private receive(type: number, id: number, payload: Buffer): void {
    const handlers = this.inFlight.get(id);
    if (!handlers) return;
    switch (type) {
      case STARTED:
        handlers.started(Number(payload.toString('latin1')));
        break;
      case FAILED: {
        const { code, message } = JSON.parse(payload.toString('utf8')) as {
          code?: string;
          message: string;
        };
        this.settle(id);
        handlers.failed(Object.assign(new Error(message), code ? { code } : {}));
        break;
      }
      case STDOUT:
        handlers.stdout(payload);
        break;
      case STDERR:
        handlers.stderr(payload);
        break;
      case EXITED: {
        const { code, signal } = JSON.parse(payload.toString('utf8')) as {
          code: number | null;
          signal: NodeJS.Signals | null;
        };
        handlers.exited(code, signal);
        break;
      }
      case CLOSED:
        this.settle(id);
        handlers.closed();
        break;
    }
  }

  private settle(id: number): void {
    this.inFlight.delete(id);
    if (this.inFlight.size === 0 && this.zygote) this.hold(this.zygote, false);
  }

  private lose(zygote: Zygote, why: string): void {
    if (this.zygote === zygote) this.zygote = undefined;
    const lost = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const handlers of lost) handlers.lost(`the process spawner stopped: ${why}`);
  }
}

let shared: Spawner | undefined;

/** The runner's one spawner. */
export function processSpawner(): Spawner {
  shared ??= new Spawner();
  return shared;
}
