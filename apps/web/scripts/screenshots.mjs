// Screenshots of every page, light and dark, at 1440×900 and 1280×720, with Debian's Chromium.
//
//   node scripts/screenshots.mjs --workspace DIR [--out DIR] [--base URL] [--api URL] [--only a,b]
//   (pages: workflows, editor, editor-problems, run, runs, dashboard, decision, sign-in,
//   account-tokens, admin-users, admin-tokens, admin-audit, admin-secrets)
//                                [--run ID] [--now ISO] [--full-page] [--sizes 1440x900,1024x768]
//
// Needs a runner (`arcflow serve --workspace DIR`) and the web app (`pnpm start`) running. It
// prepares a little data first: a customized template, a workflow with problems (written into
// the workspace directly, as the API refuses to save invalid YAML) and a run of `first-arc`.
//
// To compare two sets of screenshots pixel by pixel (before and after a change), take both
// against the same runner with `--run ID` (show that run instead of starting one, so the data
// stay the same) and `--now ISO` (the browser's clock stands still there, so "2 min ago" and
// live durations read the same); `--full-page` to see below the fold too, `--sizes` to try
// narrower windows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, DEFAULT_API_URL } from './env.mjs';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'screenshots' },
    base: { type: 'string', default: 'http://localhost:3000' },
    api: {
      type: 'string',
      default: DEFAULT_API_URL,
    },
    only: { type: 'string' },
    workspace: { type: 'string' },
    run: { type: 'string' },
    now: { type: 'string' },
    'full-page': { type: 'boolean', default: false },
    sizes: { type: 'string', default: '1440x900,1280x720' },
  },
});
const out = resolve(args.out);
mkdirSync(out, { recursive: true });

async function call(kind, procedure, input) {
  const url =
    kind === 'query'
      ? `${args.api}/${procedure}?input=${encodeURIComponent(JSON.stringify(input ?? null))}`
      : `${args.api}/${procedure}`;
  const response = await fetch(url, {
    method: kind === 'query' ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', 'x-arcflow-csrf': '1' },
    body: kind === 'query' ? undefined : JSON.stringify(input),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${procedure}: ${body.error?.message ?? response.status}`);
  return body.result.data;
}

const BROKEN = `name: broken-arc
narrative: "A workflow with a problem or two, to show the problems list"
steps:
  - id: build
    action: shell
    universe: engineer
    beat: "The build comes together"
    with: { run: "echo build" }
  - id: review
    action: request-reviews
    universe: ceremony
    depends_on: [build, lint]
    beat: "A reviewer welcomes it"
`;

async function prepare() {
  if (args.workspace) {
    const dir = join(resolve(args.workspace), '.mia', 'workflows');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'broken-arc.yaml'), BROKEN);
  }
  const list = await call('query', 'workflows.list');
  if (!list.some((w) => w.name === 'my-first-arc')) {
    await call('mutation', 'templates.customize', { template: 'first-arc', as: 'my-first-arc' });
  }
  const run = await call('mutation', 'runs.start', { workflow: 'first-arc' });
  for (let i = 0; i < 60; i++) {
    const current = await call('query', 'runs.get', { runId: run.id });
    if (['succeeded', 'failed', 'canceled', 'waiting'].includes(current.status)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return run.id;
}

const runId = args.run ?? (await prepare());
const pages = [
  { name: 'workflows', path: '/', wait: '[data-testid^="workflow-"]' },
  { name: 'editor', path: '/workflows/my-first-arc', wait: '[data-testid^="dag-node-"]' },
  { name: 'editor-problems', path: '/workflows/broken-arc', wait: '[data-testid="problems"] li' },
  { name: 'run', path: `/runs/${runId}`, wait: '[data-testid="run-steps"]' },
  { name: 'runs', path: '/runs', wait: 'main' },
  { name: 'dashboard', path: '/dashboard', wait: 'main' },
  // The approve dialog of the run's waiting step, when it has one.
  {
    name: 'decision',
    path: `/runs/${runId}`,
    wait: '[data-testid="run-steps"]',
    act: (page) =>
      page
        .getByRole('button', { name: 'Approve', exact: true })
        .first()
        .click({ timeout: 5_000 })
        .then(() => page.waitForSelector('[data-testid="decision-dialog"]')),
  },
  { name: 'sign-in', path: '/sign-in', wait: 'main' },
  { name: 'account-tokens', path: '/account/tokens', wait: 'main h1' },
  { name: 'admin-users', path: '/admin/users', wait: 'main h1' },
  { name: 'admin-tokens', path: '/admin/tokens', wait: 'main h1' },
  { name: 'admin-audit', path: '/admin/audit', wait: 'main h1' },
  { name: 'admin-secrets', path: '/admin/secrets', wait: 'main h1' },
].filter((p) => !args.only || args.only.split(',').includes(p.name));

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const sizes = args.sizes.split(',').map((size) => {
  const [width, height] = size.split('x').map(Number);
  if (!width || !height) throw new Error(`--sizes: ${size} is not WIDTHxHEIGHT`);
  return { width, height };
});
const problems = [];
try {
  for (const colorScheme of ['light', 'dark']) {
    for (const size of sizes) {
      const context = await browser.newContext({ viewport: size, colorScheme });
      const page = await context.newPage();
      if (args.now) await page.clock.setFixedTime(new Date(args.now));
      page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`${page.url()}: console: ${message.text()}`);
      });
      for (const target of pages) {
        await page.goto(args.base + target.path, { waitUntil: 'load' });
        await page.waitForSelector(target.wait, { timeout: 20_000 }).catch(() => {
          problems.push(`${target.name}: ${target.wait} never appeared`);
        });
        if (target.act) {
          await target.act(page).catch(() => problems.push(`${target.name}: could not act`));
        }
        await page.waitForTimeout(700);
        const file = join(out, `${target.name}-${colorScheme}-${size.width}x${size.height}.png`);
        await page.screenshot({ path: file, fullPage: args['full-page'] });
        console.log(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error('Problems seen in the browser:');
  for (const p of new Set(problems)) console.error(`  ${p}`);
}
