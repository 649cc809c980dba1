// `npm start`: the whole app on one machine — the runner service (API + worker, embedded
// database in the workspace) and the web UI — with no setup. Ctrl-C stops both.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SERVE_NODE_FLAGS } from '../apps/runner/bin/serve-node-flags.mjs';
import { readStartEnv } from './env.mjs';

const root = join(import.meta.dirname, '..');
const { workspace, apiPort, webPort, allowedOrigins, inherited } = readStartEnv();
const web = join(root, 'apps/web');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

async function isFree(port) {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
for (const [port, what, variable] of [
  [apiPort, 'the runner', 'ARCFLOW_PORT'],
  [webPort, 'the web UI', 'PORT'],
]) {
  if (!(await isFree(port))) {
    console.error(
      `arcflow: port ${port} (${what}) is in use. Stop what listens there, or pick another: ${variable}=${port + 1} npm start`,
    );
    process.exit(2);
  }
}

const buildId = join(web, '.next', 'BUILD_ID');
if (!existsSync(buildId) || statSync(buildId).mtimeMs < newestMtime(join(web, 'src'))) {
  console.error('arcflow: building the web app (once, ~30 s) …');
  const built = spawnSync('pnpm', ['--filter', '@arcflow/web', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) {
    console.error('arcflow: the web app did not build; see above');
    process.exit(1);
  }
}

const children = [];
function launch(name, command, args, env = {}) {
  const child = spawn(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...inherited, ...env },
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `arcflow: the ${name} stopped (${signal ?? `exit ${code}`}); stopping everything`,
    );
    stop(code ?? 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 12_000).unref();
  Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r)))),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

launch(
  'runner',
  process.execPath,
  [
    ...SERVE_NODE_FLAGS,
    join(root, 'apps/runner/bin/arcflow.mjs'),
    'serve',
    '--port',
    String(apiPort),
    '--workspace',
    workspace,
  ],
  { ARCFLOW_ALLOWED_ORIGINS: allowedOrigins },
);
launch(
  'web app',
  'pnpm',
  [
    '--filter',
    '@arcflow/web',
    'exec',
    'next',
    'start',
    '-H',
    '127.0.0.1',
    '--port',
    String(webPort),
  ],
  {
    NEXT_TELEMETRY_DISABLED: '1',
    ARCFLOW_API_URL: `http://127.0.0.1:${apiPort}`,
  },
);

async function answers(url) {
  try {
    return (await fetch(url)).status < 500;
  } catch {
    return false;
  }
}
const deadline = Date.now() + 60_000;
while (Date.now() < deadline && !stopping) {
  if (
    (await answers(`http://127.0.0.1:${apiPort}/healthz`)) &&
    (await answers(`http://127.0.0.1:${webPort}/`))
  ) {
    console.error(
      `\n  Arcflow is running: http://127.0.0.1:${webPort}\n  runner API on http://127.0.0.1:${apiPort} · workspace ${workspace}\n  Ctrl-C stops it.\n`,
    );
    break;
  }
  await new Promise((r) => setTimeout(r, 300));
}
