import {
  countJestStyleTally,
  plainLines,
  reportFrom,
  type TestReport,
  unique,
  withoutDuration,
} from './types.ts';

/**
 * Vitest: `Tests  2 failed | 10 passed | 1 skipped (13)`, failing tests as
 * `FAIL  src/parser.test.ts > parser > parses dates` (or `× parser > parses dates 3ms`).
 */

const SUMMARY = /^\s*Tests\s{1,}(\d+ (?:failed|passed|skipped|todo).*)$/;
const FAIL_LINE = /^\s*FAIL\s+(.+)$/;
const CROSS_LINE = /^\s*[×✗✕]\s+(.+)$/;

export function looksLikeVitest(output: string): boolean {
  return /^\s*Test Files\s+\d+ /m.test(output) && /^\s*Tests\s+\d+ /m.test(output);
}

export function parseVitest(output: string): TestReport {
  const lines = plainLines(output);
  let counts: Record<string, number> | undefined;
  const fails: string[] = [];
  const crosses: string[] = [];
  for (const line of lines) {
    const summary = SUMMARY.exec(line);
    if (summary?.[1]) {
      counts = countJestStyleTally(summary[1]);
      continue;
    }
    const fail = FAIL_LINE.exec(line);
    if (fail?.[1]) {
      fails.push(failName(fail[1]));
      continue;
    }
    const cross = CROSS_LINE.exec(line);
    if (cross?.[1]) crosses.push(withoutDuration(cross[1]));
  }
  const failing = unique(fails.length > 0 ? fails : crosses);
  return reportFrom(counts, failing);
}

/** `|project| src/a.test.ts > suite > test` -> `suite > test`; a file alone stays the file. */
function failName(text: string): string {
  const cleaned = text
    .replace(/^\|[^|]*\|\s*/, '')
    .replace(/\s*\[[^\]]*\]\s*$/, '')
    .trim();
  const parts = cleaned.split(' > ');
  const [first, ...rest] = parts;
  if (first !== undefined && rest.length > 0 && isFile(first)) return rest.join(' > ');
  return withoutDuration(cleaned);
}

function isFile(text: string): boolean {
  return /[/\\]/.test(text) || /\.[cm]?[jt]sx?$/.test(text);
}
