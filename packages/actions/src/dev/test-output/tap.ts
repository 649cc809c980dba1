import { TestTree } from './test-tree.ts';
import { plainLines, type TestReport, unique } from './types.ts';

/**
 * TAP (tape, node-tap, `node --test` on Node 20 without a terminal): `ok 1 - name`,
 * `not ok 2 - name`, `# SKIP`/`# TODO` directives, and summary comments `# pass 3`, `# fail 1`.
 */

const POINT = /^(\s*)(not )?ok\b(?:\s+\d+)?(?:\s*-)?\s*(.*)$/;
const DIRECTIVE = /\s*#\s*(SKIP|TODO)\b.*$/i;
const SUMMARY = /^#\s*(pass|fail|skip|skipped|todo|tests)\s+(\d+)\s*$/;

/**
 * A `TAP version` header, or a plan (`1..3`) with test points: a lone `ok 1 - …` line is
 * as likely a test's own log line as TAP.
 */
export function looksLikeTap(output: string): boolean {
  return (
    /^TAP version \d+/m.test(output) ||
    (/^\s*1\.\.\d+\s*$/m.test(output) && /^\s*(not )?ok \d+\b/m.test(output))
  );
}

export function parseTap(output: string): TestReport {
  const tree = new TestTree();
  const summary: Record<string, number> = {};
  for (const line of plainLines(output)) {
    const comment = SUMMARY.exec(line);
    if (comment?.[1] && comment[2]) {
      summary[comment[1]] = (summary[comment[1]] ?? 0) + Number(comment[2]);
      continue;
    }
    const point = POINT.exec(line);
    if (!point) continue;
    const title = point[3] ?? '';
    const directive = DIRECTIVE.exec(title);
    tree.add({
      depth: (point[1] ?? '').length,
      name: title.replace(DIRECTIVE, '').trim(),
      ok: point[2] === undefined,
      skipped: directive !== null,
    });
  }
  const failing = unique(tree.failing());
  const hasSummary = summary.pass !== undefined || summary.fail !== undefined;
  if (hasSummary) {
    return {
      passed: summary.pass ?? 0,
      failed: summary.fail ?? 0,
      skipped: (summary.skip ?? 0) + (summary.skipped ?? 0) + (summary.todo ?? 0),
      failing,
    };
  }
  // Without a plan or header, `ok 1 - …` lines are as likely a program's own log: no count.
  if (tree.size === 0 || !looksLikeTap(output)) {
    return { passed: null, failed: null, skipped: null, failing };
  }
  return { ...tree.counts(), failing };
}
