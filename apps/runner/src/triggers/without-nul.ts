/**
 * PostgreSQL's text and jsonb cannot hold NUL (`\0`, `\u0000`), and a sender decides what a
 * delivery holds: each NUL becomes U+FFFD before anything of it is stored.
 */
const NUL = /\0/g;
const REPLACEMENT = '\uFFFD';

export const textWithoutNul = (text: string): string => text.replace(NUL, REPLACEMENT);

/** A parsed JSON value with NUL taken out of every string, keys included. */
export function jsonWithoutNul(value: unknown): unknown {
  if (typeof value === 'string') return textWithoutNul(value);
  if (Array.isArray(value)) return value.map(jsonWithoutNul);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [textWithoutNul(key), jsonWithoutNul(item)]),
    );
  }
  return value;
}
