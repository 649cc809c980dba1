import type { NewAuditEntry } from '@arcflow/db';
import { CLIENT_IP_HEADER } from './client-ip.ts';

/**
 * The audit entry for a sign-in, a failed sign-in, a sign-out or "sign out everywhere",
 * with the address and browser it came from. `who` is unknown for a failed sign-in: the
 * name that was tried goes into `details`.
 */
export function signInAuditEntry(
  action: 'auth.sign_in' | 'auth.sign_in_failed' | 'auth.sign_out' | 'auth.revoke_sessions',
  headers: Headers | undefined,
  who: { userId: string; username: string } | undefined,
  details: Record<string, unknown> = {},
): NewAuditEntry {
  const attempted = typeof details.username === 'string' ? details.username : undefined;
  return {
    actorKind: who ? 'user' : 'anonymous',
    actorUserId: who?.userId ?? null,
    actorName: who?.username ?? attempted ?? 'anonymous',
    action,
    targetType: who ? 'user' : null,
    targetId: who?.userId ?? null,
    details,
    ip: headers?.get(CLIENT_IP_HEADER) ?? null,
    userAgent: headers?.get('user-agent')?.slice(0, 500) ?? null,
    client: 'web',
  };
}

/** How a better-auth path signs someone in, if it does. */
export function signInMethod(path: string): string | undefined {
  if (path === '/sign-in/username' || path === '/sign-in/email') return 'password';
  if (path === '/magic-link/verify') return 'link';
  if (path.startsWith('/callback/')) return path.slice('/callback/'.length);
  if (path.startsWith('/oauth2/callback/')) return path.slice('/oauth2/callback/'.length);
  return undefined;
}

/** A failed link or OAuth return is a redirect carrying `?error=…`: that code, for the audit. */
export function failureFromRedirect(error: {
  headers?: ConstructorParameters<typeof Headers>[0];
}): string {
  const location = new Headers(error.headers).get('location');
  if (!location) return 'failed';
  try {
    return new URL(location).searchParams.get('error') ?? 'failed';
  } catch {
    return 'failed';
  }
}
