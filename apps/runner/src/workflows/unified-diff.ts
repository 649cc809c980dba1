/** One line of a comparison: kept (` `), removed (`-`) or added (`+`). */
interface DiffLine {
  kind: ' ' | '-' | '+';
  text: string;
}

const CONTEXT = 3;

function lines(text: string): string[] {
  if (text === '') return [];
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all;
}

/** The line-by-line edit from `a` to `b` (longest common subsequence; workflows are small). */
function diffLines(a: string[], b: string[]): DiffLine[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  // lcs[i][j]: the longest common subsequence of a[start+i..endA) and b[start+j..endB).
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        a[start + i] === b[start + j]
          ? lcs[i + 1]![j + 1]! + 1
          : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = a.slice(0, start).map((text) => ({ kind: ' ', text }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      out.push({ kind: ' ', text: a[start + i]! });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // removals before additions, as diff -u prints them
      out.push({ kind: '-', text: a[start + i]! });
      i++;
    } else {
      out.push({ kind: '+', text: b[start + j]! });
      j++;
    }
  }
  for (const text of a.slice(endA)) out.push({ kind: ' ', text });
  return out;
}

/**
 * A unified diff (`---`/`+++` headers, `@@` hunks with three lines of context) from `a` to
 * `b`; the empty string when their lines are the same.
 */
export function unifiedDiff(a: string, b: string, labelA: string, labelB: string): string {
  const edits = diffLines(lines(a), lines(b));
  const changed = edits.flatMap((line, index) => (line.kind === ' ' ? [] : [index]));
  if (changed.length === 0) return '';
  // Hunks: runs of changes whose context windows touch or overlap.
  const ranges: Array<[number, number]> = [];
  for (const index of changed) {
    const from = Math.max(0, index - CONTEXT);
    const to = Math.min(edits.length, index + CONTEXT + 1);
    const last = ranges.at(-1);
    if (last && from <= last[1]) last[1] = to;
    else ranges.push([from, to]);
  }
  // Line numbers (1-based) in a and b where each edit index starts.
  const lineA: number[] = [];
  const lineB: number[] = [];
  let la = 1;
  let lb = 1;
  for (const edit of edits) {
    lineA.push(la);
    lineB.push(lb);
    if (edit.kind !== '+') la++;
    if (edit.kind !== '-') lb++;
  }
  const out = [`--- ${labelA}`, `+++ ${labelB}`];
  for (const [from, to] of ranges) {
    const hunk = edits.slice(from, to);
    const countA = hunk.filter((e) => e.kind !== '+').length;
    const countB = hunk.filter((e) => e.kind !== '-').length;
    // An empty side is numbered by the line before it, as diff -u does.
    const startA = countA === 0 ? lineA[from]! - 1 : lineA[from]!;
    const startB = countB === 0 ? lineB[from]! - 1 : lineB[from]!;
    out.push(`@@ -${startA},${countA} +${startB},${countB} @@`);
    for (const edit of hunk) out.push(`${edit.kind}${edit.text}`);
  }
  return `${out.join('\n')}\n`;
}
