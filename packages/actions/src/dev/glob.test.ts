import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandGlobs, globToRegExp, hasGlob } from './glob.ts';
import { type TempWorkspace, tempWorkspace } from './test-support.ts';

let ws: TempWorkspace;
beforeAll(async () => {
  ws = await tempWorkspace({
    'package.json': '{}',
    'config/app.json': '{}',
    'config/app.yaml': 'a: 1',
    'config/deep/more/x.yml': 'b: 2',
    '.mia/workflows/ship.yaml': 'name: ship',
    'node_modules/dep/package.json': '{}',
    'dist/index.js': '',
  });
});
afterAll(() => ws.remove());

describe('globToRegExp', () => {
  it('matches * within a segment, ** across segments and {a,b}', () => {
    expect(globToRegExp('*.json').test('package.json')).toBe(true);
    expect(globToRegExp('*.json').test('config/app.json')).toBe(false);
    expect(globToRegExp('**/*.json').test('package.json')).toBe(true);
    expect(globToRegExp('**/*.json').test('config/app.json')).toBe(true);
    expect(globToRegExp('config/**').test('config/deep/more/x.yml')).toBe(true);
    expect(globToRegExp('config/*.{yaml,yml}').test('config/app.yaml')).toBe(true);
    expect(globToRegExp('file?.txt').test('file1.txt')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(hasGlob('dist/index.js')).toBe(false);
  });
});

describe('expandGlobs', () => {
  it('finds files under the workspace, skipping node_modules', async () => {
    expect(await expandGlobs(ws.dir, ['**/*.json'])).toEqual(['config/app.json', 'package.json']);
    expect(await expandGlobs(ws.dir, ['**/*.{yaml,yml}', '!.mia/**'])).toEqual([
      'config/app.yaml',
      'config/deep/more/x.yml',
    ]);
    expect(await expandGlobs(ws.dir, ['.mia/workflows/*.yaml'])).toEqual([
      '.mia/workflows/ship.yaml',
    ]);
    expect(await expandGlobs(ws.dir, ['node_modules/*/package.json'])).toEqual([
      'node_modules/dep/package.json',
    ]);
  });

  it('takes literal paths and, when asked, directories', async () => {
    expect(await expandGlobs(ws.dir, ['./dist/index.js', 'missing.txt'])).toEqual([
      'dist/index.js',
    ]);
    expect(await expandGlobs(ws.dir, ['dist'])).toEqual([]);
    expect(await expandGlobs(ws.dir, ['di*'], { directories: true })).toEqual(['dist']);
  });
});
