import { describe, expect, it } from 'vitest';
import { looksLikeCargo, parseCargo } from './cargo.ts';

const FAILING = `
   Compiling calc v0.1.0 (/home/dev/calc)
    Finished \`test\` profile [unoptimized + debuginfo] target(s) in 0.41s
     Running unittests src/lib.rs (target/debug/deps/calc-1f2e3d4c5b6a7980)

running 5 tests
test tests::adds ... ok
test tests::divides ... ok
test tests::slow ... ignored
test tests::subtracts ... FAILED
test tests::parses ... ok

failures:

---- tests::subtracts stdout ----

thread 'tests::subtracts' panicked at src/lib.rs:21:9:
assertion \`left == right\` failed
  left: -1
 right: 1
note: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace

failures:
    tests::subtracts

test result: FAILED. 3 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

error: test failed, to rerun pass \`--lib\`
`;

const PASSING = `
running 2 tests
test tests::adds ... ok
test tests::parses ... ok

test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

   Doc-tests calc

running 1 test
test src/lib.rs - add (line 3) ... ok

test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.21s
`;

describe('parseCargo', () => {
  it('counts and names the failures', () => {
    expect(looksLikeCargo(FAILING)).toBe(true);
    expect(parseCargo(FAILING)).toEqual({
      passed: 3,
      failed: 1,
      skipped: 1,
      failing: ['tests::subtracts'],
    });
  });

  it('sums the results of every test binary', () => {
    expect(parseCargo(PASSING)).toEqual({ passed: 3, failed: 0, skipped: 0, failing: [] });
  });
});
