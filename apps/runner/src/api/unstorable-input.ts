/**
 * Text PostgreSQL cannot store, found anywhere in a request's input: a NUL character (`\0`)
 * or a lone UTF-16 surrogate (`"\ud800"` in JSON), which has no UTF-8 form. No name, id or
 * value of Arcflow needs either, so the API refuses them in every field, saying where,
 * instead of letting the database fail on them.
 */
export function unstorableInput(value: unknown): string | undefined {
  const found = find(value, 'input', 0);
  if (found === undefined) return undefined;
  const what = found.nul ? 'the NUL character (\\0)' : 'a lone surrogate (not valid Unicode)';
  return `${found.path} contains ${what}, which the runner cannot store; remove it`;
}

function find(
  value: unknown,
  path: string,
  depth: number,
): { path: string; nul: boolean } | undefined {
  if (typeof value === 'string') return problemIn(value, path);
  // tRPC's JSON bounds the depth; the limit only keeps the walk from following a cycle.
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = find(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const found = problemIn(key, `a key of ${path}`) ?? find(item, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A high surrogate not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function problemIn(text: string, path: string): { path: string; nul: boolean } | undefined {
  if (text.includes('\0')) return { path, nul: true };
  if (LONE_SURROGATE.test(text)) return { path, nul: false };
  return undefined;
}
