import { plainLines, reportFrom, type TestReport, unique } from './types.ts';

/**
 * Mocha's spec reporter: a tally `3 passing (10ms)`, `1 pending`, `2 failing`, then each
 * failure numbered with its title path one part a line, the test's own ending in a colon:
 *
 *   1) parser
 *        nested
 *          rejects garbage:
 */

const TALLY = /^\s*(\d+) (passing|pending|failing)\b/;
const PASSING_LINE = /^\s*\d+ passing \([\d.]+\s?[a-z]+\)\s*$/;
const FAILURE = /^\s{2}\d+\) (.+)$/;
/** Title parts of one failure: at most this many lines before the one ending in a colon. */
const MAX_DEPTH = 12;

export function looksLikeMocha(output: string): boolean {
  return plainLines(output).some((line) => PASSING_LINE.test(line));
}

export function parseMocha(output: string): TestReport {
  const lines = plainLines(output);
  let counts: Record<string, number> | undefined;
  let recapFrom = lines.length;
  lines.forEach((line, i) => {
    const tally = TALLY.exec(line);
    // The tally starts at `N passing (…ms)`; lines before it are the tests' own output.
    if (!tally?.[1] || (counts === undefined && !PASSING_LINE.test(line))) return;
    counts ??= {};
    const key = tally[2] === 'passing' ? 'passed' : tally[2] === 'pending' ? 'skipped' : 'failed';
    counts[key] = Number(tally[1]);
    if (key === 'failed') recapFrom = i + 1;
  });
  return reportFrom(counts, unique(failures(lines.slice(recapFrom))));
}

/** The recap after `2 failing`: `parser > nested > rejects garbage` for each numbered failure. */
function failures(recap: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < recap.length; i++) {
    const first = FAILURE.exec(recap[i] ?? '');
    if (!first?.[1]) continue;
    const parts = [first[1].trim()];
    for (let j = i + 1; !parts.at(-1)?.endsWith(':') && j < recap.length; j++) {
      const part = recap[j]?.trim();
      if (!part || parts.length >= MAX_DEPTH) break;
      parts.push(part);
    }
    names.push(parts.join(' > ').replace(/:$/, ''));
  }
  return names;
}
