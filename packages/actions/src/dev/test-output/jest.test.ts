import { describe, expect, it } from 'vitest';
import { looksLikeJest, parseJest } from './jest.ts';

const FAILING = `
PASS src/format.test.js
FAIL src/sum.test.js
  sum
    ✓ adds (2 ms)
    ✕ subtracts (3 ms)
    ○ skipped multiplies

  ● sum › subtracts

    expect(received).toBe(expected) // Object.is equality

    Expected: 1
    Received: -1

      4 |   test('subtracts', () => {
    > 5 |     expect(sub(1, 2)).toBe(1);
        |                       ^

      at Object.toBe (src/sum.test.js:5:23)

FAIL src/broken.test.js
  ● Test suite failed to run

    Cannot find module './nope' from 'src/broken.test.js'

Test Suites: 2 failed, 1 passed, 3 total
Tests:       1 failed, 1 skipped, 3 passed, 5 total
Snapshots:   0 total
Time:        0.612 s
Ran all test suites.
`;

describe('parseJest', () => {
  it('counts and names the failures, and a suite that failed to run', () => {
    expect(looksLikeJest(FAILING)).toBe(true);
    expect(parseJest(FAILING)).toEqual({
      passed: 3,
      failed: 1,
      skipped: 1,
      failing: ['sum > subtracts', 'src/broken.test.js'],
    });
  });

  it('reads a passing run', () => {
    const output = 'PASS src/sum.test.js\nTests:       4 passed, 4 total\nTime: 0.3 s\n';
    expect(parseJest(output)).toEqual({ passed: 4, failed: 0, skipped: 0, failing: [] });
  });
});
