import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { SCREENSHOTS_DIR } from '../support/env.ts';
import { api, expect, shot, test, workspaceDir } from '../support/fixtures.ts';

// The DAG at scale: a 5,000-step workflow in the editor is a readable summary of groups, with
// search and expand; a failed run's graph narrows to the path that led to its tension point.

/**
 * `total` steps: a chain setup → fetch → compile → tension (which fails), a story step beside
 * it, then layers of noop steps `l<layer>-<k>` in three universes, after the tension point or,
 * with `afterGate`, after a review that waits for a person (so that running it leaves them
 * pending instead of skipping them all when the tension point fails).
 */
function bigArc(name: string, total: number, { afterGate = false, width = 50 } = {}): string {
  const lines = [`name: ${name}`, `narrative: "A ${total}-step arc that breaks early"`, 'steps:'];
  const chain = ['setup', 'fetch', 'compile', 'tension'];
  chain.forEach((id, i) => {
    lines.push(`  - id: ${id}`, `    action: ${id === 'tension' ? 'shell' : 'noop'}`);
    lines.push('    universe: engineer');
    if (id === 'tension') lines.push('    with: { run: "exit 1" }');
    if (i > 0) lines.push(`    depends_on: [${chain[i - 1]}]`);
  });
  lines.push('  - id: aside', '    action: noop', '    universe: story');
  if (afterGate) {
    lines.push('  - id: gate', '    action: request-review', '    universe: ceremony');
    lines.push('    with: { prompt: "Go on?" }');
  }
  const first = afterGate ? 'gate' : 'tension';
  const universeOf = (k: number) => (k % 10 < 7 ? 'engineer' : k % 10 < 9 ? 'story' : 'ceremony');
  for (let i = 0; i < total - chain.length - (afterGate ? 2 : 1); i++) {
    const layer = Math.floor(i / width);
    const k = i % width;
    const deps = layer === 0 ? [first] : [`l${layer - 1}-${k}`, `l${layer - 1}-${(k + 1) % width}`];
    lines.push(`  - id: l${layer}-${k}`, '    action: noop', `    universe: ${universeOf(k)}`);
    lines.push(`    depends_on: [${deps.join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** A screenshot of one part of the page: a run page with hundreds of steps is too long for one. */
async function shotOf(part: Locator, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await part.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });
}

function writeWorkflow(name: string, yaml: string): void {
  const dir = join(workspaceDir(), '.mia', 'workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.yaml`), yaml);
}

test('the editor draws 5,000 steps as groups; search jumps to a step, a group expands', async ({
  page,
}) => {
  writeWorkflow('dag-5000', bigArc('dag-5000', 5000));
  await page.goto('/workflows/dag-5000');
  const dag = page.getByRole('complementary', { name: 'Workflow graph' });
  // Reading and checking 5,000 steps' YAML takes a while on a loaded machine.
  await expect(dag.getByText('5000 beats')).toBeVisible({ timeout: 90_000 });

  // A summary: one group per universe, readable at the zoom it opens with.
  const engineer = dag.getByTestId('dag-group-group:engineer');
  await expect(engineer).toBeVisible({ timeout: 30_000 });
  await expect(engineer).toContainText('3,502 beats');
  await expect(dag.getByTestId('dag-group-group:story')).toBeVisible();
  await expect(dag.locator('.react-flow__node')).toHaveCount(3);
  await shot(page, '14-editor-5000-groups');

  // Search: suggestions, then the step drawn, centred and marked.
  await dag.getByRole('combobox', { name: 'Find a step in the graph' }).fill('l73-4');
  await dag.getByRole('option', { name: 'l73-42' }).click();
  const found = dag.getByTestId('dag-node-l73-42');
  await expect(found).toBeVisible();
  await expect(found).toHaveAttribute('data-found', 'true');
  await shot(page, '14-editor-5000-found');

  // A group expands into its layer groups.
  await dag.getByRole('button', { name: 'Collapse all' }).click();
  await expect(dag.locator('.react-flow__node')).toHaveCount(3);
  await dag.getByTestId('dag-group-group:story').click();
  await expect(dag.locator('[data-testid^="dag-group-group:story/"]').first()).toBeVisible();
  await expect(dag.getByTestId('dag-group-group:story')).toHaveCount(0);
  await shot(page, '14-editor-5000-expanded');
});

test('a failed run: "Focus the failing path" leaves only the tension point and its ancestors', async ({
  page,
}) => {
  // Large enough to be grouped; a larger run only takes longer to set up.
  writeWorkflow('dag-run', bigArc('dag-run', 400, { afterGate: true }));
  let runId = '';
  // A loaded machine can make the runner give up on starting a transaction: ask again.
  await expect(async () => {
    runId = (await api<{ id: string }>('mutation', 'runs.start', { workflow: 'dag-run' })).id;
  }).toPass({ timeout: 60_000 });
  await page.goto(`/runs/${runId}`);
  const graph = page.getByRole('region', { name: 'Run graph' });
  await expect(graph.locator('[data-testid^="dag-group-"]').first()).toBeVisible({
    timeout: 45_000,
  });
  // Offered once a step has failed (the tension step fails at once; a loaded machine is slow).
  const focus = graph.getByRole('button', { name: 'Focus the failing path' });
  await expect(focus).toBeVisible({ timeout: 60_000 });
  await shotOf(graph, '14-run-groups');

  await focus.click();
  const nodes = graph.locator('.react-flow__node');
  await expect(nodes).toHaveCount(4);
  for (const id of ['setup', 'fetch', 'compile', 'tension']) {
    await expect(graph.getByTestId(`dag-node-${id}`)).toBeVisible();
  }
  await expect(graph.getByTestId('dag-node-tension')).toContainText('failed');
  await shotOf(graph, '14-run-failing-path');

  await graph.getByRole('button', { name: 'Show the whole graph' }).click();
  await expect(graph.locator('[data-testid^="dag-group-"]').first()).toBeVisible();
});
