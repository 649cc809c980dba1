import { listSome, plural } from '../words.ts';
import { looksLikeCargo, parseCargo } from './cargo.ts';
import { looksLikeGo, parseGo } from './go.ts';
import { looksLikeJest, parseJest } from './jest.ts';
import { looksLikeMocha, parseMocha } from './mocha.ts';
import { looksLikeNodeTest, parseNodeTest } from './node-test.ts';
import { looksLikePytest, parsePytest } from './pytest.ts';
import { looksLikeTap, parseTap } from './tap.ts';
import { plainLines, type TestReport, type TestRunner } from './types.ts';
import { looksLikeVitest, parseVitest } from './vitest.ts';

export { TEST_RUNNERS, type TestReport, type TestRunner } from './types.ts';

const PARSERS: Record<TestRunner, (output: string) => TestReport> = {
  vitest: parseVitest,
  jest: parseJest,
  mocha: parseMocha,
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
  ['mocha', looksLikeMocha],
  ['go', looksLikeGo],
  ['node', looksLikeNodeTest],
  ['tap', looksLikeTap],
];

/** Which runner printed this output, if any we know (colours do not hide it). */
export function recogniseRunner(output: string): TestRunner | undefined {
  const plain = plainLines(output).join('\n');
  return RECOGNISERS.find(([, looksLike]) => looksLike(plain))?.[0];
}

/**
 * Reads a test run's output with the parser of the runner the project declares (or the step
 * names). When that parser finds no summary — the command ran something else — the output is
 * read by the runner it is recognised as, if any; never by a parser that merely half-fits.
 * Counts are null when no summary was recognised.
 */
export function parseTestOutput(
  output: string,
  declared: TestRunner | undefined,
): { runner: TestRunner | undefined; report: TestReport } {
  const asDeclared = declared ? PARSERS[declared](output) : undefined;
  if (declared && asDeclared && asDeclared.passed !== null) {
    return { runner: declared, report: asDeclared };
  }
  const recognised = recogniseRunner(output);
  if (recognised && recognised !== declared) {
    return { runner: recognised, report: PARSERS[recognised](output) };
  }
  // Nothing recognised: the counts stay null, and no runner is said to have been read.
  if (asDeclared && asDeclared.failing.length > 0) return { runner: declared, report: asDeclared };
  return { runner: undefined, report: asDeclared ?? emptyReport() };
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
