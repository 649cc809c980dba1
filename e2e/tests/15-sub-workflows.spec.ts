import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, expect, runStatus, shot, test, workspaceDir } from '../support/fixtures.ts';

const CHILD = `
name: e2e-release
narrative: "A version is cut and published"
inputs:
  version: { type: string }
steps:
  - id: cut
    action: shell
    beat: "The version is cut"
    with: { run: "echo cutting \${{ inputs.version }}" }
  - id: publish
    action: shell
    depends_on: [cut]
    beat: "The version is published"
    with: { run: "sleep 1; echo published" }
outputs:
  version: "v\${{ inputs.version }}"
`;

const PARENT = `
name: e2e-delivery
narrative: "A feature is delivered through the release arc"
steps:
  - id: build
    action: shell
    with: { run: "echo built" }
  - id: release
    uses: e2e-release
    depends_on: [build]
    with: { version: "3.1" }
  - id: announce
    action: shell
    depends_on: [release]
    with: { run: "echo 'shipped \${{ steps.release.outputs.version }}'" }
`;

test('a uses: step is a nested arc: its child run opens under it, linked both ways', async ({
  page,
}) => {
  const dir = join(workspaceDir(), '.mia', 'workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'e2e-release.yaml'), CHILD);
  writeFileSync(join(dir, 'e2e-delivery.yaml'), PARENT);
  let run = { id: '' };
  // A loaded machine can make the runner give up on starting a transaction: ask again.
  await expect(async () => {
    run = await api<{ id: string }>('mutation', 'runs.start', { workflow: 'e2e-delivery' });
  }).toPass({ timeout: 60_000 });

  await page.goto(`/runs/${run.id}`);
  await expect(runStatus(page).getByText('Succeeded', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  // The DAG names the workflow the step uses.
  await expect(page.getByTestId('dag-uses-release')).toHaveText('⤷ uses e2e-release');

  // The nested arc: opened, it shows the child's graph, timeline and story.
  const arc = page.getByTestId('nested-arc-release');
  await expect(arc.getByText('Succeeded', { exact: true })).toBeVisible();
  await arc.locator('summary').click();
  await expect(arc.getByTestId('dag-node-cut')).toBeVisible();
  await expect(arc.getByTestId('dag-node-publish')).toContainText('succeeded');
  await expect(arc.getByTestId('child-bar-publish')).toBeVisible();
  await expect(arc.getByTestId('child-story')).toContainText('The version is published');
  await shot(page, '15-nested-arc');

  // The child run's page links back to its parent.
  await arc.getByTestId('child-run-release').click();
  await expect(page.getByTestId('parent-run')).toContainText(run.id);
  await expect(runStatus(page)).toContainText('e2e-release');
  await shot(page, '15-child-run');
});
