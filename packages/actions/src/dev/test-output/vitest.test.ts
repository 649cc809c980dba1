import { describe, expect, it } from 'vitest';
import { looksLikeVitest, parseVitest } from './vitest.ts';

const FAILING = `
 RUN  v3.2.4 /home/dev/app

 ✓ src/cli.test.ts (4 tests) 3ms
 ❯ src/parser.test.ts (8 tests | 2 failed | 1 skipped) 12ms
   ✓ parser > parses numbers 1ms
   × parser > parses dates 4ms
     → expected '2024-01-01' to be '2025-01-01' // Object.is equality
   × parser > nested > rejects garbage 2ms
     → expected [Function] to throw an error
   ↓ parser > parses durations

⎯⎯⎯⎯⎯⎯⎯ Failed Tests 2 ⎯⎯⎯⎯⎯⎯⎯

 FAIL  src/parser.test.ts > parser > parses dates
AssertionError: expected '2024-01-01' to be '2025-01-01' // Object.is equality

- Expected
+ Received

- 2025-01-01
+ 2024-01-01

 ❯ src/parser.test.ts:14:25
     12|   it('parses dates', () => {
     13|     expect(parse('2024')).toBe('2025-01-01');
       |                          ^

⎯⎯⎯⎯⎯⎯⎯[1/2]⎯

 FAIL  src/parser.test.ts > parser > nested > rejects garbage
AssertionError: expected [Function] to throw an error
 ❯ src/parser.test.ts:22:30

⎯⎯⎯⎯⎯⎯⎯[2/2]⎯

 Test Files  1 failed | 1 passed (2)
      Tests  2 failed | 9 passed | 1 skipped (12)
   Start at  10:42:07
   Duration  412ms (transform 61ms, setup 0ms, collect 80ms, tests 15ms, environment 0ms, prepare 96ms)
`;

const PASSING = `
 RUN  v3.2.4 /home/dev/app

 ✓ src/cli.test.ts (4 tests) 3ms
 ✓ src/parser.test.ts (8 tests | 1 skipped) 12ms

 Test Files  2 passed (2)
      Tests  11 passed | 1 skipped | 1 todo (13)
   Start at  10:42:07
   Duration  398ms
`;

const BROKEN_FILE = `
 ❯ src/broken.test.ts (0 test)

⎯⎯⎯⎯⎯⎯ Failed Suites 1 ⎯⎯⎯⎯⎯⎯⎯

 FAIL  src/broken.test.ts [ src/broken.test.ts ]
Error: Cannot find module './missing.ts'

 Test Files  1 failed (1)
      Tests  no tests
`;

const COLOURED =
  '\u001b[31m FAIL \u001b[39m |engine| src/a.test.ts > adds\n      \u001b[2mTests \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m\u001b[1m\u001b[32m3 passed\u001b[39m\u001b[22m\u001b[90m (4)\u001b[39m\n';

describe('parseVitest', () => {
  it('counts and names the failures', () => {
    expect(looksLikeVitest(FAILING)).toBe(true);
    expect(parseVitest(FAILING)).toEqual({
      passed: 9,
      failed: 2,
      skipped: 1,
      failing: ['parser > parses dates', 'parser > nested > rejects garbage'],
    });
  });

  it('counts todo as skipped', () => {
    expect(parseVitest(PASSING)).toEqual({ passed: 11, failed: 0, skipped: 2, failing: [] });
  });

  it('names a file that failed to load', () => {
    const report = parseVitest(BROKEN_FILE);
    expect(report.failing).toEqual(['src/broken.test.ts']);
    expect(report.passed).toBeNull();
  });

  it('reads coloured output with a project name', () => {
    expect(parseVitest(COLOURED)).toEqual({ passed: 3, failed: 1, skipped: 0, failing: ['adds'] });
  });
});
