import type { TokenJson } from '@/lib/api-types';
import { toDate } from '@/lib/format';

export type TokenState = 'active' | 'expired' | 'revoked';

/** Whether a token still works: revoked wins over expired. */
export function tokenState(token: TokenJson, now = Date.now()): TokenState {
  if (token.revokedAt) return 'revoked';
  const expires = toDate(token.expiresAt);
  if (expires && expires.getTime() <= now) return 'expired';
  return 'active';
}

/** The choices of the create form, in days; null never expires. */
export const TOKEN_LIFETIMES = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: null, label: 'Never' },
] as const;

/**
 * "arc_1a2b3c…": enough to recognise a token, never enough to use it. The runner's `prefix` is
 * the token's first characters, `arc_` included.
 */
export const tokenHint = (token: TokenJson): string => `${token.prefix}…`;
