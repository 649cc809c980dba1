import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Vitest global setup: compiles the packages (incrementally) so the CLI under test is current. */
export default function buildCli(): void {
  const root = join(import.meta.dirname, '../../../..');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
}
