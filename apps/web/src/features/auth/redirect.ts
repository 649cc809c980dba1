/** Where a signed-out visitor goes, and where they come back to. */
export const SIGN_IN_PATH = '/sign-in';

/** A stand-in origin to resolve `next` against (reserved: never a real site). */
const APP_ORIGIN = 'http://app.arcflow.invalid';

/**
 * The path to return to after signing in: only a path of this app (`/runs/x?y#z`), never
 * another site and never the sign-in page itself. `next` is read the way a browser reads
 * it (which drops tabs and newlines and takes `\` for `/`, so `/\t/evil.example` is
 * `//evil.example`): anything that does not stay on this origin is `/`.
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw) return '/';
  let url: URL;
  try {
    url = new URL(raw, APP_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== APP_ORIGIN) return '/';
  // `/.//evil.example` resolves to the path `//evil.example`: another site once returned.
  if (url.pathname.startsWith('//') || url.pathname === SIGN_IN_PATH) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
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
