// Makes the workspace runnable: generates the Prisma client (offline, with the WASM
// generator) when it is missing, then compiles every package to dist/ with `tsc -b`
// (incremental: about a second when nothing changed). Runs after `pnpm install` and
// before `npm start` / `npm test`; `pnpm build` runs it by hand.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processEnvironment } from './env.mjs';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (file, args, { cwd = root, env = processEnvironment() } = {}) =>
  execFileSync(file, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });

// Prisma's CLI wants native engines it cannot download here; generation itself needs none.
const offlinePrisma = {
  ...processEnvironment(),
  PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
  PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
  CHECKPOINT_DISABLE: '1',
};

try {
  const db = join(root, 'packages', 'db');
  // Regenerate when the schema changed since the client was generated (a pull, a new model).
  const schemaHash = createHash('sha256')
    .update(readFileSync(join(db, 'prisma', 'schema.prisma')))
    .digest('hex');
  const generated = join(db, 'src', 'generated', 'prisma');
  const stamp = join(generated, '.schema-hash');
  const current = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
  if (!existsSync(join(generated, 'client.ts')) || current !== schemaHash) {
    run(join(db, 'node_modules', '.bin', 'prisma'), ['generate'], { cwd: db, env: offlinePrisma });
    writeFileSync(stamp, schemaHash);
  }
  run(bin('tsc'), ['-b', 'tsconfig.build.json']);
} catch (error) {
  console.error(`arcflow: building the packages failed: ${error.message}`);
  console.error('arcflow: fix the errors above, then run `pnpm build`.');
  process.exit(1);
}
