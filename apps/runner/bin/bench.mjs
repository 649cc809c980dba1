#!/usr/bin/env node
// `pnpm bench`: builds (incrementally), then runs the compiled benchmark.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

execFileSync(process.execPath, [join(import.meta.dirname, '../../../scripts/build.mjs')], {
  stdio: 'inherit',
});
await import('../dist/bench/main.js');
