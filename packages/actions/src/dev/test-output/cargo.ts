import { plainLines, type TestReport, unique } from './types.ts';

/**
 * `cargo test`: one `test result: FAILED. 3 passed; 1 failed; 0 ignored; …` per test binary
 * (summed), failing tests as `test tests::name ... FAILED` and `---- tests::name stdout ----`.
 * Ignored tests count as skipped.
 */

const SUMMARY = /^test result: \w+\.\s+(\d+) passed; (\d+) failed; (\d+) ignored/;
const FAILED = /^test (\S+) \.\.\. FAILED\s*$/;
const STDOUT = /^---- (\S+) stdout ----\s*$/;

export function looksLikeCargo(output: string): boolean {
  return /^test result: (ok|FAILED)\./m.test(output);
}

export function parseCargo(output: string): TestReport {
  let totals: { passed: number; failed: number; skipped: number } | undefined;
  const failing: string[] = [];
  for (const line of plainLines(output)) {
    const summary = SUMMARY.exec(line);
    if (summary) {
      totals ??= { passed: 0, failed: 0, skipped: 0 };
      totals.passed += Number(summary[1]);
      totals.failed += Number(summary[2]);
      totals.skipped += Number(summary[3]);
      continue;
    }
    const name = FAILED.exec(line)?.[1] ?? STDOUT.exec(line)?.[1];
    if (name) failing.push(name);
  }
  if (!totals) return { passed: null, failed: null, skipped: null, failing: unique(failing) };
  return { ...totals, failing: unique(failing) };
}
