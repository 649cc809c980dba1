import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, runStep, shot, test, workspaceDir } from '../support/fixtures.ts';
import { MATH_BROKEN, MATH_OK } from '../support/workspace.ts';

test('a failing step is a tension point with its log; fix the cause, resume, resolution', async ({
  page,
}) => {
  const math = join(workspaceDir(), 'src', 'math.js');
  writeFileSync(math, MATH_BROKEN);

  await page.goto('/');
  const card = page.getByRole('article').filter({
    has: page.getByRole('link', { name: 'tests-arc', exact: true }),
  });
  await card.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('tests-arc');

  // The package's tests fail: the step fails, the run fails, the story tells a tension.
  const tests = runStep(page, 'unit-tests');
  await expect(tests.getByText('Failed', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(heading.getByText('Failed', { exact: true })).toBeVisible({ timeout: 60_000 });
  const story = page.getByTestId('story');
  const tension = story.locator('[data-kind="tension"]');
  await expect(tension).toHaveCount(1);
  // It names the failing test, not the runner's closing tallies.
  await expect(tension).toContainText('unit-tests failed: 1 test failed: adds two numbers');
  await expect(runStep(page, 'publish').getByText('Succeeded', { exact: true })).toHaveCount(0);

  // Its log: node --test's report of the failing assertions.
  await page.getByTitle('Show the log of unit-tests').click();
  const log = page.getByRole('log', { name: /Log of unit-tests/ });
  await expect(log).toBeVisible();
  await expect(log.getByText('not ok 1 - adds two numbers', { exact: true })).toBeVisible();
  await expect(log.getByText('# fail 1', { exact: true })).toBeVisible();
  await shot(page, '03-run-failed');

  // Fix the cause in the workspace, then resume from the UI.
  writeFileSync(math, MATH_OK);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(tests.getByText('Succeeded', { exact: true })).toBeVisible();
  await expect(runStep(page, 'publish').getByText('Succeeded', { exact: true })).toBeVisible();
  await expect(story.locator('[data-kind="resolution"]')).toBeVisible();
  // The earlier tension is still part of the story.
  await expect(tension).toHaveCount(1);
  await shot(page, '03-run-resumed');
});
