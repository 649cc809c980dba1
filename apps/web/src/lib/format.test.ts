import { describe, expect, it } from 'vitest';
import { duration, timeAgo, toDate } from './format';

describe('format', () => {
  const now = Date.parse('2026-01-01T12:00:00.000Z');

  it('says how long ago, in the largest sensible unit', () => {
    expect(timeAgo('2026-01-01T11:59:30.000Z', now)).toBe('30 seconds ago');
    expect(timeAgo('2026-01-01T11:55:00.000Z', now)).toBe('5 minutes ago');
    expect(timeAgo('2026-01-01T09:00:00.000Z', now)).toBe('3 hours ago');
    expect(timeAgo('2025-12-31T12:00:00.000Z', now)).toBe('yesterday');
    expect(timeAgo(null, now)).toBe('—');
  });

  it('gives durations in ms, seconds or minutes', () => {
    expect(duration('2026-01-01T12:00:00.000Z', '2026-01-01T12:00:00.250Z')).toBe('250 ms');
    expect(duration('2026-01-01T12:00:00.000Z', '2026-01-01T12:00:04.500Z')).toBe('4.5 s');
    expect(duration('2026-01-01T12:00:00.000Z', '2026-01-01T12:02:05.000Z')).toBe('2 min 5 s');
    expect(duration(null, '2026-01-01T12:00:00.000Z')).toBe('');
  });

  it('reads dates that crossed the wire as strings, and refuses nonsense', () => {
    expect(toDate('2026-01-01T12:00:00.000Z')?.getTime()).toBe(now);
    expect(toDate('not a date')).toBeNull();
  });
});
