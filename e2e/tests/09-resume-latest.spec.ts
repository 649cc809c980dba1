import { expect, runStatus, runStep, shot, story, test } from '../support/fixtures.ts';
import { markerCounts, markerPath, startRun, writeWorkflow } from '../support/retell.ts';

test('fix a failed step in the editor, then resume with the current definition: only what changed runs again', async ({
  page,
}) => {
  const name = `resume-latest-${Date.now().toString(36)}`;
  const marker = markerPath(`${name}.marker`);
  // `check` fails; it is the file's last step, so its last line is the one the editor fixes.
  writeWorkflow(
    name,
    `name: ${name}
narrative: "Resumed on a newer revision, only the rewritten beat is told again"
steps:
  - id: prepare
    action: shell
    universe: story
    beat: "The stage is set"
    with:
      run: echo prepare >> ${marker}
  - id: lint
    action: shell
    universe: engineer
    depends_on: [prepare]
    beat: "The code reads well"
    with:
      run: echo lint >> ${marker}
  - id: publish
    action: shell
    universe: story
    depends_on: [check]
    beat: "The work meets its users"
    with:
      run: echo publish >> ${marker}
  - id: check
    action: shell
    universe: engineer
    depends_on: [prepare]
    beat: "The checks pass"
    with:
      run: echo check >> ${marker}; exit 1
`,
  );

  // The run fails at `check`; `publish` never runs.
  const runId = await startRun(page, name);
  const heading = runStatus(page);
  await expect(heading.getByText('Failed', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(runStep(page, 'check').getByText('Failed', { exact: true })).toBeVisible();
  const revisionLink = page.getByTestId('run-revision');
  await expect(revisionLink).toHaveAttribute('href', /\/workflows\/.+\?revision=[0-9a-f]+$/);
  const oldRevision = (await revisionLink.textContent())?.replace('revision ', '').trim() ?? '';
  expect(markerCounts(marker)).toEqual({ prepare: 1, lint: 1, check: 1 });
  // Nothing changed yet: no resume on the current definition is offered.
  await expect(page.getByTestId('resume')).toBeVisible();
  await expect(page.getByTestId('resume-latest')).toHaveCount(0);

  // Fix `check` in the browser's editor: `exit 1` becomes `exit 0`, and save.
  await page.goto(`/workflows/${name}`);
  const editor = page.getByTestId('yaml-editor');
  await expect(editor.locator('.monaco-editor .view-lines')).toContainText(`name: ${name}`);
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText('0');
  await expect(editor.locator('.monaco-editor .view-lines')).toContainText('exit 0');
  const saveState = page.getByTestId('save-state');
  await expect(saveState).toHaveText('Unsaved changes');
  await page.keyboard.press('Control+s');
  await expect(saveState).toHaveText('Saved');

  // Back on the failed run: resume on the current definition, through its preview.
  await page.goto(`/runs/${runId}`);
  const resumeLatest = page.getByRole('button', {
    name: 'Resume with the current definition (1 change)',
  });
  await expect(resumeLatest).toBeVisible();
  // A narrower window: the head's actions wrap instead of squeezing the title.
  await page.setViewportSize({ width: 1100, height: 800 });
  await shot(page, '09-failed-run-narrow');
  await page.setViewportSize({ width: 1440, height: 900 });
  await resumeLatest.click();
  const dialog = page.getByTestId('retell-dialog');
  await expect(
    dialog.getByRole('heading', { name: `Resume run ${runId} with the current definition` }),
  ).toBeVisible();
  const change = dialog.getByTestId('retell-change');
  await expect(change).toContainText('1 change');
  await expect(change.locator('[data-change="changed"]')).toHaveCount(1);
  await expect(change.locator('[data-change="changed"]')).toContainText('check');
  await expect(change.locator('[data-change="changed"]')).toContainText('with changed');
  // …and the YAML itself, line by line, on demand.
  await change.getByText('The YAML, line by line').click();
  await expect(change.getByTestId('retell-yaml-diff')).toContainText('exit 1');
  await shot(page, '09-resume-latest-yaml');
  // The steps that will run, in order, with why: the rewritten step, then what follows it
  // (skipped when `check` failed).
  const plan = dialog.getByTestId('retell-run').getByRole('listitem');
  await expect(plan).toHaveCount(2);
  await expect(plan.nth(0)).toHaveAttribute('data-step', 'check');
  await expect(plan.nth(0)).toContainText('rewritten (with)');
  await expect(plan.nth(1)).toHaveAttribute('data-step', 'publish');
  await expect(plan.nth(1)).toContainText('skipped in the run');
  await expect(dialog.getByTestId('retell-keep')).toContainText('prepare');
  await expect(dialog.getByTestId('retell-keep')).toContainText('lint');
  await expect(dialog.getByTestId('retell-effects')).toHaveCount(0);
  await shot(page, '09-resume-latest-preview');
  await dialog.getByRole('button', { name: 'Resume: run 2 steps' }).click();
  await expect(dialog).toBeHidden();

  // The run succeeds, on the new revision, and says so.
  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(runStep(page, 'publish').getByText('Succeeded', { exact: true })).toBeVisible();
  const retold = story(page).locator('[data-type="run.retold"]');
  await expect(retold).toHaveCount(1);
  await expect(retold).toContainText(
    /picks up again on revision [0-9a-f]+ \(1 change: "check" rewritten\)/,
  );
  await expect(revisionLink).not.toHaveText(`revision ${oldRevision}`);
  // The arc marks the switch of revision as such.
  await expect(page.locator(`[data-retold^="revision ${oldRevision} → "]`)).toHaveCount(1);
  // Both attempts of `check` are shown.
  const checkAttempts = runStep(page, 'check').getByTestId('attempts');
  await expect(checkAttempts).toContainText('#1 failed');
  await expect(checkAttempts).toContainText('#2 succeeded');
  await expect(page.getByTestId('resume-latest')).toHaveCount(0);
  await shot(page, '09-resume-latest-resolved');

  // The unchanged steps that had succeeded ran exactly once; `check` again, then `publish`.
  expect(markerCounts(marker)).toEqual({ prepare: 1, lint: 1, check: 2, publish: 1 });
});

test('a refused retry says why in the preview; a step removed from the workflow is cut from the story', async ({
  page,
}) => {
  const name = `cut-step-${Date.now().toString(36)}`;
  const marker = markerPath(`${name}.marker`);
  const step = (id: string, deps: string[], run: string) => `  - id: ${id}
    action: shell
    universe: engineer
${deps.length > 0 ? `    depends_on: [${deps.join(', ')}]\n` : ''}    beat: "Beat ${id}"
    with:
      run: ${run}
`;
  writeWorkflow(
    name,
    `name: ${name}\nsteps:\n${step('prepare', [], `echo prepare >> ${marker}`)}${step('extra', ['prepare'], `echo extra >> ${marker}`)}${step('check', ['prepare'], `echo check >> ${marker}; exit 1`)}${step('publish', ['check'], `echo publish >> ${marker}`)}`,
  );
  const runId = await startRun(page, name);
  const heading = runStatus(page);
  await expect(heading.getByText('Failed', { exact: true })).toBeVisible({ timeout: 60_000 });

  // Retrying `publish` alone (from its "⋯" in the beats) cannot build on `check`, which
  // failed: the runner says so.
  await page.getByRole('button', { name: 'Retry or rerun publish' }).click();
  await page.getByTestId('node-menu').getByRole('menuitem', { name: 'Retry this step' }).click();
  const dialog = page.getByTestId('retell-dialog');
  await expect(dialog.getByTestId('retell-preview-error')).toContainText(
    'cannot retry "publish": it depends on "check", which failed in this run',
  );
  await expect(dialog.getByRole('button', { name: 'Confirm' })).toBeDisabled();
  await shot(page, '09-retry-refused');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // The workflow loses `extra` and `check` is fixed: resume on it.
  writeWorkflow(
    name,
    `name: ${name}\nsteps:\n${step('prepare', [], `echo prepare >> ${marker}`)}${step('check', ['prepare'], `echo check >> ${marker}`)}${step('publish', ['check'], `echo publish >> ${marker}`)}`,
  );
  await page.reload();
  await page
    .getByRole('button', { name: 'Resume with the current definition (2 changes)' })
    .click();
  await expect(
    dialog.getByTestId('retell-change').locator('[data-change="removed"]'),
  ).toContainText('extra');
  await expect(
    dialog.getByTestId('retell-change').locator('[data-change="removed"]'),
  ).toContainText('cut from the story');
  await expect(dialog.getByTestId('retell-removed')).toHaveText('extra');
  await dialog.getByRole('button', { name: 'Resume: run 2 steps' }).click();
  await expect(heading.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });

  // `extra` is listed, greyed, as cut from the story, and is no longer in the DAG.
  const removed = page.getByTestId('removed-steps');
  await expect(removed).toContainText('Cut from the story');
  await expect(removed).toContainText('extra');
  await expect(page.getByTestId('dag-node-check')).toBeVisible();
  await expect(page.getByTestId('dag-node-extra')).toHaveCount(0);
  await expect(story(page).locator('[data-type="run.retold"]')).toContainText(
    '"extra" cut from the story',
  );
  expect(markerCounts(marker)).toEqual({ prepare: 1, extra: 1, check: 2, publish: 1 });
  await shot(page, '09-cut-from-the-story');
  expect(runId).toMatch(/^[a-z][0-9a-z]{8}$/);
});
