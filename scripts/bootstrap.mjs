// Makes a fresh clone usable with only Node and npm: installs pnpm if it is missing,
// installs the workspace's dependencies when the lockfile changed (which also builds),
// and rebuilds the packages whose sources changed since. Quiet when there is nothing to do.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const run = (cmd) => execSync(cmd, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

function hasPnpm() {
  try {
    execSync('pnpm --version', { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

try {
  if (!hasPnpm()) {
    console.error('arcflow: pnpm not found; installing pnpm@10 with npm …');
    run('npm install -g pnpm@10 --silent');
  }
  const stamp = join(root, 'node_modules', '.arcflow-installed');
  const lock = join(root, 'pnpm-lock.yaml');
  const lockTime = existsSync(lock) ? String(statSync(lock).mtimeMs) : '';
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockTime) {
    console.error('arcflow: installing dependencies …');
    run('pnpm install --frozen-lockfile --reporter=silent');
    writeFileSync(stamp, lockTime);
  }
  run(`"${process.execPath}" scripts/build.mjs`);
} catch (error) {
  console.error(`arcflow: setup failed: ${error.message}`);
  process.exit(1);
}
