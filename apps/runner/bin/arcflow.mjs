#!/usr/bin/env node
// The CLI runs from the compiled JavaScript in dist/ (built by `pnpm install`, or `pnpm build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'arcflow: the CLI is not built yet; run `pnpm install` (or `pnpm build`) in the Arcflow checkout\n',
  );
  process.exit(2);
}
await import(entry.href);
