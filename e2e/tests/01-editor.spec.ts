import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, shot, test, workspaceDir } from '../support/fixtures.ts';

test('customize a template, edit it with live diagnostics and DAG, and save it', async ({
  page,
}) => {
  const name = `my-arc-${Date.now().toString(36)}`;

  // The workflows page lists the templates.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Workflows', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Templates/ })).toBeVisible();
  const card = page.getByRole('article').filter({
    has: page.getByRole('link', { name: 'first-arc', exact: true }),
  });
  await expect(card).toBeVisible();
  await expect(card.getByText('valid', { exact: true })).toBeVisible();
  await shot(page, '01-workflows');

  // Customize first-arc under a new name.
  await card.getByRole('button', { name: 'Customize' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Customize first-arc' })).toBeVisible();
  await dialog.getByLabel('Name').fill(name);
  await shot(page, '01-customize-dialog');
  await dialog.getByRole('button', { name: 'Customize' }).click();

  // The editor: Monaco, the problems list and the DAG of first-arc's five steps.
  await expect(page).toHaveURL(new RegExp(`/workflows/${name}$`));
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const editor = page.getByTestId('yaml-editor');
  await expect(editor.locator('.monaco-editor .view-lines')).toContainText(`name: ${name}`);
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.getByText('No problems: the engine accepts this workflow.')).toBeVisible();
  const dag = page.getByRole('complementary', { name: 'Workflow graph' });
  const nodes = dag.locator('.react-flow__node');
  await expect(nodes).toHaveCount(5);
  await expect(dag.getByText('5 beats')).toBeVisible();
  const saveState = page.getByTestId('save-state');
  await expect(saveState).toHaveText('No changes');
  await shot(page, '01-editor-loaded');

  // Type a new step at the end (on the file's last, empty line; one line in YAML's flow
  // style, so Monaco's auto-indent has nothing to add) that depends on a step that does not
  // exist.
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(
    '  - { id: deploy, action: noop, universe: story, beat: "It reaches the world", depends_on: [ghost] }',
  );
  await expect(saveState).toHaveText('Unsaved changes');
  await expect(
    problems.getByRole('button', { name: /step "deploy" depends on "ghost", which is not a step/ }),
  ).toBeVisible();
  await expect(problems.getByText('1 error')).toBeVisible();
  // …and Monaco marks it in the text.
  await expect(editor.locator('.squiggly-error').first()).toBeVisible();
  // The DAG keeps the last valid version.
  await expect(dag.getByText('5 beats · last valid version')).toBeVisible();
  await expect(nodes).toHaveCount(5);
  await shot(page, '01-editor-problem');

  // Fix it: depend on a real step. The cursor is right after "[ghost] }".
  for (let i = 0; i < 'ghost] }'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.insertText('package] }');
  await expect(problems.getByText('No problems: the engine accepts this workflow.')).toBeVisible();
  await expect(editor.locator('.squiggly-error')).toHaveCount(0);
  await expect(nodes).toHaveCount(6);
  await expect(dag.getByText('6 beats', { exact: true })).toBeVisible();
  await expect(dag.locator('.react-flow__node').filter({ hasText: 'deploy' })).toBeVisible();
  await shot(page, '01-editor-fixed');

  // Leaving through an in-app link asks first; declining keeps the edits.
  const asked: string[] = [];
  page.once('dialog', (question) => {
    asked.push(question.message());
    void question.dismiss();
  });
  await page.getByRole('link', { name: 'Workflows /' }).click();
  await expect.poll(() => asked).toEqual([expect.stringContaining('unsaved changes')]);
  await expect(page).toHaveURL(new RegExp(`/workflows/${name}$`));
  await expect(saveState).toHaveText('Unsaved changes');
  await expect(nodes).toHaveCount(6);

  // Save with Ctrl+S: the unsaved indicator clears.
  await page.keyboard.press('Control+s');
  await expect(saveState).toHaveText('Saved');
  await expect(page.getByText('Unsaved changes')).toHaveCount(0);
  await shot(page, '01-editor-saved');

  // It was really written: a fresh load shows the six steps.
  await page.reload();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(nodes).toHaveCount(6);
  await expect(saveState).toHaveText('No changes');

  // Nothing unsaved: the link leaves without asking.
  page.once('dialog', (question) => {
    asked.push(question.message());
    void question.dismiss();
  });
  await page.getByRole('link', { name: 'Workflows /' }).click();
  await expect(page.getByRole('heading', { name: 'Workflows', level: 1 })).toBeVisible();
  expect(asked).toHaveLength(1);
});

test('a workflow nested 10,000 levels deep shows one marker where the limit is passed', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const dir = join(workspaceDir(), '.mia', 'workflows');
  mkdirSync(dir, { recursive: true });
  const nested = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
  writeFileSync(
    join(dir, 'deep-arc.yaml'),
    `name: deep-arc\nsteps:\n  - id: a\n    action: noop\n    with: ${nested}\n`,
  );

  await page.goto('/workflows/deep-arc');
  const problems = page.getByRole('region', { name: 'Problems' });
  const tooDeep = problems.getByRole('button', { name: /nests more than 64 levels deep here/ });
  await expect(tooDeep).toBeVisible();
  await expect(problems.getByText('1 error')).toBeVisible();
  await expect(problems.getByText('5:72')).toBeVisible();
  // In the text, only the engine's marker (monaco-yaml's own, along the whole line, are off):
  // from the top, F8 finds it and says it is the only one.
  await page.getByTestId('yaml-editor').locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('F8');
  const widget = page.locator('.zone-widget');
  await expect(widget).toContainText(/(?<!\d)1 of 1 problem(?!s)/);
  await expect(widget).toContainText('nests more than 64 levels deep here');
  await shot(page, '01-editor-too-deep');

  // The page stays usable: typing goes on, and the marker follows its line.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Home');
  await page.keyboard.insertText('# flatten me\n');
  await expect(problems.getByText('6:72')).toBeVisible();
  await tooDeep.click();
  await page.keyboard.press('F8');
  await expect(widget).toContainText(/(?<!\d)1 of 1 problem(?!s)/);
  expect(pageErrors).toEqual([]);
});
