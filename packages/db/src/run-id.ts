import { randomBytes } from 'node:crypto';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Picks `count` characters uniformly from `alphabet` (rejection sampling: no modulo bias). */
function randomChars(alphabet: string, count: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < count) {
    for (const byte of randomBytes(count * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === count) break;
    }
  }
  return out;
}

/**
 * A short run id people can type: a letter then 8 base36 characters, e.g. `r7k2m9x4q`
 * (about 7 * 10^13 values). Starting with a letter keeps it from looking like a number.
 */
export function newRunId(): string {
  return randomChars(LETTERS, 1) + randomChars(BASE36, 8);
}

export const RUN_ID_PATTERN = /^[a-z][0-9a-z]{8}$/;
