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

/** One helper process and the requests it has not finished. */
interface Helper {
  process: Zygote;
  inFlight: Map<number, SpawnHandlers>;
}

export class Spawner {
  private helper: Helper | undefined;
  private nextId = 1;

  /** The helper's process id, while it runs. */
  get helperPid(): number | undefined {
    return this.helper?.process.pid;
  }

  /** Starts the helper now rather than at the first step (saves the first step ~50 ms). */
  warmUp(): void {
    this.ensureHelper();
  }

  start(request: SpawnRequest, handlers: SpawnHandlers): void {
    const helper = this.ensureHelper();
    const id = this.nextId++;
    if (this.nextId > 0xffff_fff0) this.nextId = 1;
    helper.inFlight.set(id, handlers);
    if (helper.inFlight.size === 1) hold(helper.process, true);
    helper.process.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
  }

  /**
   * Lets the helper go: it exits once it has sent what it has, and the processes still in
   * flight are reported lost. The next `start` starts a new helper.
   */
  close(): void {
    this.helper?.process.stdin.end();
    this.helper = undefined;
  }

  private ensureHelper(): Helper {
    if (this.helper) return this.helper;
    const zygote = spawn(process.execPath, [ZYGOTE], {
      stdio: ['pipe', 'pipe', 'inherit'],
      // its own process group: a Ctrl-C meant for the runner must not stop it (zygote.cjs)
      detached: true,
      // it needs none: each request carries its process's environment
      env: {} as NodeJS.ProcessEnv,
    }) as unknown as Zygote;
    const helper: Helper = { process: zygote, inFlight: new Map() };
    const reader = new FrameReader((type, id, payload) => receive(helper, type, id, payload));
    zygote.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
    zygote.stdin.on('error', () => {}); // a dead helper is reported by 'close'
    zygote.on('error', (error) => this.lose(helper, `it could not start: ${error.message}`));
    // 'close', not 'exit': the frames it sent before it died are read first
    zygote.on('close', (code, signal) =>
      this.lose(helper, signal ? `it was killed by ${signal}` : `it exited with code ${code}`),
    );
    this.helper = helper;
    hold(zygote, false);
    return helper;
  }

  private lose(helper: Helper, why: string): void {
    if (this.helper === helper) this.helper = undefined;
    const lost = [...helper.inFlight.values()];
    helper.inFlight.clear();
    for (const handlers of lost) handlers.lost(`the process spawner stopped: ${why}`);
  }
}

/** Keeps the runner alive while processes are in flight, and only then. */
function hold(zygote: Zygote, ref: boolean): void {
  for (const handle of [zygote, zygote.stdin, zygote.stdout]) {
    if (ref) handle.ref();
    else handle.unref();
  }
}

function receive(helper: Helper, type: number, id: number, payload: Buffer): void {
  const handlers = helper.inFlight.get(id);
  if (!handlers) return;
  const settle = () => {
    helper.inFlight.delete(id);
    if (helper.inFlight.size === 0) hold(helper.process, false);
  };
  switch (type) {
    case STARTED:
      handlers.started(Number(payload.toString('latin1')));
      break;
    case FAILED: {
      const { code, message } = JSON.parse(payload.toString('utf8')) as {
        code?: string;
        message: string;
      };
      settle();
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
      settle();
      handlers.closed();
      break;
  }
}

let shared: Spawner | undefined;

/** The runner's one spawner. */
export function processSpawner(): Spawner {
  shared ??= new Spawner();
  return shared;
}
