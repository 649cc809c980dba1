import { describe, expect, it } from 'vitest';
import { looksLikeTap, parseTap } from './tap.ts';

/** tape. */
const TAPE = `
TAP version 13
# parses numbers
ok 1 should be strictly equal
# parses dates
not ok 2 parses an ISO date
  ---
    operator: equal
    expected: '2025-01-01'
    actual:   '2024-01-01'
  ...
ok 3 - formats # SKIP not on windows
not ok 4 - flaky thing # TODO fix the clock

1..4
# tests 4
# pass  1
# fail  1
# skip  1
# todo  1
`;

/** A bare TAP stream without summary comments. */
const BARE = `
1..3
ok 1 - a
not ok 2 - b
ok 3 - c # skip
`;

describe('parseTap', () => {
  it('reads summary comments and names failures, not todos', () => {
    expect(looksLikeTap(TAPE)).toBe(true);
    expect(parseTap(TAPE)).toEqual({
      passed: 1,
      failed: 1,
      skipped: 2,
      failing: ['parses an ISO date'],
    });
  });

  it('counts test points when there is no summary', () => {
    expect(parseTap(BARE)).toEqual({ passed: 1, failed: 1, skipped: 1, failing: ['b'] });
  });

  it('finds nothing in other output', () => {
    expect(looksLikeTap('hello\nworld\n')).toBe(false);
    expect(parseTap('hello\n')).toEqual({ passed: null, failed: null, skipped: null, failing: [] });
  });
});
