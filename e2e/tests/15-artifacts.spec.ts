import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, expect, runStatus, shot, test, workspaceDir } from '../support/fixtures.ts';

// A step keeps its build output as artifacts; the run page lists them with their sizes and
// downloads one through the browser.

const BUILD = `name: artifact-build
steps:
  - id: build
    action: shell
    with:
      run: |
        mkdir -p dist
        printf 'console.log("shipped")\\n' > dist/app.js
        head -c 2048 /dev/zero > dist/padding.bin
    artifacts: ["dist/**"]
`;

test('a run page lists the artifacts a step kept and downloads one', async ({ page }) => {
  const dir = join(workspaceDir(), '.mia', 'workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'artifact-build.yaml'), BUILD);
  const runId = (
    await api<{ id: string }>('mutation', 'runs.start', { workflow: 'artifact-build' })
  ).id;

  await page.goto(`/runs/${runId}`);
  await expect(runStatus(page).getByText('Succeeded', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  const panel = page.getByTestId('artifacts');
  await expect(panel.getByRole('heading', { name: 'Artifacts' })).toBeVisible();
  const app = panel.getByRole('row').filter({ hasText: 'dist/app.js' });
  await expect(app).toContainText('build');
  await expect(app).toContainText('23 B');
  await expect(panel.getByRole('row').filter({ hasText: 'dist/padding.bin' })).toContainText(
    '2.0 kB',
  );
  await panel.scrollIntoViewIfNeeded();
  await shot(page, '15-artifacts');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    app.getByRole('link', { name: 'Download dist/app.js' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('app.js');
  const saved = await download.path();
  expect(readFileSync(saved, 'utf8')).toBe('console.log("shipped")\n');
});
