import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, expect, shot, test, workspaceDir } from '../support/fixtures.ts';

const FIRST = 'narrative: "A change travels from a first check to a tagged release"';
const SECOND = 'narrative: "A change travels twice, and is told again"';

test('save with messages, see the history with its runs, diff two revisions, restore one', async ({
  page,
}) => {
  const name = `told-${Date.now().toString(36)}`;
  const editor = page.getByTestId('yaml-editor');
  const lines = editor.locator('.monaco-editor .view-lines');
  const saveState = page.getByTestId('save-state');
  const message = page.getByRole('textbox', { name: 'Revision message' });

  // A new workflow (the starter YAML), saved with a message.
  await page.goto(`/workflows/${name}?new=1`);
  await expect(lines).toContainText(`name: ${name}`);
  await message.fill('first telling');
  await page.getByTestId('save').click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${name}$`));
  await expect(saveState).toHaveText('Saved');
  await expect(message).toHaveValue('');

  // Change the narrative (line 2) and save again with another message.
  await lines.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.insertText(SECOND);
  await expect(saveState).toHaveText('Unsaved changes');
  await message.fill('told again');
  await message.press('Enter');
  await expect(saveState).toHaveText('Saved');
  await shot(page, '07-saved-with-message');

  // A run of the second revision, pinned to it.
  const run = await api<{ id: string }>('mutation', 'runs.start', { workflow: name });

  // The history: both revisions, newest first, with who, when, message and runs.
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Revision history' });
  const revisions = panel.getByTestId('revision');
  await expect(revisions).toHaveCount(2);
  await expect(panel.getByText('2 revisions, newest first')).toBeVisible();
  const [newer, older] = [revisions.nth(0), revisions.nth(1)];
  await expect(newer).toContainText('told again');
  await expect(newer.getByText('current', { exact: true })).toBeVisible();
  await expect(older).toContainText('first telling');
  await expect(older).toContainText('Not run yet');
  await expect(newer).toContainText(/by \S+/);
  const runLink = newer.getByRole('link', { name: new RegExp(run.id) });
  await expect(runLink).toHaveAttribute('href', `/runs/${run.id}`);
  await expect(runLink).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  const olderId = await older.getAttribute('data-revision');
  const newerId = await newer.getAttribute('data-revision');
  expect(olderId).toMatch(/^[0-9a-f]{8}$/);
  await shot(page, '07-history');

  // What the newer revision changed: the older on the left, the newer on the right.
  await newer.getByRole('button', { name: 'Changes' }).click();
  const diff = page.getByTestId('revision-diff');
  await expect(diff).toBeVisible();
  await expect(page.getByTestId('diff-from')).toHaveValue(/.+/);
  await expect(page.getByTestId('diff-from').locator('option:checked')).toHaveText(
    `${olderId} · first telling`,
  );
  await expect(page.getByTestId('diff-to').locator('option:checked')).toHaveText(
    `${newerId} · told again`,
  );
  const original = diff.locator('.monaco-diff-editor .editor.original .view-lines');
  const modified = diff.locator('.monaco-diff-editor .editor.modified .view-lines');
  await expect(original).toContainText('A change travels from a first check to a tagged release');
  await expect(modified).toContainText('A change travels twice, and is told again');
  // Monaco marks the changed line on both sides.
  await expect(diff.locator('.editor.original .line-delete').first()).toBeVisible();
  await expect(diff.locator('.editor.modified .line-insert').first()).toBeVisible();
  await shot(page, '07-diff');
  await page.getByRole('button', { name: 'Back to the editor' }).click();
  await expect(diff).toHaveCount(0);
  await expect(lines).toContainText('told again');

  // An unsaved edit, then restore the older revision: it asks first.
  await lines.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('# not saved');
  await expect(saveState).toHaveText('Unsaved changes');
  await older.getByRole('button', { name: 'Restore' }).click();
  const ask = page.getByTestId('restore-dialog');
  await expect(ask.getByRole('heading', { name: `Restore ${olderId}?` })).toBeVisible();
  await shot(page, '07-restore-asks');
  await ask.getByRole('button', { name: 'Discard changes and restore' }).click();
  await expect(ask).toHaveCount(0);

  // The editor shows the restored text, saved; the file has it; history kept every revision.
  await expect(saveState).toHaveText('Saved');
  await expect(lines).toContainText('A change travels from a first check to a tagged release');
  await expect(lines).not.toContainText('told again');
  await expect(lines).not.toContainText('# not saved');
  const file = readFileSync(join(workspaceDir(), '.mia', 'workflows', `${name}.yaml`), 'utf8');
  expect(file).toContain(FIRST);
  await expect(panel.getByTestId('history-notice')).toContainText(`Restored ${olderId}`);
  // Restoring is a new revision with the older content; the earlier ones are untouched.
  await expect(revisions).toHaveCount(3);
  await expect(panel.getByText('3 revisions, newest first')).toBeVisible();
  const [restored, newerNow, olderNow] = [revisions.nth(0), revisions.nth(1), revisions.nth(2)];
  await expect(restored).toContainText(`restored ${olderId}`);
  await expect(restored).toHaveAttribute('data-revision', olderId!);
  await expect(restored.getByText('current', { exact: true })).toBeVisible();
  await expect(newerNow.getByText('current', { exact: true })).toHaveCount(0);
  await expect(olderNow.getByText('current', { exact: true })).toHaveCount(0);
  await expect(newerNow).toContainText('told again');
  await expect(olderNow).toContainText('first telling');
  await shot(page, '07-restored');

  // Compare the restored text in the editor with the newer revision.
  await newerNow.getByRole('button', { name: 'Compare with editor' }).click();
  await expect(page.getByTestId('diff-to').locator('option:checked')).toHaveText(
    'Editor (current text)',
  );
  await expect(modified).toContainText('A change travels from a first check to a tagged release');
  await expect(original).toContainText('A change travels twice, and is told again');

  // The smaller laptop size: the bar and the panel still fit.
  await page.getByRole('button', { name: 'Back to the editor' }).click();
  await lines.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('# a last thought');
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot(page, '07-history-1280');

  // …and in the dark theme.
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, '07-history-dark');
  await newerNow.getByRole('button', { name: 'Changes' }).click();
  await expect(modified).toContainText('A change travels twice, and is told again');
  await shot(page, '07-diff-dark');

  // A run page links its revision as ?revision=<short id>: the history opens on it.
  await page.emulateMedia({ colorScheme: 'light' });
  // (the editor still holds an unsaved line: leave it)
  page.once('dialog', (dialog) => void dialog.accept());
  await page.goto(`/workflows/${name}?revision=${newerId}`);
  const linked = page.getByRole('complementary', { name: 'Revision history' });
  await expect(linked.getByTestId('revision').nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(linked.locator('[aria-current="true"]')).toHaveCount(1);
});
