import { readFileSync } from 'node:fs';

// src/cli/ and dist/cli/ sit at the same depth, so one relative path serves both.
const manifest = new URL('../../package.json', import.meta.url);

/** The CLI's version, from the runner's package.json. */
export const CLI_VERSION: string = JSON.parse(readFileSync(manifest, 'utf8')).version;
