import { listSome, plural } from '../words.ts';
import { looksLikeCargo, parseCargo } from './cargo.ts';
import { looksLikeGo, parseGo } from './go.ts';
import { looksLikeJest, parseJest } from './jest.ts';
import { looksLikeNodeTest, parseNodeTest } from './node-test.ts';
import { looksLikePytest, parsePytest } from './pytest.ts';
import { looksLikeTap, parseTap } from './tap.ts';
import type { TestReport, TestRunner } from './types.ts';
import { looksLikeVitest, parseVitest } from './vitest.ts';

export { TEST_RUNNERS, type TestReport, type TestRunner } from './types.ts';

const PARSERS: Record<TestRunner, (output: string) => TestReport> = {
  vitest: parseVitest,
  jest: parseJest,
  node: parseNodeTest,
  pytest: parsePytest,
  go: parseGo,
  cargo: parseCargo,
  tap: parseTap,
};

/** Most specific first: node:test prints TAP, so it comes before plain TAP. */
const RECOGNISERS: ReadonlyArray<[TestRunner, (output: string) => boolean]> = [
  ['cargo', looksLikeCargo],
  ['pytest', looksLikePytest],
  ['vitest', looksLikeVitest],
  ['jest', looksLikeJest],
  ['go', looksLikeGo],
  ['node', looksLikeNodeTest],
  ['tap', looksLikeTap],
];

/** Which runner printed this output, if any we know. */
export function recogniseRunner(output: string): TestRunner | undefined {
  return RECOGNISERS.find(([, looksLike]) => looksLike(output))?.[0];
}

/**
 * Reads a test run's output with the given runner's parser, or with the parser of the runner
 * the output looks like. Counts are null when no summary was recognised.
 */
export function parseTestOutput(
  output: string,
  runner: TestRunner | undefined,
): { runner: TestRunner | undefined; report: TestReport } {
  const chosen = runner ?? recogniseRunner(output);
  if (!chosen) return { runner: undefined, report: emptyReport() };
  return { runner: chosen, report: PARSERS[chosen](output) };
}

function emptyReport(): TestReport {
  return { passed: null, failed: null, skipped: null, failing: [] };
}

/** `2 tests failed: parser > parses dates, cli > rejects flags`; undefined when none failed. */
export function failedTestsSentence(report: TestReport): string | undefined {
  const count = Math.max(report.failed ?? 0, report.failing.length);
  if (count === 0) return undefined;
  const head = `${plural(count, 'test')} failed`;
  if (report.failing.length === 0) return head;
  return `${head}: ${listSome(report.failing, 5, count)}`;
}

/**
 * For a plain script whose output a known test runner printed: the failing tests, so its
 * tension point names them rather than quoting the runner's closing tallies.
 */
export function failedTestsInOutput(output: string): string | undefined {
  const { runner, report } = parseTestOutput(output, undefined);
  return runner === undefined ? undefined : failedTestsSentence(report);
}
