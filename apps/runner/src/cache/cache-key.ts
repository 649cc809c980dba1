import { createHash } from 'node:crypto';

/** What a step's cache key is computed from (see `stepCacheKey`). */
export interface CacheKeyParts {
  workflow: string;
  stepId: string;
  action: string;
  /** The step's `with`, expressions resolved; secrets as their `${{ secrets.NAME }}` sentinels. */
  with: Record<string, unknown>;
  /** The workflow's and the step's own `env:` resolved, not the runner's whole environment. */
  env: Record<string, string>;
  /** The step's `cache.key`, resolved. */
  key: string;
  /** The files its `cache.inputs` match: workspace-relative path and sha256 of the content. */
  files: ReadonlyArray<{ path: string; sha256: string }>;
}

/**
 * The sha256 (hex) of the parts as canonical JSON: object keys sorted at every level, so the
 * same step with the same inputs gets the same key on every machine, whatever the key order
 * of its YAML. The workflow and step are part of it: a hit always names this step's own
 * earlier execution.
 */
export function stepCacheKey(parts: CacheKeyParts): string {
  const files = [...parts.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const canonical = canonicalJson({ version: 1, ...parts, files });
  return createHash('sha256').update(canonical).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
