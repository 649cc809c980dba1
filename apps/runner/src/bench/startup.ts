import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeCommand } from './measure.ts';
import { ms, type Row } from './table.ts';

export const CLI = join(import.meta.dirname, '../../bin/arcflow.mjs');

const SMALL_WORKFLOW = `name: small
narrative: "Five beats, enough to exercise the parser and the checks"
steps:
  - { id: lint, action: shell, with: { run: "true" } }
  - { id: test, action: shell, with: { run: "true" }, depends_on: [lint] }
  - { id: build, action: build, with: { command: "true" }, depends_on: [lint] }
  - { id: review, action: request-review, universe: ceremony, depends_on: [test, build] }
  - { id: ship, action: noop, universe: story, depends_on: [review] }
`;

/** How long the CLI takes to start (median of 9), next to the floor of starting Node at all. */
export function benchStartup(): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'arcflow-bench-startup-'));
  try {
    const workflow = join(dir, 'small.yaml');
    writeFileSync(workflow, SMALL_WORKFLOW);
    const node = process.execPath;
    const floor = timeCommand(node, ['-e', '0']);
    const row = (measure: string, took: number, goal: string): Row => ({
      measure,
      floor: `node -e 0 ${ms(floor, 0)}`,
      arcflow: ms(took, 0),
      ratio: took / floor,
      goal,
    });
    return [
      row('arcflow --version', timeCommand(node, [CLI, '--version']), '≤ 150 ms'),
      row(
        'arcflow validate (5 steps)',
        timeCommand(node, [CLI, 'validate', workflow], { cwd: dir }),
        '≤ 400 ms',
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
