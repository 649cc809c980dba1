import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { API_URL, SCREENSHOTS_DIR, sharedWorkspace } from './env.ts';

/** The workspace the runner serves (made by global setup). */
export function workspaceDir(): string {
  return sharedWorkspace();
}

/** A full-page screenshot into e2e/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** Calls the runner's tRPC API directly (HTTP), for setting the scene — not for assertions. */
export async function api<T>(
  kind: 'query' | 'mutation',
  procedure: string,
  input?: unknown,
): Promise<T> {
  const url =
    kind === 'query'
      ? `${API_URL}/${procedure}?input=${encodeURIComponent(JSON.stringify(input ?? null))}`
      : `${API_URL}/${procedure}`;
  const response = await fetch(url, {
    method: kind === 'query' ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: kind === 'query' ? undefined : JSON.stringify(input ?? null),
  });
  const body = (await response.json()) as {
    result?: { data: T };
    error?: { message?: string };
  };
  if (!response.ok || !body.result) {
    throw new Error(`${procedure}: ${body.error?.message ?? response.status}`);
  }
  return body.result.data;
}

/** A step of the run page's step list ("Beats"), by id. */
export function runStep(page: Page, stepId: string) {
  return page
    .getByTestId('run-steps')
    .getByRole('listitem')
    .filter({
      has: page.getByText(stepId, { exact: true }),
    });
}

/** The run's status badge, next to the workflow's name in the page heading. */
export function runStatus(page: Page) {
  return page.getByRole('heading', { level: 1 });
}

/** The story: one line per event. */
export function story(page: Page) {
  return page.getByTestId('story');
}

/**
 * `page` that fails the test on an uncaught exception in the page (a broken page), and keeps
 * the browser's console errors for the report.
 */
export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use, testInfo) => {
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    await use(page);
    if (consoleErrors.length > 0) {
      await testInfo.attach('console-errors', { body: consoleErrors.join('\n') });
    }
    expect(pageErrors, 'uncaught exceptions in the page').toEqual([]);
  },
});

export { expect };
