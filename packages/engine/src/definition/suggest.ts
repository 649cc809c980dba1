import { distance } from 'fastest-levenshtein';

/**
 * Finds likely typos. Shared by one parse: its budget of distance computations keeps a file
 * with thousands of misspellings among thousands of steps from taking seconds; once spent,
 * messages simply go without a suggestion.
 */
export class Suggester {
  constructor(private budget = 1_000_000) {}

  /**
   * The candidate closest to `value` when it is close enough to be a typo: at most 40% of
   * the value's length (and never more than 3 edits) away, ignoring case.
   */
  closest(value: string, candidates: readonly string[]): string | undefined {
    const wanted = value.toLowerCase();
    const allowed = Math.min(3, Math.max(1, Math.floor(wanted.length * 0.4)));
    if (this.budget < candidates.length) return undefined;
    this.budget -= candidates.length;
    let best: string | undefined;
    let bestDistance = allowed + 1;
    for (const candidate of candidates) {
      if (Math.abs(candidate.length - wanted.length) >= bestDistance) continue;
      const d = distance(wanted, candidate.toLowerCase());
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best === value ? undefined : best;
  }

  /**
   * `; did you mean "x"? Hint` when a candidate is close, else `; hint`: the tail of
   * messages like `unknown action "shel"; did you mean "shell"? Known actions: noop, shell`.
   */
  tail(value: string, candidates: readonly string[], hint?: string): string {
    const match = this.closest(value, candidates);
    if (match === undefined) return hint === undefined ? '' : `; ${hint}`;
    const question = `; did you mean "${match}"?`;
    return hint === undefined ? question : `${question} ${hint[0]!.toUpperCase()}${hint.slice(1)}`;
  }
}
