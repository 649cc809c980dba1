import { describe, expect, it } from 'vitest';
import { BYTE_SIZE_PATTERN, parseByteSize } from './byte-size.ts';

describe('parseByteSize', () => {
  it.each([
    [1_048_576, 1_048_576],
    ['1048576', 1_048_576],
    ['512KB', 512_000],
    ['512kb', 512_000],
    ['10MB', 10_000_000],
    ['10 MB', 10_000_000],
    ['1GB', 1_000_000_000],
    ['1.5MB', 1_500_000],
    ['64KiB', 65_536],
    ['2MiB', 2_097_152],
    ['1GiB', 1_073_741_824],
    ['200B', 200],
  ])('reads %j as %d bytes', (value, bytes) => {
    expect(parseByteSize(value)).toBe(bytes);
    if (typeof value === 'string') expect(new RegExp(BYTE_SIZE_PATTERN).test(value)).toBe(true);
  });

  it.each(['', 'lots', '10 megabytes', '-5MB', '5TB', 'MB', '1e6', '10MB10KB'])(
    'refuses %j',
    (value) => {
      expect(parseByteSize(value)).toBeUndefined();
      expect(new RegExp(BYTE_SIZE_PATTERN).test(value)).toBe(false);
    },
  );

  it('refuses a negative or unsafe number', () => {
    expect(parseByteSize(-1)).toBeUndefined();
    expect(parseByteSize(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
