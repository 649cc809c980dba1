import type { Browser, BrowserContext, Page } from '@playwright/test';
import { TEAM_API_URL, TEAM_USERS, TEAM_WEB_URL } from './env.ts';
import { expect } from './fixtures.ts';

export type TeamUser = (typeof TEAM_USERS)[number];

export function teamUser(username: TeamUser['username']): TeamUser {
  const user = TEAM_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`no team user ${username}`);
  return user;
}

/** A browser context of its own (its own cookies) signed in on the team stage's sign-in page. */
export async function signedIn(
  browser: Browser,
  username: TeamUser['username'],
): Promise<{ context: BrowserContext; page: Page }> {
  const user = teamUser(username);
  const context = await browser.newContext({ baseURL: TEAM_WEB_URL });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  return { context, page };
}

/**
 * A tRPC mutation sent with the context's session cookie, as the web app sends it (allowed
 * Origin, CSRF header) — to show that the server refuses what the UI hides.
 */
export async function mutateAs(
  context: BrowserContext,
  procedure: string,
  input: unknown,
): Promise<{ status: number; message: string | undefined }> {
  const response = await context.request.post(`${TEAM_API_URL}/${procedure}`, {
    headers: { origin: TEAM_WEB_URL, 'x-arcflow-csrf': '1', 'content-type': 'application/json' },
    data: input,
  });
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  return { status: response.status(), message: body.error?.message };
}
