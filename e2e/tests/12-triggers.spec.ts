import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createStore, type Database, openDatabase, type Store } from '@arcflow/db';
import type { Page } from '@playwright/test';
import { API_URL, LOCAL_WEBHOOK_SECRET, sharedLocalDatabase } from '../support/env.ts';
import { api, expect, shot, story, test, workspaceDir } from '../support/fixtures.ts';

// Issue 13's pages against the local stage: the Runners page, a run's inciting incident, the
// Deliveries page and Redeliver. The scene is set through the stage's own database where the
// API has no way in (a runner's heartbeat, a run started by an event).

let db: Database;
let store: Store;

test.beforeAll(async () => {
  db = await openDatabase({ databaseUrl: sharedLocalDatabase(), workspaceDir: workspaceDir() });
  store = createStore(db.prisma);
});

test.afterAll(async () => {
  await db?.close();
});

/** Light, then dark, shots of the page as it is. */
async function shots(page: Page, name: string): Promise<void> {
  await shot(page, name);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

const PUSH = {
  kind: 'push',
  source: 'github',
  ref: 'refs/heads/main',
  branch: 'main',
  sha: '3f2a9c1e0b7d4a5f8e6c2b1a0d9e8f7c6b5a4d3e',
  before: '0000000000000000000000000000000000000000',
  author: 'Ada',
  commits: [
    { sha: '1a2b3c4', message: 'Parse the new format' },
    { sha: '5d6e7f8', message: 'Test it' },
    { sha: '9a0b1c2', message: 'Document it' },
  ],
};

/** A run of green-arc as the API starts it, recorded again with `event` (a push, by default). */
async function runWithEvent(
  extra: { event?: Record<string, unknown>; runsOn?: string[]; queuedReason?: string } = {},
  lease?: { owner: string; ttlMs: number },
): Promise<string> {
  const started = await api<{ id: string }>('mutation', 'runs.start', { workflow: 'green-arc' });
  const model = await store.runs.get(started.id);
  if (!model) throw new Error(`run ${started.id} is not in the database`);
  const run = await store.runs.create({
    workflowName: model.workflowName,
    workflowFile: model.workflowFile ?? undefined,
    workspaceDir: model.workspaceDir,
    definitionYaml: model.definitionYaml,
    definition: model.definition,
    inputs: model.inputs,
    triggeredBy: 'webhook',
    revisionId: model.revisionId ?? undefined,
    event: extra.event ?? PUSH,
    ...(extra.runsOn ? { runsOn: extra.runsOn } : {}),
    ...(extra.queuedReason ? { queuedReason: extra.queuedReason } : {}),
    ...(lease ? { lease } : {}),
  });
  return run.id;
}

test('the Runners page lists the runners with their labels and heartbeats', async ({ page }) => {
  if ((await store.runners.list(30_000)).length === 0) {
    await page.goto('/runners');
    await expect(page.getByText('No runner has reported yet')).toBeVisible();
    await shots(page, '12-runners-empty');
  }
  await store.runners.heartbeat({
    id: 'e2e-gpu-box-4242',
    labels: ['linux', 'gpu', 'cuda-12'],
    host: 'gpu-box',
    pid: 4242,
    version: '0.1.0',
    currentRuns: 1,
  });
  await store.runners.heartbeat({
    id: 'e2e-old-box-17',
    labels: [],
    host: 'old-box',
    pid: 17,
    version: '0.0.9',
    currentRuns: 0,
  });
  await db.prisma.$executeRaw`
    UPDATE "runners" SET "last_heartbeat_at" = now() - interval '7 minutes'
    WHERE "id" = 'e2e-old-box-17'`;

  await page.goto('/runners');
  await expect(page.getByRole('heading', { name: 'Runners', level: 1 })).toBeVisible();
  const gpu = page.locator('[data-runner="e2e-gpu-box-4242"]');
  await expect(gpu).toContainText('gpu');
  await expect(gpu).toContainText('cuda-12');
  await expect(gpu).toContainText(/\d+ s ago|just now/);
  const old = page.locator('[data-runner="e2e-old-box-17"]');
  await expect(old).toHaveAttribute('data-stale', 'true');
  await expect(old).toContainText('7 min ago');
  await expect(old).toContainText('no labels');
  await shots(page, '12-runners');
  await store.runners.remove('e2e-gpu-box-4242');
  await store.runners.remove('e2e-old-box-17');
});

test('the stage’s own runner reports itself on the Runners page', async ({ page }) => {
  // `arcflow serve` heartbeats as `<host>-<pid>` (the runner part of issue 13).
  await page.goto('/runners');
  await expect(
    page.getByTestId('runner').filter({ hasText: hostname() }).filter({ hasNotText: 'e2e-' }),
  ).not.toHaveCount(0, { timeout: 20_000 });
});

test('a run started by a push opens with its inciting incident', async ({ page }) => {
  const runId = await runWithEvent();
  await page.goto(`/runs/${runId}`);
  const incident = page.getByTestId('inciting-incident');
  await expect(incident).toContainText('Ada pushed 3 commits to main');
  await expect(incident).toContainText('3f2a9c1');
  // The runner tells it too, as the story's first sentence.
  await expect(story(page)).toContainText('Ada pushed 3 commits to main', { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Succeeded', {
    timeout: 60_000,
  });
  await shots(page, '12-run-incident');

  await page.goto('/runs');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: runId }) });
  await expect(row.getByTestId('run-trigger')).toHaveText('push to main by Ada');
});

test('a queued run says why it waits, on its page and in the runs list', async ({ page }) => {
  // Held by a runner that is not there, so it stays queued while the page is looked at.
  const runId = await runWithEvent(
    {
      event: {
        kind: 'schedule',
        source: 'cron',
        schedule: {
          cron: '0 3 * * 1-5',
          timezone: 'Europe/Paris',
          time: '2026-12-02T02:00:00.000Z',
        },
      },
      runsOn: ['gpu'],
      queuedReason: 'waiting for a runner with labels gpu',
    },
    { owner: 'e2e-nobody', ttlMs: 60_000 },
  );
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId('inciting-incident')).toContainText('The nightly schedule fired');
  const notice = page.getByTestId('queue-notice');
  await expect(notice).toContainText('waiting for a runner with labels gpu');
  await shots(page, '12-run-queued');

  await page.goto('/runs');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: runId }) });
  await expect(row.getByTestId('queue')).toContainText('waiting for a runner with labels gpu');
  await expect(row.getByTestId('run-trigger')).toHaveText('schedule 0 3 * * 1-5');
  await shots(page, '12-runs-list');
  await api('mutation', 'runs.cancel', { runId });
});

const HOOK_ARC = `name: hook-arc
narrative: "An alert asks for a look"
on:
  webhook: {}
  push: { branches: [main, "release/*"], paths: ["src/**", "!docs/**"] }
  schedule: [{ cron: "0 3 * * 1-5", timezone: "Europe/Paris" }]
concurrency: { group: "hook-arc", cancel_in_progress: false }
steps:
  - id: look
    action: shell
    universe: engineer
    beat: "Someone looks"
    with: { run: "echo looking" }
`;

test('the workflow page sums up its triggers and the next fire times', async ({ page }) => {
  const dir = join(workspaceDir(), '.mia', 'workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'hook-arc.yaml'), HOOK_ARC);
  await page.goto('/workflows/hook-arc');
  await page.getByRole('button', { name: 'Triggers', exact: true }).click();
  const panel = page.getByTestId('triggers-panel');
  await expect(panel).toContainText('main, release/*');
  await expect(panel).toContainText('src/**, !docs/**');
  await expect(panel.getByTestId('webhook-url')).toHaveText(
    /^http:\/\/[^/]+:\d+\/hooks\/hook-arc$/,
  );
  await expect(panel.getByTestId('next-fires').getByRole('row')).toHaveCount(6);
  await expect(panel.getByTestId('next-fires')).toContainText('03:00');
  await shots(page, '12-workflow-triggers');
});

test('the Deliveries page lists what the intake recorded; one opens with its headers and payload', async ({
  page,
}) => {
  if ((await store.deliveries.list({ workspaceDir: workspaceDir(), limit: 1 })).length === 0) {
    await page.goto('/deliveries');
    await expect(page.getByText('No deliveries yet')).toBeVisible();
    await shots(page, '12-deliveries-empty');
  }
  const runId = await runWithEvent();
  const recorded = async (
    deliveryId: string,
    fields: Partial<Parameters<Store['deliveries']['record']>[0]>,
  ) =>
    (
      await store.deliveries.record({
        workspaceDir: workspaceDir(),
        source: 'github',
        deliveryId,
        eventKind: 'push',
        verdict: 'accepted',
        ...fields,
      })
    ).delivery;
  const accepted = await recorded(`e2e-${Date.now()}-accepted`, {
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/2b1d3c4',
      'x-github-event': 'push',
      'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    },
    payload: {
      kind: 'json',
      value: {
        ref: 'refs/heads/main',
        before: PUSH.before,
        after: PUSH.sha,
        pusher: { name: 'Ada', email: 'ada@example.com' },
        commits: PUSH.commits.map((c) => ({
          id: c.sha,
          message: c.message,
          modified: [
            'src/parser/a-rather-long-path/that-goes-on-and-on/and-keeps-going-well-past-the-width-of-the-panel.ts',
          ],
        })),
      },
    },
  });
  await store.deliveries.attachRuns(accepted.id, [runId]);
  await recorded(`e2e-${Date.now()}-ignored`, {
    eventKind: 'push',
    verdict: 'ignored',
    reason: 'branch feature/parser does not match on.push.branches main, release/*',
    payload: { kind: 'json', value: { ref: 'refs/heads/feature/parser' } },
  });
  await recorded(`e2e-${Date.now()}-refused`, {
    source: 'generic',
    workflowName: 'hook-arc',
    eventKind: 'webhook',
    verdict: 'refused',
    reason:
      'the signature does not match: sign the body with the webhook secret (X-Arcflow-Signature-256)',
    payload: { kind: 'text', text: 'alert=cpu-high' },
  });

  await page.goto('/deliveries');
  const row = page.locator(`[data-delivery="${accepted.deliveryId}"]`);
  await expect(row).toContainText('GitHub');
  await expect(row.getByRole('link', { name: runId })).toBeVisible();
  await expect(page.locator('[data-verdict="ignored"]').first()).toContainText(
    'does not match on.push.branches',
  );
  await row.getByRole('button').first().click();
  await expect(page).toHaveURL(new RegExp(`/deliveries\\?id=${accepted.id}$`));
  const detail = page.getByTestId('delivery-detail');
  await expect(detail).toContainText('x-github-event');
  await expect(detail.getByTestId('delivery-payload')).toContainText('"name": "Ada"');
  // A long payload scrolls inside its box: the page does not grow sideways.
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: document.documentElement.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.view);
  await shots(page, '12-deliveries');

  await page.getByLabel('Verdict').selectOption('refused');
  await expect(page.getByTestId('delivery')).toHaveCount(1);
  await expect(page.getByTestId('delivery')).toContainText('signature does not match');
});

test('a webhook delivery shows on the Deliveries page, and Redeliver starts it again', async ({
  page,
}) => {
  const dir = join(workspaceDir(), '.mia', 'workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'hook-arc.yaml'), HOOK_ARC);
  const body = JSON.stringify({ alert: 'cpu-high', host: 'web-3', value: 97.5 });
  const signature = createHmac('sha256', LOCAL_WEBHOOK_SECRET).update(body).digest('hex');
  const response = await fetch(`${API_URL}/hooks/hook-arc`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'grafana-alerts',
      'x-arcflow-signature-256': `sha256=${signature}`,
    },
    body,
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);

  await page.goto('/deliveries');
  await expect(page.getByRole('heading', { name: 'Deliveries', level: 1 })).toBeVisible();
  const delivery = page
    .getByTestId('delivery')
    .filter({ hasText: 'hook-arc' })
    .and(page.locator('[data-verdict="accepted"]'))
    .first();
  await expect(delivery).toBeVisible();
  await expect(delivery.getByRole('link')).not.toHaveCount(0);
  await delivery.getByRole('button').first().click();
  const detail = page.getByTestId('delivery-detail');
  await expect(detail.getByTestId('delivery-payload')).toContainText('"alert": "cpu-high"');
  await expect(detail).toContainText('content-type');
  await expect(detail).not.toContainText(signature);
  await shots(page, '12-delivery');

  await detail.getByTestId('redeliver').click();
  const redelivered = page.getByTestId('redelivered');
  await expect(redelivered).toContainText('Redelivered as');
  await expect(redelivered.getByRole('link')).toHaveCount(1);
  await expect(
    page
      .locator('[data-testid="delivery"][data-verdict="accepted"]')
      .filter({ hasText: 'hook-arc' }),
  ).toHaveCount(2);
  await shots(page, '12-redelivered');
});
