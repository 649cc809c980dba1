import { describe, expect, it } from 'vitest';
import { unstorableInput } from './unstorable-input.ts';

describe('unstorableInput', () => {
  it('passes text PostgreSQL can store, emoji (surrogate pairs) included', () => {
    expect(unstorableInput({ name: 'ok 😀', list: ['a', { b: 'é' }], n: 1 })).toBeUndefined();
    expect(unstorableInput(undefined)).toBeUndefined();
  });

  it('names the field that holds a NUL character or a lone surrogate', () => {
    expect(unstorableInput({ userId: 'a\0b' })).toBe(
      'input.userId contains the NUL character (\\0), which the runner cannot store; remove it',
    );
    expect(unstorableInput({ only: ['ok', '\uD800'] })).toMatch(
      /^input\.only\[1\] contains a lone surrogate/,
    );
    expect(unstorableInput({ a: { '\uDC00x': 1 } })).toMatch(
      /^a key of input\.a contains a lone surrogate/,
    );
    expect(unstorableInput('\0')).toMatch(/^input contains the NUL character/);
  });
});
