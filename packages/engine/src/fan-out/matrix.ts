/**
 * The combinations of a step's `matrix`, as GitHub Actions computes them: the cartesian
 * product of the axes (the first axis varies slowest), less every combination that matches
 * all the keys of an `exclude` entry, then each `include` entry either added to every
 * combination whose original values it does not contradict, or, when it fits none, added as
 * a combination of its own.
 */

export type Combination = Record<string, unknown>;

export interface MatrixSpec {
  axes: Record<string, readonly unknown[]>;
  include: readonly Combination[];
  exclude: readonly Combination[];
}

/** Reads `matrix:` as written (already checked by the schema). */
export function matrixSpecOf(matrix: Record<string, unknown>): MatrixSpec {
  const axes: Record<string, readonly unknown[]> = {};
  for (const [key, value] of Object.entries(matrix)) {
    if (key !== 'include' && key !== 'exclude' && Array.isArray(value)) axes[key] = value;
  }
  const list = (value: unknown) =>
    (Array.isArray(value) ? value : []).filter(
      (entry): entry is Combination =>
        typeof entry === 'object' && entry !== null && !Array.isArray(entry),
    );
  return { axes, include: list(matrix.include), exclude: list(matrix.exclude) };
}

/** Every combination, in order; `limit` stops the product early (the caller reports it). */
export function matrixCombinations(
  spec: MatrixSpec,
  limit = Number.POSITIVE_INFINITY,
): Combination[] {
  const keys = Object.keys(spec.axes);
  let product: Combination[] = keys.length === 0 ? [] : [{}];
  for (const key of keys) {
    const next: Combination[] = [];
    for (const partial of product) {
      for (const value of spec.axes[key] ?? []) {
        next.push({ ...partial, [key]: value });
        if (next.length > limit) return next;
      }
    }
    product = next;
  }
  const kept = product.filter((combo) => !spec.exclude.some((entry) => matches(combo, entry)));
  const extended = kept.map((combo) => ({ ...combo }));
  for (const entry of spec.include) {
    let fitted = false;
    for (const combo of extended) {
      const contradicts = keys.some(
        (key) => Object.hasOwn(entry, key) && !sameValue(entry[key], combo[key]),
      );
      if (contradicts) continue;
      Object.assign(combo, entry);
      fitted = true;
    }
    if (!fitted) extended.push({ ...entry });
  }
  return extended;
}

/** Every key a combination may have: the axes and the keys include entries add. */
export function matrixKeys(spec: MatrixSpec): string[] {
  const keys = new Set(Object.keys(spec.axes));
  for (const entry of spec.include) for (const key of Object.keys(entry)) keys.add(key);
  return [...keys];
}

function matches(combo: Combination, entry: Combination): boolean {
  return Object.keys(entry).every((key) => sameValue(entry[key], combo[key]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // `node: 20` in exclude matches `node: "20"` on an axis, as people mean it.
    return (
      (typeof a === 'number' || typeof a === 'string') &&
      (typeof b === 'number' || typeof b === 'string') &&
      String(a) === String(b)
    );
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
