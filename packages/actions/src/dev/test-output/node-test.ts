import { parseTap } from './tap.ts';
import { TestTree } from './test-tree.ts';
import { plainLines, type TestReport, unique } from './types.ts';

/**
 * node:test, in either of its reporters: TAP (`# pass 3`, `# fail 1`, `# skipped 0`) or spec
 * (`✔ adds (1.2ms)`, `✖ fails (1.4ms)`, `ℹ pass 3`). Spec repeats failures after
 * `✖ failing tests:`; that recap is not counted twice.
 */

const SPEC_POINT = /^(\s*)([✔✖﹣])\s+(.+?)(?:\s+\([\d.]+m?s\))?(\s+#\s*(?:SKIP|TODO)\b.*)?$/;
const SPEC_SUMMARY = /^ℹ\s+(tests|pass|fail|skipped|todo|cancelled)\s+(\d+)\s*$/;

export function looksLikeNodeTest(output: string): boolean {
  return /^[#ℹ]\s+suites\s+\d+/m.test(output) || /^[#ℹ]\s+duration_ms\s/m.test(output);
}

export function parseNodeTest(output: string): TestReport {
  if (/^ℹ\s+(pass|fail)\s+\d+/m.test(output) || /^\s*[✔✖]\s/m.test(output)) {
    return parseSpec(output);
  }
  return parseTap(output);
}

function parseSpec(output: string): TestReport {
  const tree = new TestTree();
  const summary: Record<string, number> = {};
  for (const line of plainLines(output)) {
    if (/^✖ failing tests:/.test(line)) break;
    const total = SPEC_SUMMARY.exec(line);
    if (total?.[1] && total[2]) {
      summary[total[1]] = Number(total[2]);
      continue;
    }
    const point = SPEC_POINT.exec(line);
    if (!point?.[3]) continue;
    tree.add({
      depth: (point[1] ?? '').length,
      name: point[3].trim(),
      ok: point[2] !== '✖',
      skipped: point[2] === '﹣' || point[4] !== undefined,
    });
  }
  const failing = unique(tree.failing());
  if (summary.pass !== undefined || summary.fail !== undefined) {
    return {
      passed: summary.pass ?? 0,
      failed: summary.fail ?? 0,
      skipped: (summary.skipped ?? 0) + (summary.todo ?? 0),
      failing,
    };
  }
  if (tree.size === 0) return { passed: null, failed: null, skipped: null, failing };
  return { ...tree.counts(), failing };
}
