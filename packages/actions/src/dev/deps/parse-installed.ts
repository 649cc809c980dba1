import { isRecord } from '../files.ts';

/** Installed direct dependencies: name -> version (versions joined when projects differ). */
export type Installed = Map<string, string>;

/**
 * Reads `npm ls --json --depth=0` (`{ dependencies: { name: { version } } }`) or
 * `pnpm list --json --depth 0` (an array of projects, each with dependencies,
 * devDependencies and optionalDependencies).
 */
export function parseInstalled(json: unknown): Installed {
  const versions = new Map<string, Set<string>>();
  const projects = Array.isArray(json) ? json : [json];
  for (const project of projects) {
    if (!isRecord(project)) continue;
    for (const section of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      const deps = project[section];
      if (!isRecord(deps)) continue;
      for (const [name, info] of Object.entries(deps)) {
        if (!isRecord(info) || typeof info.version !== 'string') continue;
        // Workspace links (`link:../pkg`) are not versions to compare.
        if (info.version.startsWith('link:')) continue;
        const set = versions.get(name) ?? new Set<string>();
        set.add(info.version);
        versions.set(name, set);
      }
    }
  }
  return new Map([...versions].map(([name, set]) => [name, [...set].sort().join(', ')]));
}

export interface Change {
  name: string;
  /** null when it was not installed before. */
  from: string | null;
  /** null when it is gone after. */
  to: string | null;
}

/** What changed between two snapshots, by name. */
export function diffInstalled(before: Installed, after: Installed): Change[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names
    .map((name) => ({ name, from: before.get(name) ?? null, to: after.get(name) ?? null }))
    .filter((change) => change.from !== change.to);
}
