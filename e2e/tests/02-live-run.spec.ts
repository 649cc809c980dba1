import { expect, runStep, shot, test } from '../support/fixtures.ts';

test('run a workflow from the UI and watch its steps turn green live', async ({ page }) => {
  await page.goto('/');
  const card = page.getByRole('article').filter({
    has: page.getByRole('link', { name: 'green-arc', exact: true }),
  });
  await expect(card).toBeVisible();
  await shot(page, '02-workflows');
  await card.getByRole('button', { name: 'Run', exact: true }).click();

  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('green-arc');

  // Each step is seen running, then succeeded, on the same page (no reload).
  for (const stepId of ['warm-up', 'build']) {
    const step = runStep(page, stepId);
    await expect(step.getByText('Running', { exact: true })).toBeVisible({ timeout: 60_000 });
    if (stepId === 'warm-up') await shot(page, '02-run-live');
    await expect(step.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  }
  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('2/2 beats succeeded')).toBeVisible();
  // The story told it as it happened, down to its denouement (a success at the first telling).
  await expect(page.getByTestId('story').locator('[data-kind="denouement"]')).toBeVisible();
  await shot(page, '02-run-succeeded');
});
