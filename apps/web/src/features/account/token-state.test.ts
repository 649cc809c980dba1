import { describe, expect, it } from 'vitest';
import type { TokenJson } from '@/lib/api-types';
import { tokenHint, tokenState } from './token-state';

const token = (over: Partial<TokenJson> = {}): TokenJson => ({
  id: 'tok_abc',
  name: 'ci',
  prefix: 'arc_1a2b3c',
  userId: 'u1',
  username: 'alice',
  createdAt: '2026-12-01T00:00:00.000Z',
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  ...over,
});

describe('tokenState', () => {
  const now = Date.parse('2026-12-02T00:00:00.000Z');

  it('is active until it expires or is revoked', () => {
    expect(tokenState(token(), now)).toBe('active');
    expect(tokenState(token({ expiresAt: '2026-12-03T00:00:00.000Z' }), now)).toBe('active');
    expect(tokenState(token({ expiresAt: '2026-12-01T12:00:00.000Z' }), now)).toBe('expired');
  });

  it('says revoked even when it has expired too', () => {
    expect(
      tokenState(
        token({ expiresAt: '2026-12-01T12:00:00.000Z', revokedAt: '2026-12-01T06:00:00.000Z' }),
        now,
      ),
    ).toBe('revoked');
  });

  it('shows only the prefix of a token', () => {
    expect(tokenHint(token())).toBe('arc_1a2b3c…');
  });
});
