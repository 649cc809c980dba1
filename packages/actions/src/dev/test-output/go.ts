import { plainLines, type TestReport, unique } from './types.ts';

/**
 * `go test`: per-test lines `--- FAIL: TestX (0.00s)` (`--- PASS`/`--- SKIP` with `-v`) and per
 * package lines `ok  	pkg	0.01s`, `FAIL	pkg	0.01s`. With `-v` (`=== RUN` lines) the counts
 * are tests; without it go prints only failing tests, so `passed` counts the packages that
 * passed. A package that fails without a failing test (a build error) counts as one failure.
 * Subtests (`TestX/case`) stand for their parent.
 */

const RESULT = /^\s*--- (PASS|FAIL|SKIP): (\S+)/;
const PACKAGE_OK = /^ok\s+(\S+)/;
const PACKAGE_FAIL = /^FAIL\s+(\S+)/;

export function looksLikeGo(output: string): boolean {
  return (
    /^\s*--- (FAIL|PASS|SKIP): /m.test(output) ||
    /^(ok|FAIL)\s+\S+\s+(\(cached\)|[\d.]+s|\[)/m.test(output)
  );
}

export function parseGo(output: string): TestReport {
  const results: Array<{ status: string; name: string }> = [];
  const packagesOk: string[] = [];
  const packagesFailed: Array<{ name: string; failedTests: number }> = [];
  let failedSincePackage = 0;
  let verbose = false;
  for (const line of plainLines(output)) {
    if (/^=== RUN\s/.test(line)) verbose = true;
    const result = RESULT.exec(line);
    if (result?.[1] && result[2]) {
      results.push({ status: result[1], name: result[2] });
      if (result[1] === 'FAIL') failedSincePackage++;
      continue;
    }
    const ok = PACKAGE_OK.exec(line);
    if (ok?.[1]) {
      packagesOk.push(ok[1]);
      failedSincePackage = 0;
      continue;
    }
    const fail = PACKAGE_FAIL.exec(line);
    if (fail?.[1]) {
      packagesFailed.push({ name: fail[1], failedTests: failedSincePackage });
      failedSincePackage = 0;
    }
  }
  if (results.length === 0 && packagesOk.length === 0 && packagesFailed.length === 0) {
    return { passed: null, failed: null, skipped: null, failing: [] };
  }
  // A test with subtests reports after them in name only: keep the leaves.
  const leaves = results.filter((r) => !results.some((o) => o.name.startsWith(`${r.name}/`)));
  const failingTests = leaves.filter((r) => r.status === 'FAIL').map((r) => r.name);
  const brokenPackages = packagesFailed.filter((p) => p.failedTests === 0).map((p) => p.name);
  const failing = unique([...failingTests, ...brokenPackages]);
  return {
    passed: verbose ? leaves.filter((r) => r.status === 'PASS').length : packagesOk.length,
    failed: failing.length,
    skipped: leaves.filter((r) => r.status === 'SKIP').length,
    failing,
  };
}
