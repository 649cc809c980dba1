import { describe, expect, it } from 'vitest';
import { looksLikeGo, parseGo } from './go.ts';

/** `go test ./...`: only failures are shown, packages are counted. */
const PLAIN = `
--- FAIL: TestParseDate (0.00s)
    date_test.go:14: got 2024-01-01, want 2025-01-01
--- FAIL: TestTable (0.00s)
    --- FAIL: TestTable/empty_input (0.00s)
        table_test.go:30: expected an error
FAIL
FAIL	example.com/app/parser	0.004s
ok  	example.com/app/cli	0.003s
ok  	example.com/app/format	(cached)
?   	example.com/app/cmd	[no test files]
# example.com/app/broken
broken/broken.go:3:1: syntax error: non-declaration statement outside function body
FAIL	example.com/app/broken [build failed]
FAIL
`;

/** `go test -v ./...`: every test is shown. */
const VERBOSE = `
=== RUN   TestAdd
--- PASS: TestAdd (0.00s)
=== RUN   TestSub
    sub_test.go:12: got 1 want 2
--- FAIL: TestSub (0.00s)
=== RUN   TestSlow
    slow_test.go:8: skipping in short mode
--- SKIP: TestSlow (0.00s)
=== RUN   TestCases
=== RUN   TestCases/one
=== RUN   TestCases/two
--- PASS: TestCases (0.00s)
    --- PASS: TestCases/one (0.00s)
    --- PASS: TestCases/two (0.00s)
FAIL
FAIL	example.com/m	0.002s
`;

describe('parseGo', () => {
  it('counts packages without -v, naming failing tests and broken packages', () => {
    expect(looksLikeGo(PLAIN)).toBe(true);
    expect(parseGo(PLAIN)).toEqual({
      passed: 2,
      failed: 3,
      skipped: 0,
      failing: ['TestParseDate', 'TestTable/empty_input', 'example.com/app/broken'],
    });
  });

  it('counts tests with -v, subtests standing for their parent', () => {
    expect(parseGo(VERBOSE)).toEqual({ passed: 3, failed: 1, skipped: 1, failing: ['TestSub'] });
  });

  it('reads an all-passing run', () => {
    expect(parseGo('ok  \texample.com/m\t0.002s\n')).toEqual({
      passed: 1,
      failed: 0,
      skipped: 0,
      failing: [],
    });
  });
});
