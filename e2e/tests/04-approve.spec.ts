import { LOCAL_PERSON } from '../support/env.ts';
import { expect, runStep, shot, test } from '../support/fixtures.ts';

test('approve a waiting ceremony step as the local person; they join the story', async ({
  page,
}) => {
  await page.goto('/');
  const card = page.getByRole('article').filter({
    has: page.getByRole('link', { name: 'review-arc', exact: true }),
  });
  await card.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('review-arc');

  const review = runStep(page, 'review');
  await expect(review.getByText('Waiting', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('story').locator('[data-kind="suspense"]')).toBeVisible();
  await shot(page, '04-run-waiting');

  await review.getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Approve review' })).toBeVisible();
  // No name to type: the local person signs (git's user.name on the runner's machine).
  await expect(dialog).toContainText(`Signing as ${LOCAL_PERSON}`);
  await dialog.getByLabel('Comment').fill('Ship it, it reads well');
  await shot(page, '04-approve-dialog');
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(runStep(page, 'ship').getByText('Succeeded', { exact: true })).toBeVisible();
  const verdict = page.getByTestId('story').locator('[data-kind="verdict"]');
  await expect(verdict).toContainText(`${LOCAL_PERSON} approved review`);
  await expect(verdict).toContainText('Ship it, it reads well');
  await shot(page, '04-run-approved');
});
