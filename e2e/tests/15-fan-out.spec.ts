import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Database, openDatabase } from '@arcflow/db';
import type { Locator } from '@playwright/test';
import { saveWorkflowYaml, scaleYaml, seedFinishedRun } from '../bench/scene.ts';
import { SCREENSHOTS_DIR, sharedLocalDatabase } from '../support/env.ts';
import { api, expect, runStatus, shot, test, workspaceDir } from '../support/fixtures.ts';
import { markerPath, writeWorkflow } from '../support/retell.ts';

// A matrix step on the run page: one collapsed node with its instances' counts, expanded on
// demand into one node per instance; the failed instance is retried from the group once the
// cause is fixed, and the run ends succeeded.

/** A screenshot of one part of the page (a large run's page is too long for one). */
async function shotOf(part: Locator, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await part.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });
}

test('a matrix group: collapsed with counts, expands into its instances, retries the failed one', async ({
  page,
}) => {
  const name = `fan-out-${Date.now().toString(36)}`;
  const fixed = markerPath(`${name}.fixed`);
  writeWorkflow(
    name,
    `name: ${name}
narrative: "The tests hold on every platform"
steps:
  - id: build
    action: shell
    universe: engineer
    beat: "The change is built"
    with: { run: "echo built" }
  - id: test
    action: shell
    universe: engineer
    depends_on: [build]
    beat: "The tests hold"
    matrix: { node: [20, 22], os: [linux, mac], exclude: [{ node: 20, os: mac }] }
    fail_fast: false
    with:
      run: 'test "\${{ matrix.node }}-\${{ matrix.os }}" != 22-mac || test -f ${fixed}'
  - id: report
    action: shell
    universe: story
    depends_on: [test]
    beat: "The team hears the tests hold"
    with: { run: "echo reported" }
`,
  );

  let runId = '';
  // A loaded machine can make the runner give up on starting a transaction: ask again.
  await expect(async () => {
    runId = (await api<{ id: string }>('mutation', 'runs.start', { workflow: name })).id;
  }).toPass({ timeout: 60_000 });
  await page.goto(`/runs/${runId}`);
  const heading = runStatus(page);
  await expect(heading.getByText('Failed', { exact: true })).toBeVisible({ timeout: 60_000 });

  // Collapsed by default: one node for the three instances, with their counts.
  const graph = page.getByRole('region', { name: 'Run graph' });
  const group = graph.getByTestId('dag-fan-test');
  await expect(group).toBeVisible();
  await expect(group).toHaveAttribute('data-expanded', 'false');
  await expect(group).toContainText('test · matrix');
  await expect(group).toContainText('3 instances');
  await expect(graph.getByTestId('dag-fan-counts-test')).toHaveText('2 ✓1 ✗');
  await expect(graph.locator('[data-testid^="dag-node-test["]')).toHaveCount(0);
  await expect(graph.getByTestId('dag-node-build')).toBeVisible();
  await expect(graph.getByTestId('dag-node-report')).toBeVisible();
  await shot(page, '15-matrix-collapsed');

  // So does the list of beats: the step's row counts its instances until it is expanded.
  const beats = page.getByTestId('run-steps');
  await expect(beats.getByTestId('step-test')).toContainText('3 instances:');
  await expect(beats.getByTestId('step-test')).toContainText('test broke on 1 of 3 instances');
  await expect(beats.locator('[data-testid^="step-test["]')).toHaveCount(0);
  await beats.getByRole('button', { name: "Expand test's instances" }).click();
  await expect(beats.locator('[data-testid^="step-test["]')).toHaveCount(3);
  await expect(beats.getByTestId('step-test[22,mac]')).toContainText('node 22, os mac');
  await shotOf(beats, '15-beats-expanded');
  await beats.getByRole('button', { name: "Collapse test's instances" }).click();
  await expect(beats.locator('[data-testid^="step-test["]')).toHaveCount(0);

  // The timeline folds the instances into one row too, expanded on demand.
  const gantt = page.getByTestId('gantt');
  const fanRow = gantt.getByTestId('gantt-fan-test');
  await expect(fanRow).toHaveAttribute('data-expanded', 'false');
  await expect(fanRow).toContainText('2 ✓');
  await expect(fanRow).toContainText('1 ✗');
  await expect(gantt.locator('[data-testid^="gantt-row-test["]')).toHaveCount(0);
  await fanRow.getByRole('button', { name: "Expand test's instances" }).click();
  await expect(gantt.locator('[data-testid^="gantt-row-test["]')).toHaveCount(3);
  await expect(gantt.getByTestId('gantt-row-test[22,mac]')).toContainText('node 22, os mac');
  await shotOf(gantt, '15-gantt-expanded');
  await fanRow.getByRole('button', { name: "Collapse test's instances" }).click();
  await expect(gantt.locator('[data-testid^="gantt-row-test["]')).toHaveCount(0);

  // Expanded: each instance with its label and status; the group stays as their join.
  await group.getByRole('button', { name: "Expand test's instances" }).click();
  await expect(group).toHaveAttribute('data-expanded', 'true');
  const instances = graph.locator('[data-testid^="dag-node-test["]');
  await expect(instances).toHaveCount(3);
  await expect(graph.getByTestId('dag-node-test[20,linux]')).toContainText('node 20, os linux');
  await expect(graph.getByTestId('dag-node-test[22,linux]')).toContainText('succeeded');
  const failed = graph.getByTestId('dag-node-test[22,mac]');
  await expect(failed).toContainText('node 22, os mac');
  await expect(failed).toContainText('failed');
  await shot(page, '15-matrix-expanded');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shotOf(graph, '15-matrix-expanded-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // An instance's own menu offers to retry it; the group's menu retries the failed instances.
  await failed.click();
  const menu = page.getByTestId('node-menu');
  await expect(menu.getByRole('menuitem').first()).toHaveText('Retry this instance');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();

  await group.getByRole('button', { name: "Collapse test's instances" }).click();
  await expect(instances).toHaveCount(0);
  await expect(group).toHaveAttribute('data-expanded', 'false');

  writeFileSync(join(workspaceDir(), fixed), 'fixed\n');
  await group.click();
  await menu.getByRole('menuitem', { name: 'Retry failed instances' }).click();
  const dialog = page.getByTestId('retell-dialog');
  await expect(
    dialog.getByRole('heading', {
      name: `Retry the failed instances of "test" and what follows in run ${runId}`,
    }),
  ).toBeVisible();
  const plan = dialog.getByTestId('retell-run');
  await expect(plan).toContainText('test[22,mac]');
  await expect(plan).not.toContainText('test[20,linux]');
  await shot(page, '15-retry-failed-instances');
  await dialog.getByRole('button', { name: /^Retry: run \d+ steps?$/ }).click();
  await expect(dialog).toBeHidden();

  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(graph.getByTestId('dag-fan-counts-test')).toHaveText('3 ✓');
  await expect(graph.getByTestId('dag-node-report')).toContainText('succeeded');
  await shot(page, '15-matrix-retried');
});

test('a 5,000-step run with a matrix: the group sits inside the large-graph grouping; search finds an instance', async ({
  page,
}) => {
  test.setTimeout(180_000);
  let db: Database | undefined;
  try {
    db = await openDatabase({ databaseUrl: sharedLocalDatabase(), workspaceDir: workspaceDir() });
    const name = `fan-out-5000-${Date.now().toString(36)}`;
    // 4,994 chained steps, then a 2×3 matrix after the first of them and a step after it.
    const yaml = `${scaleYaml(name, 4_994)}  - id: test
    action: noop
    universe: engineer
    depends_on: [step-00001]
    beat: "The tests hold"
    matrix: { node: [20, 22], os: [linux, mac, windows] }
  - id: report
    action: noop
    universe: story
    depends_on: [test]
`;
    await saveWorkflowYaml(name, yaml);
    const runId = await seedFinishedRun(db, name);
    await page.goto(`/runs/${runId}`);
    const graph = page.getByRole('region', { name: 'Run graph' });
    await expect(graph.locator('[data-testid^="dag-group-"]').first()).toBeVisible({
      timeout: 60_000,
    });
    await expect(graph.getByTestId('dag-fan-test')).toHaveCount(0);
    await shotOf(graph, '15-run-5000-groups');

    // Search finds an instance: its layer groups and its fan-out group open around it.
    await graph.getByRole('combobox', { name: 'Find a step in the graph' }).fill('test[22,w');
    await graph.getByRole('option', { name: 'test[22,windows]' }).click();
    const found = graph.getByTestId('dag-node-test[22,windows]');
    await expect(found).toBeVisible({ timeout: 30_000 });
    await expect(found).toHaveAttribute('data-found', 'true');
    await expect(found).toContainText('node 22, os windows');
    await shotOf(graph, '15-run-5000-found-instance');
    // The group around it is open: its join is drawn as itself, below the instances.
    await graph.getByRole('combobox', { name: 'Find a step in the graph' }).fill('test');
    await graph.getByRole('option', { name: 'test', exact: true }).click();
    await expect(graph.getByTestId('dag-fan-test')).toHaveAttribute('data-expanded', 'true');
    await shotOf(graph, '15-run-5000-group-expanded');

    // Collapsed again, the group is one node among the layer's steps, with its counts.
    await graph.getByRole('button', { name: "Collapse test's instances" }).click();
    await expect(graph.getByTestId('dag-fan-test')).toHaveAttribute('data-expanded', 'false');
    await expect(graph.getByTestId('dag-fan-counts-test')).toHaveText('6 ✓');
    await expect(graph.locator('[data-testid^="dag-node-test["]')).toHaveCount(0);
    await shotOf(graph, '15-run-5000-group-collapsed');
  } finally {
    await db?.close();
  }
});
