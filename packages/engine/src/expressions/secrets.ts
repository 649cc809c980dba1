/**
 * `${{ secrets.NAME }}`: the engine never sees a secret's value. Interpolation turns the
 * reference into a sentinel that holds only the name; the runner swaps sentinels for values
 * right before the action runs. Anything else that reaches a step's `with` or `env` (inputs,
 * upstream outputs) has the sentinel's marker removed, so no value can pose as a reference.
 */

/** Marks both ends of a sentinel; YAML may not carry it (validation refuses it). */
export const SECRET_MARK = '\u0000';
const PREFIX = `${SECRET_MARK}secret:`;

/** What a secret's name looks like: an environment variable's name. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const SENTINELS = new RegExp(`${SECRET_MARK}secret:([A-Za-z_][A-Za-z0-9_]*)${SECRET_MARK}`, 'g');

/** The stand-in for the value of secret `name`. */
export function secretSentinel(name: string): string {
  return `${PREFIX}${name}${SECRET_MARK}`;
}

/** Whether `value` holds a sentinel anywhere (strings, lists and maps, deeply). */
export function hasSecretSentinel(value: unknown): boolean {
  return secretNamesIn(value).length > 0;
}

/** The secret names whose sentinels `value` holds, each once, in reading order. */
export function secretNamesIn(value: unknown): string[] {
  const names = new Set<string>();
  walkStrings(value, (text) => {
    if (!text.includes(PREFIX)) return text;
    for (const match of text.matchAll(SENTINELS)) names.add(match[1] as string);
    return text;
  });
  return [...names];
}

/**
 * `value` with each sentinel replaced by the secret's value from `values`; a name missing
 * from `values` is left as its sentinel (the caller checks with `secretNamesIn` first).
 * Returns new objects only where something changed.
 */
export function fillSecrets<T>(value: T, values: ReadonlyMap<string, string>): T {
  return walkStrings(value, (text) =>
    text.includes(PREFIX)
      ? text.replace(SENTINELS, (whole, name: string) => values.get(name) ?? whole)
      : text,
  ) as T;
}

/** A value from anywhere but a secret, with the sentinel's marker taken out of its strings. */
export function disarmSentinels<T>(value: T): T {
  return walkStrings(value, (text) =>
    text.includes(SECRET_MARK) ? text.replaceAll(SECRET_MARK, '\uFFFD') : text,
  ) as T;
}

function walkStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const next = walkStrings(item, map);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (typeof value === 'object' && value !== null) {
    let out: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = walkStrings(item, map);
      if (next !== item) out ??= { ...(value as Record<string, unknown>) };
      if (out) out[key] = next;
    }
    return out ?? value;
  }
  return value;
}
