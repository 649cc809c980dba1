/** Up to `limit` step ids matching `query` (case-insensitive): prefix matches first, then the rest. */
export function matchSteps(ids: readonly string[], query: string, limit = 8): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const prefix: string[] = [];
  const inside: string[] = [];
  for (const id of ids) {
    const at = id.toLowerCase().indexOf(q);
    if (at === 0) prefix.push(id);
    else if (at > 0 && inside.length < limit) inside.push(id);
    if (prefix.length >= limit) break;
  }
  return [...prefix, ...inside].slice(0, limit);
}
