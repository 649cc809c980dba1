import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, posix, relative, resolve } from 'node:path';

/**
 * A small glob for the dev actions (Node 20 has no `fs.glob`): `*` and `?` within a path
 * segment, `**` for any number of segments, `{a,b}` alternatives, and `!pattern` to leave
 * matches out. Patterns are relative to the workspace; dotfiles match. `node_modules` and
 * `.git` are not searched unless a pattern names them literally.
 */

const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const GLOB_CHARS = /[*?{}[\]]/;

export function hasGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

export interface GlobOptions {
  /** Also match directories. Default: files only. */
  directories?: boolean;
}

/** The workspace-relative paths (with `/`) matching any pattern and no `!pattern`, sorted. */
export async function expandGlobs(
  root: string,
  patterns: readonly string[],
  options: GlobOptions = {},
): Promise<string[]> {
  const include = patterns.filter((p) => !p.startsWith('!')).map(normalise);
  const exclude = patterns
    .filter((p) => p.startsWith('!'))
    .map((p) => globToRegExp(normalise(p.slice(1))));
  const found = new Set<string>();
  for (const pattern of include) {
    for (const path of await expandOne(root, pattern, options)) found.add(path);
  }
  return [...found].filter((path) => !exclude.some((re) => re.test(path))).sort();
}

/** Converts a glob to an anchored regular expression over `/`-separated relative paths. */
export function globToRegExp(pattern: string): RegExp {
  const segments = normalise(pattern).split('/');
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      source += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    source += segmentSource(segment) + (last ? '' : '/');
  });
  return new RegExp(`^${source}$`);
}

function segmentSource(segment: string): string {
  let out = '';
  let braces = 0;
  for (const char of segment) {
    if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '{') {
      braces++;
      out += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (char === ',' && braces > 0) out += '|';
    else out += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return out + ')'.repeat(braces);
}

function normalise(pattern: string): string {
  return posix.normalize(pattern.replaceAll('\\', '/')).replace(/^\.\//, '').replace(/\/$/, '');
}

async function expandOne(root: string, pattern: string, options: GlobOptions): Promise<string[]> {
  const segments = pattern.split('/');
  const firstGlob = segments.findIndex((s) => hasGlob(s));
  if (firstGlob === -1) {
    const kind = await stat(resolve(root, pattern)).catch(() => undefined);
    if (!kind || (kind.isDirectory() && !options.directories)) return [];
    return [pattern];
  }
  const base = segments.slice(0, firstGlob).join('/');
  const matcher = globToRegExp(pattern);
  const out: string[] = [];
  await walk(resolve(root, base), (absolute, isDirectory) => {
    const path = relative(root, absolute).split('\\').join('/');
    if ((!isDirectory || options.directories) && matcher.test(path)) out.push(path);
  });
  return out;
}

async function walk(
  dir: string,
  visit: (path: string, isDirectory: boolean) => void,
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      visit(path, true);
      await walk(path, visit);
    } else if (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path)))) {
      visit(path, false);
    }
  }
}

function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
