#!/usr/bin/env node
// Regenerates the README's action and template reference from the code: `pnpm run docs`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const { renderReadme } = await import('../dist/docs/readme.js');
const path = join(root, 'README.md');
writeFileSync(path, renderReadme(readFileSync(path, 'utf8')));
console.log('README.md: action and template reference regenerated');
