import { expect, runStep, shot, test } from '../support/fixtures.ts';

test('reloading mid-run shows the same live state, and later events keep arriving', async ({
  page,
}) => {
  await page.goto('/');
  const card = page.getByRole('article').filter({
    has: page.getByRole('link', { name: 'slow-arc', exact: true }),
  });
  await card.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const url = page.url();
  const heading = page.getByRole('heading', { level: 1 });
  const storyLines = page.getByTestId('story').locator('[data-kind]');

  // Mid-run: two beats told, the rest to come.
  await expect(runStep(page, 'two').getByText('Succeeded', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await expect(heading.getByText('Succeeded', { exact: true })).toHaveCount(0);
  const before = await storyLines.allTextContents();
  expect(before.length).toBeGreaterThanOrEqual(3);
  await shot(page, '05-before-reload');

  await page.reload();
  await expect(page).toHaveURL(url);
  // The events before the reload are all still there, in the same order…
  await expect(runStep(page, 'two').getByText('Succeeded', { exact: true })).toBeVisible();
  const after = await storyLines.allTextContents();
  expect(after.slice(0, before.length)).toEqual(before);
  await expect(page.getByTestId('connection')).toHaveText('live');
  await expect(runStep(page, 'one').getByText('Succeeded', { exact: true })).toBeVisible();
  await shot(page, '05-after-reload');

  // …and the later ones keep arriving, live.
  await expect(runStep(page, 'five').getByText('Succeeded', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(await storyLines.count()).toBeGreaterThan(before.length);
  await expect(page.getByTestId('story').locator('[data-kind="denouement"]')).toBeVisible();
  await shot(page, '05-finished');
});
