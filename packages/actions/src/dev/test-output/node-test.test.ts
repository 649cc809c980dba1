import { describe, expect, it } from 'vitest';
import { looksLikeNodeTest, parseNodeTest } from './node-test.ts';

/** `node --test` on Node 20 without a terminal: TAP. */
const TAP = `
> test
> node --test

TAP version 13
# Subtest: adds
ok 1 - adds
  ---
  duration_ms: 1.280944
  ...
# Subtest: fails
not ok 2 - fails
  ---
  duration_ms: 1.320383
  location: '/tmp/nt/a.test.mjs:4:1'
  failureType: 'testCodeFailure'
  error: '1 == 2'
  code: 'ERR_ASSERTION'
  ...
# Subtest: skipped one
ok 3 - skipped one # SKIP
  ---
  duration_ms: 0.246477
  ...
# Subtest: parser
    # Subtest: parses dates
    not ok 1 - parses dates
      ---
      duration_ms: 0.606522
      failureType: 'testCodeFailure'
      error: "'a' == 'b'"
      ...
    # Subtest: parses numbers
    ok 2 - parses numbers
      ---
      duration_ms: 0.214469
      ...
    1..2
not ok 4 - parser
  ---
  duration_ms: 1.174596
  type: 'suite'
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  ...
1..4
# tests 5
# suites 1
# pass 2
# fail 2
# cancelled 0
# skipped 1
# todo 0
# duration_ms 138.405379
`;

/** The spec reporter (a terminal, or Node 22+). */
const SPEC = `
✔ adds (1.503445ms)
✖ fails (1.406781ms)
  AssertionError [ERR_ASSERTION]: 1 == 2
      at TestContext.<anonymous> (file:///tmp/nt/a.test.mjs:4:28) {
    code: 'ERR_ASSERTION',
  }

﹣ skipped one (0.278123ms) # SKIP
▶ parser
  ✖ parses dates (0.690186ms)
    AssertionError [ERR_ASSERTION]: 'a' == 'b'
  ✔ parses numbers (0.145076ms)
✖ parser (1.249218ms)
ℹ tests 5
ℹ suites 1
ℹ pass 2
ℹ fail 2
ℹ cancelled 0
ℹ skipped 1
ℹ todo 0
ℹ duration_ms 114.90396

✖ failing tests:

test at a.test.mjs:4:1
✖ fails (1.406781ms)
  AssertionError [ERR_ASSERTION]: 1 == 2

test at a.test.mjs:6:28
✖ parses dates (0.690186ms)
  AssertionError [ERR_ASSERTION]: 'a' == 'b'
`;

describe('parseNodeTest', () => {
  it('reads the TAP reporter, naming nested failures with their suite', () => {
    expect(looksLikeNodeTest(TAP)).toBe(true);
    expect(parseNodeTest(TAP)).toEqual({
      passed: 2,
      failed: 2,
      skipped: 1,
      failing: ['fails', 'parser > parses dates'],
    });
  });

  it('reads the spec reporter without counting its recap twice', () => {
    expect(looksLikeNodeTest(SPEC)).toBe(true);
    expect(parseNodeTest(SPEC)).toEqual({
      passed: 2,
      failed: 2,
      skipped: 1,
      failing: ['fails', 'parser > parses dates'],
    });
  });
});
