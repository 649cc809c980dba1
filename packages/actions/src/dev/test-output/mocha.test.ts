import { describe, expect, it } from 'vitest';
import { looksLikeMocha, parseMocha } from './mocha.ts';

const HOOK_FAILED = `
  parser
    1) "before each" hook for "parses dates"

  store
    ✔ opens

  1 passing (12ms)
  1 failing

  1) parser
       "before each" hook for "parses dates":
     Error: ENOENT: no such file or directory, open 'fixtures/dates.json'
      at Context.<anonymous> (test/parser.test.js:4:5)
`;

describe('parseMocha', () => {
  it('names a failed hook with its suite', () => {
    expect(looksLikeMocha(HOOK_FAILED)).toBe(true);
    expect(parseMocha(HOOK_FAILED)).toEqual({
      passed: 1,
      failed: 1,
      skipped: 0,
      failing: ['parser > "before each" hook for "parses dates"'],
    });
  });

  it('counts nothing before the tally: a test may print `3 passing` itself', () => {
    expect(parseMocha('  3 passing checks\n')).toEqual({
      passed: null,
      failed: null,
      skipped: null,
      failing: [],
    });
    expect(looksLikeMocha('  0 passing (3ms)\n  2 failing\n')).toBe(true);
  });
});
