const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** `512KB`, `10 MB`, `1.5GB`, `64KiB`, or a bare number of bytes (`1048576`). */
export const BYTE_SIZE_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$';
const BYTE_SIZE = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i;

/**
 * Converts a size to bytes: a number is bytes; a string is a number with an optional unit,
 * B, KB, MB, GB (decimal, as the runner's own messages count: 1 MB = 1,000,000 bytes) or
 * KiB, MiB, GiB (binary), in any case. Returns undefined for anything else (negative,
 * empty, unknown unit), and rounds down to whole bytes.
 */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return toBytes(value);
  const match = BYTE_SIZE.exec(value);
  if (!match) return undefined;
  return toBytes(Number(match[1]) * (UNIT_BYTES[(match[2] ?? 'b').toLowerCase()] ?? Number.NaN));
}

function toBytes(bytes: number): number | undefined {
  if (!Number.isFinite(bytes) || bytes < 0 || bytes > Number.MAX_SAFE_INTEGER) return undefined;
  return Math.floor(bytes);
}
