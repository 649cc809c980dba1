import { runnerFetch } from '@/lib/runner-fetch';

/** What the runner's `/api/auth/*` answered, as the sign-in page shows it. */
export type SignInResult = { ok: true; url?: string } | { ok: false; message: string };

const UNREACHABLE = (apiUrl: string) =>
  `The runner at ${apiUrl.replace(/^https?:\/\//, '')} does not answer. Is \`arcflow serve --team\` running?`;

/** The message for a refused sign-in; `retryAfter` is the 429's `x-retry-after` (seconds). */
export function signInErrorMessage(
  status: number,
  retryAfter: string | null,
  body: unknown,
): string {
  if (status === 401) return 'Wrong username or password.';
  if (status === 404) return 'This runner offers no sign-in. Is it started with `--team`?';
  if (status === 429) {
    const seconds = Number.parseInt(retryAfter ?? '', 10);
    return Number.isFinite(seconds) && seconds > 0
      ? `Too many attempts — try again in ${seconds} s.`
      : 'Too many attempts — try again in a minute.';
  }
  const message =
    typeof body === 'object' && body !== null && 'message' in body
      ? String((body as { message: unknown }).message)
      : '';
  if (status === 403) {
    return message
      ? `The runner refused: ${message}`
      : 'This account may not sign in. Ask an admin.';
  }
  return message ? `Could not sign in: ${message}` : `Could not sign in (HTTP ${status}).`;
}

async function post(apiUrl: string, path: string, body: unknown): Promise<SignInResult> {
  let response: Response;
  try {
    response = await runnerFetch(`${apiUrl}/api/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, message: UNREACHABLE(apiUrl) };
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    return {
      ok: false,
      message: signInErrorMessage(response.status, response.headers.get('x-retry-after'), json),
    };
  }
  const url =
    typeof json === 'object' && json !== null && 'url' in json
      ? String((json as { url: unknown }).url)
      : undefined;
  return { ok: true, url };
}

export const signInWithPassword = (apiUrl: string, username: string, password: string) =>
  post(apiUrl, 'sign-in/username', { username, password });

/**
 * GitHub, GitLab, Google (`social`) or any OIDC issuer (`oidc`): answers the URL to go to.
 * The provider sends the browser back to `callbackURL`, or to `errorCallbackURL` with
 * `?error=<code>` when signing in failed there.
 */
export const signInWithProvider = (
  apiUrl: string,
  provider: { id: string; type: 'social' | 'oidc' },
  callbackURL: string,
  errorCallbackURL: string,
) =>
  provider.type === 'social'
    ? post(apiUrl, 'sign-in/social', { provider: provider.id, callbackURL, errorCallbackURL })
    : post(apiUrl, 'sign-in/oauth2', { providerId: provider.id, callbackURL, errorCallbackURL });

/** The message for the `?error=` an identity provider's sign-in came back with. */
export function providerErrorMessage(code: string): string {
  const normalized = code.toLowerCase();
  if (normalized.includes('signup') || normalized.includes('user_not_found')) {
    return 'No Arcflow account matches that identity. An admin adds people with `arcflow user add`; the email must match.';
  }
  if (normalized.includes('banned')) return 'This account is disabled. Ask an admin.';
  if (normalized === 'access_denied') return 'Signing in was cancelled at the provider.';
  return `Signing in with the provider failed (${code}).`;
}

export const signOut = (apiUrl: string, everywhere: boolean) =>
  post(apiUrl, everywhere ? 'revoke-sessions' : 'sign-out', {});
