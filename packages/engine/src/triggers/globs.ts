import picomatch from 'picomatch/posix.js';

/**
 * Glob lists in GitHub Actions' style. `*` stays within a path segment, `**` crosses them,
 * dot files match like any other, and `!pattern` excludes. Patterns are read in order and
 * the last one that matches a value decides; a value no pattern matches is excluded.
 */

const OPTIONS = { dot: true } as const;
const matchers = new Map<string, (value: string) => boolean>();

function matcher(glob: string): (value: string) => boolean {
  const known = matchers.get(glob);
  if (known !== undefined) return known;
  const made: (value: string) => boolean = picomatch(glob, OPTIONS);
  if (matchers.size > 1000) matchers.clear();
  matchers.set(glob, made);
  return made;
}

/** Whether `value` is included by an ordered list of patterns with `!` negations. */
export function includedBy(patterns: readonly string[], value: string): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    if (matcher(glob)(value)) included = !negated;
  }
  return included;
}

/** Why `pattern` is not a usable glob, or undefined when it is. */
export function globProblem(pattern: string): string | undefined {
  const glob = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (glob.trim() === '') return `the pattern ${JSON.stringify(pattern)} matches nothing`;
  try {
    picomatch.makeRe(glob, { ...OPTIONS, strictBrackets: true });
    return undefined;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return `invalid glob ${JSON.stringify(pattern)}: ${detail}`;
  }
}
