import { describe, expect, it } from 'vitest';
import { RefusalLimit } from './refusal-limit.ts';

describe('RefusalLimit', () => {
  it('blocks an address for the rest of its minute once it reaches the limit, and no other', () => {
    let now = 0;
    const limit = new RefusalLimit(2, () => now);
    limit.refused('a');
    expect(limit.blocked('a')).toBe(false);
    limit.refused('a');
    expect(limit.blocked('a')).toBe(true);
    expect(limit.blocked('b')).toBe(false);
    now = 45_000;
    expect(limit.retryAfterSeconds('a')).toBe(15);
    now = 60_000;
    expect(limit.blocked('a')).toBe(false);
  });

  it('0 is no limit', () => {
    const limit = new RefusalLimit(0);
    for (let i = 0; i < 100; i++) limit.refused('a');
    expect(limit.blocked('a')).toBe(false);
  });

  it('forgets the oldest addresses beyond its bound', () => {
    const limit = new RefusalLimit(1, () => 0, 2);
    limit.refused('a');
    limit.refused('b');
    limit.refused('c');
    expect([limit.blocked('a'), limit.blocked('b'), limit.blocked('c')]).toEqual([
      false,
      true,
      true,
    ]);
  });
});
