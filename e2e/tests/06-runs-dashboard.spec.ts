import { api, expect, shot, test } from '../support/fixtures.ts';

test('the runs list and the dashboard show the runs and workflows', async ({ page }) => {
  // A run of our own, so this test stands alone (the others' runs are there too when run together).
  const run = await api<{ id: string }>('mutation', 'runs.start', { workflow: 'green-arc' });

  await page.goto('/runs');
  await expect(page.getByRole('heading', { name: 'Runs', level: 1 })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: run.id }) });
  await expect(row).toBeVisible();
  await expect(row).toContainText('green-arc');
  // The list follows the run's events: it finishes without a reload.
  await expect(row.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  await shot(page, '06-runs');

  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  const main = page.getByRole('main');
  for (const workflow of ['green-arc', 'tests-arc', 'review-arc', 'slow-arc']) {
    await expect(main.getByRole('link', { name: workflow, exact: true })).toBeVisible();
  }
  await shot(page, '06-dashboard');

  // From the runs list to a run's page.
  await page.goto('/runs');
  await page.getByRole('link', { name: run.id }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${run.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('green-arc');
});
