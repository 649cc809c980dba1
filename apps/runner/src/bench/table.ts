/**
 * One line of the benchmark's table: what was measured, the floor it is read against (from
 * the same run), Arcflow's figure and the goal. Figures carry their unit in the text.
 */
export interface Row {
  measure: string;
  floor: string;
  arcflow: string;
  /** Arcflow over the floor, e.g. 2.4 for "2.40x"; undefined when there is no floor. */
  ratio?: number;
  goal: string;
}

const COLUMNS = ['measure', 'floor', 'Arcflow', 'ratio', 'goal'] as const;

/** Prints rows as a compact Markdown table, ready to paste into docs/performance.md. */
export function printTable(title: string, rows: readonly Row[]): void {
  const cells = rows.map((row) => [
    row.measure,
    row.floor,
    row.arcflow,
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}x`,
    row.goal,
  ]);
  const widths = COLUMNS.map((name, c) =>
    Math.max(name.length, ...cells.map((line) => line[c]!.length)),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((value, c) => value.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(COLUMNS));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const values of cells) console.log(line(values));
}

export const ms = (value: number, digits = 1) => `${value.toFixed(digits)} ms`;
export const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
