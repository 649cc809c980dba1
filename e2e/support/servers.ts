import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { processEnvironment, STATE_DIR, WEB_BUILD_DIR, WEB_BUILD_MODE, WEB_DIR } from './env.ts';

// Starting and stopping the servers the tests drive: the runner (`arcflow serve`) and the
// tests' own production build of the web app (`next start`), each in its own process group.

export const PIDS_FILE = join(STATE_DIR, 'pids.json');
export const NEXT_BIN = join(WEB_DIR, 'node_modules', 'next', 'dist', 'bin', 'next');

export function log(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}

/** The newest modification time under `path` (a file or a directory, recursively). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === '.next') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** What the copy of the web app is made of (the rest is shared: its node_modules). */
const WEB_SOURCES = ['src', 'public', 'next.config.ts', 'package.json', 'tsconfig.json'];

/**
 * The tests' own production build of the web app, in e2e/.next/web: a copy of apps/web's
 * sources. It never touches apps/web/.next (someone may be serving it) and is rebuilt only
 * when a source is newer than it. E2E_WEB_BUILD=always|never overrides (default: auto).
 */
export function ensureWebBuild(): void {
  const mode = WEB_BUILD_MODE;
  const stampFile = join(WEB_BUILD_DIR, 'e2e-build.json');
  const stamp = existsSync(stampFile)
    ? (JSON.parse(readFileSync(stampFile, 'utf8')) as { sources: number })
    : undefined;
  const sources = Math.max(...WEB_SOURCES.map((p) => newest(join(WEB_DIR, p))));
  const built = existsSync(join(WEB_BUILD_DIR, '.next', 'BUILD_ID')) && stamp !== undefined;
  if (mode === 'never') {
    if (!built) throw new Error(`E2E_WEB_BUILD=never, but there is no build in ${WEB_BUILD_DIR}`);
    return;
  }
  if (mode !== 'always' && built && stamp.sources >= sources) {
    log('web app: the e2e build is up to date');
    return;
  }
  log(built ? 'web app: sources changed since the e2e build; building…' : 'web app: building…');
  const started = Date.now();

  // A fresh copy of the sources; node_modules is apps/web's own.
  mkdirSync(WEB_BUILD_DIR, { recursive: true });
  for (const entry of readdirSync(WEB_BUILD_DIR)) {
    if (entry !== '.next' && entry !== 'node_modules') {
      rmSync(join(WEB_BUILD_DIR, entry), { recursive: true, force: true });
    }
  }
  for (const entry of WEB_SOURCES) {
    if (existsSync(join(WEB_DIR, entry))) {
      cpSync(join(WEB_DIR, entry), join(WEB_BUILD_DIR, entry), { recursive: true });
    }
  }
  // tsconfig.json extends the repository's base by a relative path: rebase it.
  const tsconfig = JSON.parse(readFileSync(join(WEB_DIR, 'tsconfig.json'), 'utf8'));
  if (typeof tsconfig.extends === 'string')
    tsconfig.extends = relative(WEB_BUILD_DIR, resolve(WEB_DIR, tsconfig.extends));
  writeFileSync(join(WEB_BUILD_DIR, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  if (!existsSync(join(WEB_BUILD_DIR, 'node_modules'))) {
    symlinkSync(
      relative(WEB_BUILD_DIR, join(WEB_DIR, 'node_modules')),
      join(WEB_BUILD_DIR, 'node_modules'),
    );
  }

  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: WEB_BUILD_DIR,
    stdio: 'inherit',
    env: {
      ...processEnvironment(),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  if (result.status !== 0) throw new Error(`the web app's build failed (exit ${result.status})`);
  writeFileSync(stampFile, JSON.stringify({ sources }));
  log(`web app: built in ${Math.round((Date.now() - started) / 1000)} s`);
}

export async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', () =>
      reject(
        new Error(
          `port ${port} (${what}) is in use: stop whatever listens there (\`ss -ltnp | grep ${port}\`)`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** Stops servers a previous, killed test run left behind (pids recorded by this setup). */
export function stopLeftovers(): void {
  if (!existsSync(PIDS_FILE)) return;
  const pids = JSON.parse(readFileSync(PIDS_FILE, 'utf8')) as number[];
  for (const pid of pids) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('arcflow.mjs') || cmdline.includes('next')) {
        log(`stopping a server left behind by an earlier run (pid ${pid})`);
        process.kill(-pid, 'SIGKILL');
      }
    } catch {
      // gone already
    }
  }
  rmSync(PIDS_FILE, { force: true });
}

export interface Server {
  name: string;
  child: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
}

export function start(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Server {
  const logFile = join(STATE_DIR, `${name}.log`);
  const out = openSync(logFile, 'w');
  // detached: its own process group, so teardown stops it and everything it started.
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', out, out] });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { name, child, logFile, exited };
}

export function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function waitFor(server: Server, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void server.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `${server.name} exited (${exitCode}) before answering:\n${tail(server.logFile)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${server.name} did not answer ${url} within ${timeoutMs / 1000} s:\n${tail(server.logFile)}`,
  );
}

export async function stop(server: Server): Promise<void> {
  const pid = server.child.pid;
  if (pid === undefined || server.child.exitCode !== null || server.child.signalCode !== null)
    return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  // The runner gives running steps up to 10 s to finish.
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000));
  if ((await Promise.race([server.exited, timer])) === 'timeout') {
    log(`${server.name} did not stop on SIGTERM; killing it`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
    await server.exited;
  }
}
