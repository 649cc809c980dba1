import {
  countJestStyleTally,
  plainLines,
  reportFrom,
  type TestReport,
  unique,
  withoutDuration,
} from './types.ts';

/**
 * Jest: `Tests:       1 failed, 3 passed, 4 total`, failing tests as `● Suite › test`
 * (or `✕ test (3 ms)` in the verbose tree), named `Suite > test` as the other runners' are.
 */

const SUMMARY = /^\s*Tests:\s+(.*)$/;
const BULLET = /^\s*●\s+(.+)$/;
const CROSS = /^\s*[✕×✗]\s+(.+)$/;
const FAIL_FILE = /^\s*FAIL\s+(\S+)/;

export function looksLikeJest(output: string): boolean {
  return /^\s*Tests:\s+\d+ /m.test(output);
}

export function parseJest(output: string): TestReport {
  let counts: Record<string, number> | undefined;
  const bullets: string[] = [];
  const crosses: string[] = [];
  let currentFile: string | undefined;
  for (const line of plainLines(output)) {
    const summary = SUMMARY.exec(line);
    if (summary?.[1]) {
      counts = countJestStyleTally(summary[1]);
      continue;
    }
    const file = FAIL_FILE.exec(line);
    if (file?.[1]) currentFile = file[1];
    const bullet = BULLET.exec(line);
    if (bullet?.[1]) {
      const name = bullet[1].trim().replaceAll(' › ', ' > ');
      if (name === 'Console') continue;
      // A file that could not even load: name the file.
      if (name === 'Test suite failed to run') bullets.push(currentFile ?? name);
      else bullets.push(name);
      continue;
    }
    const cross = CROSS.exec(line);
    if (cross?.[1]) crosses.push(withoutDuration(cross[1]));
  }
  const failing = unique(bullets.length > 0 ? bullets : crosses);
  return reportFrom(counts, failing);
}
