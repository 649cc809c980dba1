/** Sentences for summaries. */

/** `1 test`, `2 tests`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** `a, b, c, d, e and 3 more`: the first `shown` items; `total` when more exist than listed. */
export function listSome(items: readonly string[], shown = 5, total = items.length): string {
  const head = items.slice(0, shown).join(', ');
  const rest = Math.max(total, items.length) - Math.min(items.length, shown);
  return rest > 0 ? `${head} and ${rest} more` : head;
}

/** The last `count` non-blank lines of a text. */
export function lastLines(text: string, count = 20): string[] {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-count);
}
