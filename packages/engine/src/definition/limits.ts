/** Limits that keep hostile input from costing much before it is rejected. */
/** 8 MiB: room for MAX_STEPS steps of about 160 bytes each. */
export const MAX_FILE_BYTES = 8 * 1_048_576;
export const MAX_STEPS = 50_000;
/** Instances of one matrix step, as GitHub Actions allows per job matrix. */
export const MAX_MATRIX_INSTANCES = 256;
/** Instances of one `for_each` step, decided at run time. */
export const MAX_FOR_EACH_ITEMS = 1_000;
/** Alias nodes in one file; real workflows use a handful, and the yaml package resolves each in linear time. */
export const MAX_ALIASES = 1_000;
/** `maxAliasCount` for the yaml package: caps how far aliases may expand. */
export const MAX_ALIAS_EXPANSION = 1_000;
/**
 * Maps and lists inside each other: a real workflow needs about 10. The YAML readers recurse
 * per level and overflow the stack near 1,000, so text deeper than this is refused unread.
 */
export const MAX_NESTING_DEPTH = 64;
/** Node's setTimeout fires at once for anything longer (2^31 - 1 ms, about 24.8 days). */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** The bounds of `log_max_bytes`: below 1 kB a log says little; the runner holds half of it in memory. */
export const MIN_LOG_MAX_BYTES = 1_000;
export const MAX_LOG_MAX_BYTES = 1_000_000_000;

/** UTF-8 size of `text` without allocating an encoded copy. */
export function utf8ByteLength(text: string): number {
  if (!NOT_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range starts at NUL
const NOT_ASCII = /[^\x00-\x7F]/;
