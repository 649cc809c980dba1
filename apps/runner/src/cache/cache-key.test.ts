import { describe, expect, it } from 'vitest';
import { type CacheKeyParts, canonicalJson, stepCacheKey } from './cache-key.ts';

const parts: CacheKeyParts = {
  workflow: 'ci',
  stepId: 'build',
  action: 'shell',
  with: { run: 'make', opts: { b: 1, a: [2, { d: 1, c: 0 }] } },
  env: { B: '2', A: '1' },
  key: 'node-22',
  files: [
    { path: 'src/b.ts', sha256: 'bb' },
    { path: 'src/a.ts', sha256: 'aa' },
  ],
};

describe('stepCacheKey', () => {
  it('is the same whatever the order of keys and files', () => {
    const reordered: CacheKeyParts = {
      files: [...parts.files].reverse(),
      key: 'node-22',
      env: { A: '1', B: '2' },
      with: { opts: { a: [2, { c: 0, d: 1 }], b: 1 }, run: 'make' },
      action: 'shell',
      stepId: 'build',
      workflow: 'ci',
    };
    expect(stepCacheKey(reordered)).toBe(stepCacheKey(parts));
    expect(stepCacheKey(parts)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['an input file’s content', { files: [{ path: 'src/a.ts', sha256: 'a2' }, parts.files[0]!] }],
    ['a new input file', { files: [...parts.files, { path: 'src/c.ts', sha256: 'cc' }] }],
    ['with', { with: { run: 'make all' } }],
    ['env', { env: { A: '1', B: '3' } }],
    ['the key', { key: 'node-20' }],
    ['the action', { action: 'build' }],
    ['the step', { stepId: 'build-2' }],
  ])('changes with %s', (_what, change) => {
    expect(stepCacheKey({ ...parts, ...change })).not.toBe(stepCacheKey(parts));
  });
});

describe('canonicalJson', () => {
  it('sorts object keys at every level and leaves out undefined', () => {
    expect(canonicalJson({ b: [{ y: 1, x: undefined, w: null }], a: 'x' })).toBe(
      '{"a":"x","b":[{"w":null,"y":1}]}',
    );
  });
});
