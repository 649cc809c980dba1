import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReadme } from '../src/docs/readme.ts';

describe('README', () => {
  it('carries the action and template reference generated from the code (run `pnpm run docs` to refresh)', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    expect(readme).toBe(renderReadme(readme));
  });
});
