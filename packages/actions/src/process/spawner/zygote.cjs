// @ts-check
/**
 * The spawner: a small helper process that starts the steps' processes for the runner.
 *
 * Node starts a child by forking its own process, synchronously, on the main thread; the
 * runner is large (Prisma, the server, a run's state), so each fork cost it milliseconds and
 * 48 ready steps started one after another, hundreds of milliseconds apart. Forked from this
 * small process, a start costs a fraction of that and the runner's thread goes on meanwhile.
 *
 * Protocol. Requests arrive on stdin, one JSON object per line:
 *   { id, command, args, argv0?, cwd, env, drainMs }
 * Replies leave on stdout as frames: type (u8), id (u32 BE), length (u32 BE), payload:
 *   1 started  payload: pid (decimal text)
 *   2 failed   payload: JSON { code, message }   (could not start; nothing else follows)
 *   3 stdout   payload: bytes                    4 stderr  payload: bytes
 *   5 exited   payload: JSON { code, signal }
 *   6 closed   payload: empty   (output fully read, or given up `drainMs` after the exit
 *                                  when background processes keep it open; always last)
 * The process runs in its own process group (`detached`), so the runner stops it and
 * everything it started with `kill(-pid)`. The spawner has its own group too, so a Ctrl-C on
 * the runner's terminal reaches the runner (which stops its steps in order), not the spawner.
 * When stdin ends (the runner is gone) the spawner exits; started processes keep running, as
 * they would had the runner started them itself.
 */
const { spawn } = require('node:child_process');

const STARTED = 1;
const FAILED = 2;
const STDOUT = 3;
const STDERR = 4;
const EXITED = 5;
const CLOSED = 6;

/** Output waiting to be written beyond which the processes' pipes are paused. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

/** @type {Set<import('node:stream').Readable>} */
const paused = new Set();

/**
 * @param {number} type
 * @param {number} id
 * @param {Buffer | string} payload
 */
function send(type, id, payload) {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.allocUnsafe(9);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(id, 1);
  header.writeUInt32BE(body.length, 5);
  process.stdout.write(header);
  process.stdout.write(body);
}

/**
 * @param {import('node:stream').Readable} stream
 * @param {number} type
 * @param {number} id
 */
function relay(stream, type, id) {
  stream.on('data', (chunk) => {
    send(type, id, chunk);
    if (process.stdout.writableLength > HIGH_WATER_BYTES) {
      stream.pause();
      paused.add(stream);
    }
  });
}

process.stdout.on('drain', () => {
  for (const stream of paused) stream.resume();
  paused.clear();
});

/** @param {{ id: number, command: string, args: string[], argv0?: string, cwd: string, env: Record<string, string>, drainMs: number }} request */
function start(request) {
  const { id } = request;
  /** @type {import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, import('node:stream').Readable>} */
  let child;
  try {
    child = spawn(request.command, request.args, {
      ...(request.argv0 === undefined ? {} : { argv0: request.argv0 }),
      cwd: request.cwd,
      env: request.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    send(FAILED, id, JSON.stringify(describe(error)));
    return;
  }
  child.on('error', (error) => {
    // Once started, errors end in 'close'; before, nothing else follows.
    if (child.pid === undefined) send(FAILED, id, JSON.stringify(describe(error)));
  });
  if (child.pid === undefined) return;
  send(STARTED, id, String(child.pid));
  relay(child.stdout, STDOUT, id);
  relay(child.stderr, STDERR, id);
  let closed = false;
  /** @type {NodeJS.Timeout | undefined} */
  let drain;
  const close = () => {
    if (closed) return;
    closed = true;
    if (drain) clearTimeout(drain);
    paused.delete(child.stdout);
    paused.delete(child.stderr);
    send(CLOSED, id, '');
  };
  child.on('exit', (code, signal) => {
    send(EXITED, id, JSON.stringify({ code, signal }));
    // What it wrote last is still in its pipes: read it even if the runner is behind, so the
    // grace below only ever cuts off background processes, never the step's own last lines.
    for (const stream of [child.stdout, child.stderr]) {
      paused.delete(stream);
      stream.resume();
    }
    drain = setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
      close();
    }, request.drainMs);
  });
  child.on('close', close);
}

/** @param {unknown} error */
function describe(error) {
  const code = /** @type {NodeJS.ErrnoException} */ (error)?.code;
  return { code, message: error instanceof Error ? error.message : String(error) };
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (pending + chunk).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) if (line !== '') start(JSON.parse(line));
});
// The runner is gone (or closed us): once what is written is flushed, so are we.
process.stdin.on('end', () => process.stdout.write('', () => process.exit(0)));
