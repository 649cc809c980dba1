import { openDatabase } from '@arcflow/db';
import type { Page } from '@playwright/test';
import { sharedLocalDatabase } from '../support/env.ts';
import { test, workspaceDir } from '../support/fixtures.ts';
import { BENCH_LIMIT_MS, BENCH_PROFILE, BENCH_REPEATS, BENCH_SIZES } from './env.ts';
import { profileTop } from './profile.ts';
import { saveScaleWorkflow, seedFinishedRun } from './scene.ts';

// First paint of the run page and the editor for a 1,000- and a 5,000-step workflow: the time
// from navigation until the first DAG node and the step list (or the YAML) are visible.
// Median of 3, printed with the goal. Sizes come from BENCH_UI_SIZES (default "1000,5000").

const SIZES = BENCH_SIZES;
const REPEATS = BENCH_REPEATS;
const GOAL_MS = 2_000;
const LIMIT_MS = BENCH_LIMIT_MS;

/** A step's node, or a group of steps in a large graph. */
const GRAPH = '[data-testid^="dag-node-"], [data-testid^="dag-group-"]';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Milliseconds from navigating to `url` until each of `marks` is visible. */
async function firstPaint(page: Page, url: string, marks: Record<string, string>) {
  await page.goto('about:blank');
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  const seen: Record<string, number> = {};
  await Promise.all(
    Object.entries(marks).map(async ([name, selector]) => {
      seen[name] = await page
        .locator(selector)
        .first()
        .waitFor({ state: 'visible', timeout: LIMIT_MS })
        .then(
          () => Date.now() - started,
          () => Number.POSITIVE_INFINITY,
        );
    }),
  );
  return seen;
}

async function payload(procedure: string, input: unknown) {
  const { API_URL } = await import('../support/env.ts');
  const url = `${API_URL}/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const started = Date.now();
  const body = await (await fetch(url)).text();
  return { bytes: body.length, ms: Date.now() - started };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

test('first paint of the run page and the editor', async ({ page }) => {
  const db = await openDatabase({
    databaseUrl: sharedLocalDatabase(),
    workspaceDir: workspaceDir(),
  });
  const rows: string[] = [];
  const say = (row: string) => {
    rows.push(row);
    process.stdout.write(`${row}\n`);
  };
  try {
    for (const size of SIZES) {
      const name = `scale-${size}`;
      await saveScaleWorkflow(name, size);
      const runId = await seedFinishedRun(db, name);
      const whole = await payload('runs.get', { runId });
      const summary = await payload('runs.get', { runId, eventsTail: 300 });
      const overview = await payload('runs.overview', { runId });
      const workflow = await payload('workflows.get', { name });
      const source = await payload('workflows.source', { name });
      say(
        `  ${size} steps: runs.get whole ${kb(whole.bytes)} in ${whole.ms} ms · runs.get summary (latest 300 events + outline) ${kb(summary.bytes)} in ${summary.ms} ms · runs.overview (the run page's) ${kb(overview.bytes)} in ${overview.ms} ms · workflows.get ${kb(workflow.bytes)} in ${workflow.ms} ms · workflows.source (the editor's) ${kb(source.bytes)} in ${source.ms} ms`,
      );
      const measures: Record<string, number[]> = {};
      const note = (prefix: string, seen: Record<string, number>) => {
        for (const [mark, ms] of Object.entries(seen)) {
          const key = `${prefix} ${mark}`;
          measures[key] = [...(measures[key] ?? []), ms];
        }
      };
      for (let i = 0; i < REPEATS; i++) {
        note(
          'run page',
          await firstPaint(page, `/runs/${runId}`, {
            'DAG node or group': GRAPH,
            'step list': '[data-testid="run-steps"] li',
          }),
        );
        note(
          'editor',
          await firstPaint(page, `/workflows/${name}`, {
            'DAG node or group': GRAPH,
            'YAML text': '[data-testid="yaml-editor"] .view-line',
          }),
        );
      }
      for (const [what, values] of Object.entries(measures)) {
        const ms = median(values);
        say(
          `  ${String(size).padStart(5)} steps  ${what.padEnd(26)} ${Number.isFinite(ms) ? String(ms).padStart(6) : `>${LIMIT_MS}`} ms  ${ms <= GOAL_MS ? 'ok' : 'over'} (goal ≤ ${GOAL_MS} ms; runs: ${values.map((v) => (Number.isFinite(v) ? v : 'timeout')).join(', ')})`,
        );
      }
      if (BENCH_PROFILE) {
        await page.goto('about:blank');
        const top = await profileTop(page, async () => {
          await page.goto(`/runs/${runId}`);
          await page.locator('[data-testid="run-steps"] li').first().waitFor({ timeout: LIMIT_MS });
        });
        say(`  ${size} steps, run page: main thread by function (self time)`);
        for (const [where, ms] of top) say(`    ${ms.toFixed(0).padStart(7)} ms  ${where}`);
        await page.goto('about:blank');
        const editorTop = await profileTop(page, async () => {
          await page.goto(`/workflows/${name}`);
          await page
            .locator('[data-testid="yaml-editor"] .view-line')
            .first()
            .waitFor({ timeout: LIMIT_MS });
        });
        say(`  ${size} steps, editor: main thread by function (self time)`);
        for (const [where, ms] of editorTop) say(`    ${ms.toFixed(0).padStart(7)} ms  ${where}`);
      }
    }
  } finally {
    await db.close();
  }
  process.stdout.write(
    `\nUI first paint (median of ${REPEATS}, from navigation until visible; Chromium ${page.context().browser()?.version()})\n${rows.join('\n')}\n\n`,
  );
});
