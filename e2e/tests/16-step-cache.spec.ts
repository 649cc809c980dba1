import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, runStatus, shot, story, test, workspaceDir } from '../support/fixtures.ts';

const CACHED_ARC = `name: cached-arc
narrative: "A build that is told once while nothing it reads changes"
steps:
  - id: compile
    action: shell
    universe: engineer
    beat: "The sources are compiled"
    cache: { inputs: ["cached-src/**"] }
    with:
      run: |
        echo compiled >> cached-arc-executions.log
        echo "size=$(wc -c < cached-src/main.txt)" >> "$ARCFLOW_OUTPUT"
`;

async function startRun(page: import('@playwright/test').Page, useCache: boolean, name: string) {
  const dialog = page.getByTestId('run-dialog');
  const box = dialog.getByRole('checkbox', { name: 'Use the step cache' });
  // A loaded machine can keep the runner from answering the page, or the Run button's read of
  // the workflow, at once: load the page and click again.
  await expect(async () => {
    await page.goto('/workflows/cached-arc');
    await page.getByTestId('run-cached-arc').click({ timeout: 10_000 });
    await expect(box).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 90_000 });
  await expect(box).toBeChecked(); // ticked by default
  if (!useCache) await box.uncheck();
  await shot(page, name);
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/, { timeout: 60_000 });
  await expect(runStatus(page).getByText('Succeeded', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  return page.url().split('/').at(-1) as string;
}

test('the run form offers the step cache; unticked the step runs, ticked it is told from the cache', async ({
  page,
}) => {
  const dir = workspaceDir();
  mkdirSync(join(dir, '.mia', 'workflows'), { recursive: true });
  writeFileSync(join(dir, '.mia', 'workflows', 'cached-arc.yaml'), CACHED_ARC);
  mkdirSync(join(dir, 'cached-src'), { recursive: true });
  writeFileSync(join(dir, 'cached-src', 'main.txt'), `built at ${Date.now()}\n`);

  const first = await startRun(page, false, '16-run-form-cache-unticked');
  await expect(story(page)).not.toContainText('already told');

  await startRun(page, true, '16-run-form-cache');
  await expect(story(page)).toContainText(`already told: no input changed since run ${first}`);
  await shot(page, '16-run-told-from-cache');
});
