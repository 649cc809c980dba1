/** Where a signed-out visitor goes, and where they come back to. */
export const SIGN_IN_PATH = '/sign-in';

/**
 * The path to return to after signing in: only a path of this app (`/runs/x?y`), never
 * another site (`//evil.example`, `https://…`) and never the sign-in page itself.
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw === SIGN_IN_PATH || raw.startsWith(`${SIGN_IN_PATH}?`)) return '/';
  return raw;
}

/** `/sign-in?next=<path>` for the page the visitor was on. */
export function signInHref(next: string): string {
  const back = safeNext(next);
  return back === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(back)}`;
}

/** Whether a tRPC call failed because nobody (or nobody still valid) is signed in. */
export function isUnauthorized(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('data' in error)) return false;
  const data = (error as { data?: { code?: unknown; httpStatus?: unknown } | null }).data;
  return data?.code === 'UNAUTHORIZED' || data?.httpStatus === 401;
}
