#!/usr/bin/env node
// Regenerates the README's action and template reference from the code: `pnpm docs`.
import { register } from 'tsx/esm/api';

register();
const { readFileSync, writeFileSync } = await import('node:fs');
const { join } = await import('node:path');
const { renderReadme } = await import('../src/docs/readme.ts');
const path = join(import.meta.dirname, '../../../README.md');
writeFileSync(path, renderReadme(readFileSync(path, 'utf8')));
console.log('README.md: action and template reference regenerated');
