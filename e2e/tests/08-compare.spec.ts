import { api, expect, shot, test } from '../support/fixtures.ts';

// A workflow of our own, saved through the API: green first, then edited so its tests fail.
// Named afresh each time, so a retry (or a second run on the same database) starts with no
// green run of it.
const WORKFLOW = `retcon-arc-${Date.now().toString(36)}`;
const GREEN = `name: ${WORKFLOW}
narrative: "The same story told twice, the second time with a twist"
steps:
  - id: checkout
    action: shell
    universe: story
    beat: "The stage is set"
    with:
      run: echo "checked out"
  - id: build
    action: shell
    depends_on: [checkout]
    beat: "The pieces come together"
    with:
      run: echo "built"
  - id: lint
    action: shell
    depends_on: [build]
    beat: "Tidy as ever"
    with:
      run: echo "lint clean"
  - id: unit-tests
    action: shell
    depends_on: [build]
    beat: "The proof holds"
    with:
      run: echo "all tests pass"
  - id: settle
    action: wait
    depends_on: [build]
    beat: "A breath before the end"
    with:
      duration: 200ms
  - id: deploy
    action: shell
    depends_on: [lint, unit-tests, settle]
    beat: "Out into the world"
    with:
      run: echo "deployed"
`;

const RED = GREEN.replace('echo "all tests pass"', 'echo "1 test failed"; exit 1')
  .replace('echo "lint clean"', 'echo "lint clean (strict)"')
  .replace('duration: 200ms', 'duration: 450ms');

interface RunJson {
  id: string;
  status: string;
}

async function runToTheEnd(): Promise<RunJson> {
  const started = await api<RunJson>('mutation', 'runs.start', { workflow: WORKFLOW });
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const run = await api<RunJson>('query', 'runs.get', { runId: started.id });
    if (run.status === 'succeeded' || run.status === 'failed' || run.status === 'canceled') {
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`run ${started.id} did not end within a minute`);
}

test('the Retcon view puts a failed run beside its last green run and marks where the stories diverge', async ({
  page,
}) => {
  await api('mutation', 'workflows.save', { name: WORKFLOW, yaml: GREEN });
  const green = await runToTheEnd();
  expect(green.status).toBe('succeeded');
  await api('mutation', 'workflows.save', { name: WORKFLOW, yaml: RED });
  const red = await runToTheEnd();
  expect(red.status).toBe('failed');

  // Without ?with=, the failed run is compared with the last green run before it.
  await page.goto(`/runs/${red.id}/compare`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(WORKFLOW);
  const runA = page.getByTestId('run-A');
  const runB = page.getByTestId('run-B');
  await expect(runA.getByRole('link', { name: red.id })).toBeVisible();
  await expect(runA.getByText('Failed', { exact: true })).toBeVisible();
  await expect(runB.getByRole('link', { name: green.id })).toBeVisible();
  await expect(runB).toContainText('the last green run before A');

  await expect(page.getByTestId('divergence')).toContainText(
    'The stories diverge at unit-tests: failed in A but succeeded in B.',
  );
  const beats = page.getByTestId('compare-beats');
  const diverging = beats.locator('tr[data-divergence]');
  await expect(diverging).toHaveCount(1);
  await expect(diverging).toHaveAttribute('data-step', 'unit-tests');
  await expect(diverging).toContainText('the stories diverge here');
  await expect(diverging).toBeInViewport();
  await expect(beats.locator('tr[data-step="checkout"]')).toHaveAttribute('data-verdict', 'same');
  await expect(beats.locator('tr[data-step="lint"]')).toHaveAttribute(
    'data-verdict',
    'definition-changed',
  );
  // The wait waited longer: its output differs, shown compactly on its row.
  const settle = beats.locator('tr[data-step="settle"]');
  await expect(settle).toHaveAttribute('data-verdict', 'outputs-differ');
  await expect(settle).toContainText(/waited_ms\s*450\s*→\s*200/);
  await expect(beats.locator('tr[data-step="deploy"]')).toHaveAttribute(
    'data-verdict',
    'status-differs',
  );

  const definition = page.getByTestId('definition-changes');
  await expect(definition.locator('li[data-kind="changed"]')).toHaveCount(3);
  await expect(page.getByTestId('yaml-diff')).toContainText(
    '+      run: echo "1 test failed"; exit 1',
  );
  await shot(page, '08-compare');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(diverging).toBeVisible();
  await shot(page, '08-compare-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Any two runs, either way round: swap A and B.
  await page.getByTestId('swap').click();
  await expect(page).toHaveURL(new RegExp(`/runs/${green.id}/compare\\?with=${red.id}$`));
  await expect(page.getByTestId('divergence')).toContainText(
    'The stories diverge at unit-tests: succeeded in A but failed in B.',
  );
  await expect(page.getByTestId('run-B')).toContainText('the run compared with');
  await shot(page, '08-compare-swapped');

  // A run with no green run to compare with says so.
  await page.goto(`/runs/${green.id}/compare`);
  await expect(page.getByText('Nothing to compare')).toBeVisible();
  await expect(page.getByText(`run ${green.id} has no earlier green run`)).toBeVisible();

  // A `with` that is not a run id is refused in words.
  await page.goto(`/runs/${red.id}/compare?with=nope`);
  await expect(page.getByText('with: not a run id')).toBeVisible();
});
