export { TEST_RUNNERS, type TestRunner } from '@arcflow/engine';

/** What a test run's output says: counts (null when no summary was found) and failing tests. */
export interface TestReport {
  passed: number | null;
  failed: number | null;
  skipped: number | null;
  /** The failing tests by name, in the order they were reported, without duplicates. */
  failing: string[];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** The output's lines without colours and carriage returns. */
export function plainLines(output: string): string[] {
  return output
    .replace(ANSI, '')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''));
}

/** Adds the number before each word of `words` found in `text` ("2 failed | 10 passed"). */
export function countWords(text: string, words: Record<string, readonly string[]>) {
  const counts: Record<string, number> = {};
  for (const [key, names] of Object.entries(words)) {
    for (const name of names) {
      for (const match of text.matchAll(new RegExp(`(\\d+) ${name}\\b`, 'g'))) {
        counts[key] = (counts[key] ?? 0) + Number(match[1]);
      }
    }
  }
  return counts;
}

/** The counts of a jest or vitest summary line ("2 failed | 10 passed | 1 todo"). */
export function countJestStyleTally(text: string): Record<string, number> {
  return countWords(text, {
    failed: ['failed'],
    passed: ['passed'],
    skipped: ['skipped', 'todo'],
  });
}

/** The unique, non-empty names, in first-seen order. */
export function unique(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))];
}

/** Strips a trailing duration such as ` 3ms`, ` (1.2 ms)`, ` (0.00s)`. */
export function withoutDuration(name: string): string {
  return name.replace(/\s+\(?\d+(\.\d+)?\s?(ms|s)\)?\s*$/, '').trim();
}

/** A report from a summary's counts (none found: null counts) and the failing tests. */
export function reportFrom(
  counts: Record<string, number> | undefined,
  failing: string[],
): TestReport {
  if (!counts) return { passed: null, failed: null, skipped: null, failing };
  return {
    passed: counts.passed ?? 0,
    failed: counts.failed ?? 0,
    skipped: counts.skipped ?? 0,
    failing,
  };
}
