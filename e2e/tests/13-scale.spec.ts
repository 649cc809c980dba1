import { type Database, openDatabase, StepLogs } from '@arcflow/db';
import { saveScaleWorkflow, seedFinishedRun, stepId } from '../bench/scene.ts';
import { sharedLocalDatabase } from '../support/env.ts';
import { expect, shot, story, test, workspaceDir } from '../support/fixtures.ts';

// Issue 14's run page at 5,000 steps: it paints from a summary (counts, the latest beats, the
// arc in bins), renders only the rows in view, and pages the rest of the story on demand. The
// run is set in the database (running 5,000 steps for real takes minutes).

const STEPS = 5_000;
let db: Database;

test.beforeAll(async () => {
  db = await openDatabase({ databaseUrl: sharedLocalDatabase(), workspaceDir: workspaceDir() });
});

test.afterAll(async () => {
  await db?.close();
});

test('a 5,000-step run page paints a summary, scrolls a windowed list and bins its arc', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await saveScaleWorkflow('scale-arc', STEPS);
  const runId = await seedFinishedRun(db, 'scale-arc');
  const last = stepId(STEPS - 1);

  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Failed');
  const counts = page.getByTestId('step-counts');
  await expect(counts).toContainText('5,000 steps');
  await expect(counts.locator('[data-status="succeeded"]')).toContainText('4,999 succeeded');
  await expect(counts.locator('[data-status="failed"]')).toContainText('1 failed');

  // The graph summarises 5,000 steps as groups.
  await expect(
    page.getByRole('region', { name: 'Run graph' }).locator('[data-testid^="dag-group-"]').first(),
  ).toBeVisible({ timeout: 30_000 });

  // The list knows all 5,000 steps and renders a window of them.
  const list = page.getByTestId('run-steps');
  await expect(list).toHaveAttribute('data-total', String(STEPS));
  await expect(page.getByTestId(`step-${stepId(0)}`)).toBeVisible();
  const rendered = await list.locator('li').count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(100);
  await expect(page.getByTestId(`step-${last}`)).toHaveCount(0);

  // Scrolling to the end brings the failing step in and the first ones out.
  await page.getByTestId('run-steps-scroller').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.getByTestId(`step-${last}`)).toBeVisible();
  await expect(page.getByTestId(`step-${stepId(0)}`)).toHaveCount(0);
  expect(await list.locator('li').count()).toBeLessThan(100);

  // "1 failed" jumps to the failing step from anywhere in the list.
  await page.getByTestId('run-steps-scroller').evaluate((el) => {
    el.scrollTop = 0;
  });
  await expect(page.getByTestId(`step-${last}`)).toHaveCount(0);
  await counts.locator('[data-status="failed"]').click();
  await expect(page.getByTestId(`step-${last}`)).toBeVisible();

  // The arc draws 10,002 events as a few dozen bins, each with its detail on hover.
  const arc = page.getByTestId('arc-timeline');
  await expect(page.getByTestId('arc-binned')).toContainText('10,002 events');
  const bins = arc.locator('g[data-bin]');
  const binCount = await bins.count();
  expect(binCount).toBeGreaterThan(10);
  expect(binCount).toBeLessThanOrEqual(60);
  await bins.nth(Math.floor(binCount / 2)).hover();
  await expect(page.getByTestId('arc-bin-detail')).toContainText(/\d+ events: .*beats/);
  await expect(arc.locator('g[data-kind="climax"]')).toHaveCount(1);

  // The story starts from its latest beats, only the lines in view rendered; earlier ones
  // come a page at a time.
  const lines = story(page).locator('li');
  await expect(story(page)).toHaveAttribute('data-total', '300');
  expect(await lines.count()).toBeLessThan(100);
  await page.getByTestId('story-scroller').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(lines.last()).toHaveAttribute('data-kind', 'climax');
  await page.getByTestId('story-earlier').click();
  await expect(story(page)).toHaveAttribute('data-total', '800', { timeout: 30_000 });
  expect(await lines.count()).toBeLessThan(100);
  await shot(page, '13-run-5000');

  // Small runs are not windowed: every step is in the list.
  await saveScaleWorkflow('scale-five', 5);
  const small = await seedFinishedRun(db, 'scale-five');
  await page.goto(`/runs/${small}`);
  await expect(page.getByTestId('run-steps').locator('li')).toHaveCount(5);
  await expect(page.getByTestId('arc-binned')).toHaveCount(0);
  await expect(page.getByTestId('step-counts')).toHaveCount(0);
  await shot(page, '13-run-5');
});

test('a 30,000-line log opens at its end, keeps only the lines in view and pages back', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await saveScaleWorkflow('scale-log', 3);
  const runId = await seedFinishedRun(db, 'scale-log');
  const step = stepId(0);
  const at = new Date();
  await new StepLogs(db.prisma).append(
    Array.from({ length: 30_000 }, (_, i) => ({
      runId,
      stepId: step,
      attempt: 1,
      stream: 'stdout' as const,
      text: `line ${i}`,
      at,
    })),
  );

  await page.goto(`/runs/${runId}`);
  await page.getByTitle(`Show the log of ${step}`).click();
  const log = page.getByRole('log', { name: new RegExp(`Log of ${step}`) });
  await expect(log.getByText('line 29999', { exact: true })).toBeVisible();
  await expect(log).toHaveAttribute('data-first-line', '29500');
  await expect(log).toContainText('29,500 earlier lines are not shown.');
  // 500 lines are few enough to render them all
  await expect(log).toHaveAttribute('data-virtual', 'false');
  expect(await log.locator('[data-line]').count()).toBe(500);

  // Earlier pages come in front, a page at a time; past 1,000 lines only those in view render.
  await page.getByTestId('log-earlier').click();
  await expect(log).toHaveAttribute('data-first-line', '29000');
  await page.getByTestId('log-earlier').click();
  await expect(log).toHaveAttribute('data-first-line', '28500');
  await expect(log).toHaveAttribute('data-virtual', 'true');
  expect(await log.locator('[data-line]').count()).toBeLessThan(200);
  await log.evaluate((el) => {
    el.scrollTop = 0;
  });
  await expect(log.locator('[data-line="28500"]')).toBeVisible();
  await expect(log.getByText('line 29999', { exact: true })).toHaveCount(0);
  await shot(page, '13-log-30000');
});

test('the editor opens a 5,000-step workflow with its steps drawn', async ({ page }) => {
  test.setTimeout(90_000);
  await saveScaleWorkflow('scale-edit', STEPS);
  await page.goto('/workflows/scale-edit');
  await expect(page.getByTestId('yaml-editor').locator('.view-line').first()).toBeVisible();
  // Read off the main thread, the outline knows every step; the graph draws them in groups.
  const dag = page.getByRole('complementary', { name: 'Workflow graph' });
  await expect(dag.locator('[data-testid^="dag-group-"]').first()).toBeVisible({
    timeout: 30_000,
  });
  await shot(page, '13-editor-5000');
});
