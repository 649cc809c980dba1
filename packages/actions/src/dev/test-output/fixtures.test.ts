import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  failedTestsInOutput,
  failedTestsSentence,
  parseTestOutput,
  type TestRunner,
} from './index.ts';
import type { TestReport } from './types.ts';

/**
 * The real runners' output (fixtures/, captured by fixtures/capture.sh): the same suites in
 * each — math (adds, multiplies, a skipped divides) and, in the failing runs, parser (parses
 * numbers, parses dates ✗, nested > rejects garbage ✗).
 */

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');
}

const JS_FAILING = ['parser > parses dates', 'parser > nested > rejects garbage'];
const passing = (passed = 2): TestReport => ({ passed, failed: 0, skipped: 1, failing: [] });
const failing = (names: string[]): TestReport => ({
  passed: 3,
  failed: 2,
  skipped: 1,
  failing: names,
});

const CASES: Array<[fixture: string, runner: TestRunner, report: TestReport]> = [
  ['vitest-pass', 'vitest', passing()],
  ['vitest-fail', 'vitest', failing(JS_FAILING)],
  ['vitest3-pass', 'vitest', passing()],
  ['vitest3-fail', 'vitest', failing(JS_FAILING)],
  ['jest-pass', 'jest', passing()],
  ['jest-fail', 'jest', failing(JS_FAILING)],
  ['mocha-pass', 'mocha', passing()],
  ['mocha-fail', 'mocha', failing(JS_FAILING)],
  ['node-tap-pass', 'node', passing()],
  ['node-tap-fail', 'node', failing(JS_FAILING)],
  ['node-spec-pass', 'node', passing()],
  ['node-spec-fail', 'node', failing(JS_FAILING)],
  ['pytest-pass', 'pytest', passing()],
  [
    'pytest-fail',
    'pytest',
    failing([
      'tests/test_parser.py::test_parses_dates',
      'tests/test_parser.py::TestNested::test_rejects_garbage',
    ]),
  ],
  ['go-pass-verbose', 'go', passing()],
  ['go-fail-verbose', 'go', failing(['TestParsesDates', 'TestNested/rejects_garbage'])],
  // Without -v go prints no passing or skipped tests: what passed is counted in packages.
  ['go-pass', 'go', { passed: 1, failed: 0, skipped: 0, failing: [] }],
  [
    'go-fail',
    'go',
    {
      passed: 1,
      failed: 2,
      skipped: 0,
      failing: ['TestParsesDates', 'TestNested/rejects_garbage'],
    },
  ],
  ['cargo-pass', 'cargo', passing()],
  ['cargo-pass-verbose', 'cargo', passing()],
  ['cargo-fail', 'cargo', failing(['parser::nested::rejects_garbage', 'parser::parses_dates'])],
];

describe('real runner output', () => {
  it.each(CASES)('%s: read as %s when the project declares it', (name, runner, report) => {
    expect(parseTestOutput(fixture(name), runner)).toEqual({ runner, report });
  });

  it.each(CASES)('%s: recognised as %s when nothing is declared', (name, runner, report) => {
    expect(parseTestOutput(fixture(name), undefined)).toEqual({ runner, report });
  });

  it('never reads vitest or mocha as TAP, though a test logged `ok 1 - …`', () => {
    // A test's own log line looked like a TAP point: vitest was read as "1 passed, 0 failed".
    for (const name of ['vitest-fail', 'vitest3-fail', 'mocha-fail']) {
      expect(fixture(name)).toMatch(/^ok 1 - cache warmed$/m);
      for (const declared of [undefined, 'tap' as const]) {
        const { runner, report } = parseTestOutput(fixture(name), declared);
        expect(runner).not.toBe('tap');
        expect(report.failing).toEqual(JS_FAILING);
      }
    }
  });

  it('names every failing test in one sentence, also for a plain shell step', () => {
    const sentence = '2 tests failed: parser > parses dates, parser > nested > rejects garbage';
    expect(failedTestsSentence(parseTestOutput(fixture('vitest-fail'), 'vitest').report)).toBe(
      sentence,
    );
    for (const name of [
      'vitest-fail',
      'jest-fail',
      'mocha-fail',
      'node-spec-fail',
      'node-tap-fail',
    ]) {
      expect(failedTestsInOutput(fixture(name))).toBe(sentence);
    }
    expect(failedTestsInOutput(fixture('vitest-pass'))).toBeUndefined();
  });
});
