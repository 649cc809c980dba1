import { TEAM_WEB_URL } from '../support/env.ts';
import { expect, runStep, shot, story, test } from '../support/fixtures.ts';
import { mutateAs, signedIn } from '../support/team.ts';

// Against `arcflow serve --team`: three people in three browser contexts. The operator
// starts a run and may not approve it, the approver approves it, the viewer watches and can
// do nothing — and the server, not only the UI, says no.

test('a signed-out visitor is sent to the sign-in page', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: TEAM_WEB_URL });
  const page = await context.newPage();
  await page.goto('/runs');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fruns/);
  await page.getByLabel('Username').fill('olga');
  await page.getByLabel('Password').fill('not her password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('sign-in-error')).toContainText(/wrong username or password/i);
  await shot(page, '11-sign-in-refused');
  await context.close();
});

test('operator starts, own approval refused; approver approves; viewer only watches', async ({
  browser,
}) => {
  const operator = await signedIn(browser, 'olga');
  const approver = await signedIn(browser, 'april');
  const viewer = await signedIn(browser, 'vic');

  // The operator starts the run from the dashboard.
  const page = operator.page;
  await page.goto('/');
  const card = page.getByRole('article').filter({
    has: page.getByRole('link', { name: 'review-arc', exact: true }),
  });
  await card.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const runPath = new URL(page.url()).pathname;
  const runId = runPath.split('/').pop() as string;
  const review = runStep(page, 'review');
  await expect(review.getByText('Waiting', { exact: true })).toBeVisible({ timeout: 60_000 });

  // An operator cannot decide: no button, and the server refuses the request.
  await expect(review.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  const refused = await mutateAs(operator.context, 'runs.approve', { runId, stepId: 'review' });
  expect(refused.status).toBe(403);
  expect(refused.message).toMatch(/approver/);
  await shot(page, '11-operator-waiting');

  // The viewer sees the run, and no action.
  await viewer.page.goto(runPath);
  const viewerReview = runStep(viewer.page, 'review');
  await expect(viewerReview.getByText('Waiting', { exact: true })).toBeVisible();
  await expect(viewerReview.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  await expect(viewer.page.getByRole('button', { name: /^(Cancel|Rerun)/ })).toHaveCount(0);
  const viewerCancel = await mutateAs(viewer.context, 'runs.cancel', { runId });
  expect(viewerCancel.status).toBe(403);
  await shot(viewer.page, '11-viewer-run');

  // The approver signs with their own name — there is nothing to type but a comment.
  await approver.page.goto(runPath);
  const approverReview = runStep(approver.page, 'review');
  await approverReview.getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = approver.page.getByRole('dialog');
  await expect(dialog).toContainText('Signing as april');
  await dialog.getByLabel('Comment').fill('LGTM');
  await shot(approver.page, '11-approver-dialog');
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(dialog).toBeHidden();

  const heading = approver.page.getByRole('heading', { level: 1 });
  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  const verdict = story(approver.page).locator('[data-kind="verdict"]');
  await expect(verdict).toContainText('april');
  await expect(verdict).toContainText('LGTM');

  // Everyone watching sees the approval arrive live.
  await expect(story(viewer.page).locator('[data-kind="verdict"]')).toContainText('april');
  await shot(approver.page, '11-approved');

  for (const person of [operator, approver, viewer]) await person.context.close();
});

test('four eyes: the approver cannot approve a run they started', async ({ browser }) => {
  const { context, page } = await signedIn(browser, 'april');
  await page.goto('/');
  const card = page.getByRole('article').filter({
    has: page.getByRole('link', { name: 'review-arc', exact: true }),
  });
  await card.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  const runId = new URL(page.url()).pathname.split('/').pop() as string;
  const review = runStep(page, 'review');
  await expect(review.getByText('Waiting', { exact: true })).toBeVisible({ timeout: 60_000 });

  await review.getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(/four-eyes/i);
  await expect(dialog.getByRole('button', { name: 'Approve', exact: true })).toBeDisabled();
  await shot(page, '11-four-eyes');
  const refused = await mutateAs(context, 'runs.approve', { runId, stepId: 'review' });
  expect(refused.status).toBe(403);
  expect(refused.message).toMatch(/four-eyes/i);
  await context.close();
});
