import { join } from 'node:path';
import { SCREENSHOTS_DIR } from '../support/env.ts';
import { expect, runStatus, runStep, shot, story, test } from '../support/fixtures.ts';
import { markerCounts, markerPath, startRun, writeWorkflow } from '../support/retell.ts';

test('retry a deploy from its DAG node: the irreversible effect must be acknowledged; rerun from a node starts a re-telling', async ({
  page,
}) => {
  const name = `retell-ack-${Date.now().toString(36)}`;
  const marker = markerPath(`${name}.marker`);
  writeWorkflow(
    name,
    `name: ${name}
narrative: "A change is built, deployed and announced"
steps:
  - id: build
    action: shell
    universe: engineer
    beat: "The change is built"
    with:
      run: echo build >> ${marker}
  - id: deploy
    action: deploy
    universe: story
    depends_on: [build]
    beat: "The change reaches staging"
    with:
      environment: staging
      command: "echo deployed >> ${marker}"
  - id: announce
    action: shell
    universe: story
    depends_on: [deploy]
    beat: "The team hears of it"
    with:
      run: echo announce >> ${marker}
`,
  );

  const runId = await startRun(page, name);
  const heading = runStatus(page);
  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(markerCounts(marker)).toEqual({ build: 1, deployed: 1, announce: 1 });

  // The DAG node's menu: retry the deploy.
  await page.getByTestId('dag-node-deploy').click();
  const menu = page.getByTestId('node-menu');
  await expect(menu.getByRole('menuitem')).toHaveText([
    'Retry this step',
    'Retry with everything after it',
    'Rerun from here (new run)',
    'Rerun only this step',
    'Show its log',
  ]);
  await shot(page, '10-node-menu');
  await menu.getByRole('menuitem', { name: 'Retry this step' }).click();
  await expect(menu).toBeHidden();

  // The preview names the irreversible effect; confirm waits for its checkbox.
  const dialog = page.getByTestId('retell-dialog');
  await expect(
    dialog.getByRole('heading', { name: `Retry "deploy" in run ${runId}` }),
  ).toBeVisible();
  const plan = dialog.getByTestId('retell-run').getByRole('listitem');
  await expect(plan).toHaveCount(1);
  await expect(plan.first()).toContainText('irreversible: deploys');
  const effect = dialog.getByRole('checkbox', {
    name: 'Run "deploy" again — it deploys, and already did in this run',
  });
  await expect(effect).not.toBeChecked();
  const confirm = dialog.getByRole('button', { name: 'Retry: run 1 step' });
  await expect(confirm).toBeDisabled();
  await expect(dialog.getByText('Tick the irreversible effect to go on')).toBeVisible();
  await shot(page, '10-retry-preview-unacknowledged');
  await effect.check();
  await expect(confirm).toBeEnabled();
  await shot(page, '10-retry-preview-acknowledged');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, '10-retry-preview-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await confirm.click();
  await expect(dialog).toBeHidden();

  // The deploy runs again in the same run: its second attempt is shown, the marker counts two.
  const deploy = runStep(page, 'deploy');
  const attempts = deploy.getByTestId('attempts');
  await expect(attempts).toContainText('#2 succeeded', { timeout: 60_000 });
  await expect(attempts).toContainText('#1 succeeded');
  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(story(page).locator('[data-type="run.retold"]')).toContainText(
    '"deploy" is told again',
  );
  await expect(page.locator('[data-retold=\'retry "deploy"\']')).toHaveCount(1);
  expect(markerCounts(marker)).toEqual({ build: 1, deployed: 2, announce: 1 });
  await shot(page, '10-retried-deploy');

  // Rerun from `announce` (a new run): build and deploy are taken over, nothing irreversible.
  await page.getByTestId('dag-node-announce').click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Rerun from here (new run)' }).click();
  await expect(
    dialog.getByRole('heading', { name: `A new run re-telling run ${runId} from "announce"` }),
  ).toBeVisible();
  await expect(dialog.getByTestId('retell-effects')).toHaveCount(0);
  await expect(dialog.getByTestId('retell-keep')).toContainText('build');
  await expect(dialog.getByTestId('retell-keep')).toContainText('deploy');
  await dialog.getByRole('button', { name: 'Start the new run: 1 step to run' }).click();

  // The new run's page: a re-telling of the first, with the steps it took over.
  await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page).toHaveURL(/\/runs\/[a-z][0-9a-z]{8}$/);
  const banner = page.getByTestId('retold-banner');
  await expect(banner).toContainText(`A re-telling of run ${runId} from "announce"`);
  await expect(banner.getByRole('link', { name: runId })).toHaveAttribute('href', `/runs/${runId}`);
  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(runStep(page, 'build').getByTestId('reused-build')).toHaveText(
    `↺ reused from run ${runId}`,
  );
  await expect(runStep(page, 'deploy').getByTestId('reused-deploy')).toBeVisible();
  await expect(runStep(page, 'announce').getByTestId('reused-announce')).toHaveCount(0);
  await expect(page.getByTestId('dag-node-build')).toContainText(`reused from run ${runId}`);
  await expect(story(page).locator('[data-type="run.retold"]')).toContainText(
    `A re-telling of run ${runId} from "announce"`,
  );
  expect(markerCounts(marker)).toEqual({ build: 1, deployed: 2, announce: 2 });
  // The timeline: the steps taken over have no bar here, only where they were told.
  await expect(page.getByTestId('gantt-row-build')).toContainText(`taken over from run ${runId}`);
  await expect(
    page.getByTestId('gantt-row-announce').locator('[data-status="succeeded"]'),
  ).toBeVisible();
  await shot(page, '10-rerun-reused');

  // The run head's "Rerun from…": the step is picked in the preview, which follows the pick.
  const rerunId = page.url().split('/').at(-1) ?? '';
  await page.getByTestId('rerun-menu').click();
  await page.getByRole('menuitem', { name: 'Rerun from…' }).click();
  await expect(
    dialog.getByRole('heading', { name: `A new run re-telling run ${rerunId} from "build"` }),
  ).toBeVisible();
  await dialog.getByLabel('Rerun from').selectOption('announce');
  await expect(
    dialog.getByRole('heading', { name: `A new run re-telling run ${rerunId} from "announce"` }),
  ).toBeVisible();
  await expect(dialog.getByTestId('retell-run').getByRole('listitem')).toHaveCount(1);
  await dialog.getByLabel('Rerun from').selectOption('deploy');
  await expect(dialog.getByTestId('retell-run').getByRole('listitem')).toHaveCount(2);
  await expect(
    dialog.getByRole('checkbox', {
      name: /^Run "deploy" again — it deploys, and already did in run /,
    }),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(markerCounts(marker)).toEqual({ build: 1, deployed: 2, announce: 2 });
});

test('the preview of a rerun of a few hundred steps scrolls inside the dialog', async ({
  page,
}) => {
  const name = `wide-arc-${Date.now().toString(36)}`;
  const count = 300;
  const steps = Array.from({ length: count }, (_, i) => {
    const id = `step-${String(i).padStart(3, '0')}`;
    return `  - id: ${id}
    action: shell
    universe: engineer
${i > 0 ? '    depends_on: [step-000]\n' : ''}    beat: "Beat ${i} of a long story, told with a sentence long enough to wrap"
    with:
      run: ${i === 0 ? 'exit 1' : 'echo told'}
`;
  });
  writeWorkflow(name, `name: ${name}\nsteps:\n${steps.join('')}`);

  await startRun(page, name);
  await expect(runStatus(page).getByText('Failed', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await page.getByTestId('rerun-menu').click();
  await page.getByRole('menuitem', { name: 'Rerun the whole run' }).click();
  const dialog = page.getByTestId('retell-dialog');
  const plan = dialog.getByTestId('retell-run').getByRole('listitem');
  await expect(plan).toHaveCount(count);
  // The dialog fits the window; its body scrolls, the buttons stay in view.
  const confirm = dialog.getByRole('button', { name: `Start the new run: ${count} steps to run` });
  await expect(confirm).toBeInViewport();
  await expect(dialog.getByRole('heading', { level: 2 })).toBeInViewport();
  const box = await dialog.boundingBox();
  expect(box?.height ?? Infinity).toBeLessThanOrEqual(900);
  await expect(plan.last()).not.toBeInViewport();
  await plan.last().scrollIntoViewIfNeeded();
  await expect(plan.last()).toBeInViewport();
  await expect(confirm).toBeInViewport();
  // The window as the person sees it (a full-page shot would show the page behind).
  await page.screenshot({ path: join(SCREENSHOTS_DIR, '10-big-preview.png') });
});
