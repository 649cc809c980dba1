import { countWords, plainLines, reportFrom, type TestReport, unique } from './types.ts';

/**
 * pytest: `=== 1 failed, 3 passed, 1 skipped in 0.12s ===` (or without the rules in `-q`
 * mode), failing tests as `FAILED tests/test_dates.py::test_parse - AssertionError…`.
 * Errors count as failures; xfailed as skipped; xpassed as passed.
 */

const SUMMARY = /^=*\s*((?:\d+ \w+(?:, )?)+|no tests ran)\s+in\s+[\d.]+s\b.*?=*\s*$/;
const FAILED = /^(?:FAILED|ERROR)\s+(.+?)(?:\s+-\s+.*)?$/;

export function looksLikePytest(output: string): boolean {
  return /^=+ .*\b(passed|failed|error|errors|skipped|no tests ran)\b.* in [\d.]+s\b.*=+\s*$/m.test(
    output,
  );
}

export function parsePytest(output: string): TestReport {
  let counts: Record<string, number> | undefined;
  const failing: string[] = [];
  for (const line of plainLines(output)) {
    const summary = SUMMARY.exec(line);
    if (summary?.[1]) {
      counts = countWords(summary[1], {
        failed: ['failed', 'error', 'errors'],
        passed: ['passed', 'xpassed'],
        skipped: ['skipped', 'xfailed'],
      });
      continue;
    }
    const failed = FAILED.exec(line);
    if (failed?.[1]) failing.push(failed[1]);
  }
  return reportFrom(counts, unique(failing));
}
