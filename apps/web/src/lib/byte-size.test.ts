import { describe, expect, it } from 'vitest';
import { humanBytes } from './byte-size';

describe('humanBytes', () => {
  it('says bytes the way people read them', () => {
    expect(humanBytes(0)).toBe('0 B');
    expect(humanBytes(999)).toBe('999 B');
    expect(humanBytes(1500)).toBe('1.5 kB');
    expect(humanBytes(300_000)).toBe('300 kB');
    expect(humanBytes(12_345_678)).toBe('12 MB');
    expect(humanBytes(5e15)).toBe('5000 TB');
  });
});
