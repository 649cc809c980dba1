/**
 * Every request to the runner from the browser carries its session cookie and the CSRF
 * header the runner requires of cookie-authenticated requests (it forces a CORS preflight,
 * which a foreign page cannot pass).
 */
export const CSRF_HEADER = { 'x-arcflow-csrf': '1' } as const;

export function runnerFetch(
  url: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(CSRF_HEADER)) headers.set(name, value);
  return fetch(url, { ...init, headers, credentials: 'include' });
}
