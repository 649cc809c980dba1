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
