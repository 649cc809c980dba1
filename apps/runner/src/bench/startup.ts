import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, timeCommand } from './measure.ts';

const CLI = join(import.meta.dirname, '../../bin/arcflow.mjs');

const SMALL_WORKFLOW = `name: small
narrative: "Five beats, enough to exercise the parser and the checks"
steps:
  - { id: lint, action: shell, with: { run: "true" } }
  - { id: test, action: shell, with: { run: "true" }, depends_on: [lint] }
  - { id: build, action: build, with: { command: "true" }, depends_on: [lint] }
  - { id: review, action: request-review, universe: ceremony, depends_on: [test, build] }
  - { id: ship, action: noop, universe: story, depends_on: [review] }
`;

/** How long the CLI takes to start, next to the floor of starting Node at all. */
export function benchStartup(): void {
  console.log('\nCLI start-up (median of 9 runs, wall time; floor: `node -e 0`)');
  console.log('  command                                ms   × floor   target');
  const dir = mkdtempSync(join(tmpdir(), 'arcflow-bench-startup-'));
  try {
    const workflow = join(dir, 'small.yaml');
    writeFileSync(workflow, SMALL_WORKFLOW);
    const node = process.execPath;
    const floor = timeCommand(node, ['-e', '0']);
    const rows: [string, number, string][] = [
      ['node -e 0', floor, ''],
      ['arcflow --version', timeCommand(node, [CLI, '--version']), '≤ 150 ms'],
      [
        'arcflow validate (5 steps)',
        timeCommand(node, [CLI, 'validate', workflow], { cwd: dir }),
        '≤ 400 ms',
      ],
    ];
    for (const [label, took, target] of rows) {
      console.log(`  ${label.padEnd(30)} ${fmt(took)} ${fmt(took / floor, 2)}x   ${target}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
