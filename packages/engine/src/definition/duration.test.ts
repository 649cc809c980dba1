import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it('reads a number as seconds', () => {
    expect(parseDuration(30)).toBe(30_000);
    expect(parseDuration(1.5)).toBe(1_500);
    expect(parseDuration(0)).toBe(0);
  });

  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['1m30s250ms', 90_250],
    ['1.5h', 5_400_000],
    ['45', 45_000],
    [' 10m ', 600_000],
  ])('reads %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'abc', '-5s', '10 minutes', '10x', '1h 30m', '30m1h', '1m1m', 'ms', '1.s'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  it('rejects negative and non-finite numbers', () => {
    expect(parseDuration(-1)).toBeUndefined();
    expect(parseDuration(Number.NaN)).toBeUndefined();
    expect(parseDuration(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(parseDuration(Number.MAX_SAFE_INTEGER)).toBeUndefined();
  });
});
