const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
const UNIT_ORDER: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];

/** `1h30m`, `90s`, `500ms`, `1.5h`, or a bare number of seconds (`30`). */
export const DURATION_PATTERN = '^\\s*(\\d+(\\.\\d+)?(d|h|ms|m|s))+\\s*$|^\\s*\\d+(\\.\\d+)?\\s*$';
const PART = /(\d+(?:\.\d+)?)(d|h|ms|m|s)/y;
const BARE_SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * Converts a duration to milliseconds: a number is seconds, a string is a sequence of
 * `<number><unit>` parts with units d, h, m, s, ms from largest to smallest.
 * Returns undefined for anything else (negative, empty, unknown unit, units out of order).
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return toMs(value * 1000);
  const text = value.trim();
  if (BARE_SECONDS.test(text)) return toMs(Number(text) * 1000);
  if (text === '') return undefined;

  let total = 0;
  let position = 0;
  let previousUnit = -1;
  while (position < text.length) {
    PART.lastIndex = position;
    const match = PART.exec(text);
    if (!match) return undefined;
    const unitIndex = UNIT_ORDER.indexOf(match[2] as Unit);
    if (unitIndex <= previousUnit) return undefined;
    previousUnit = unitIndex;
    total += Number(match[1]) * UNIT_MS[match[2] as Unit];
    position = PART.lastIndex;
  }
  return toMs(total);
}

function toMs(ms: number): number | undefined {
  if (!Number.isFinite(ms) || ms < 0 || ms > Number.MAX_SAFE_INTEGER) return undefined;
  return Math.round(ms);
}
