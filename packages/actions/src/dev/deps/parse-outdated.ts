import { isRecord } from '../files.ts';

/** A dependency with a newer version available. */
export interface OutdatedDependency {
  name: string;
  /** The installed version; null when it is not installed. */
  current: string | null;
  /** The newest version its range in package.json allows. */
  wanted: string | null;
  latest: string | null;
  /** dependencies, devDependencies, optionalDependencies… when the manager says. */
  type?: string;
}

/**
 * Reads `npm outdated --json --long` (`{ name: { current, wanted, latest, type } }`, an array
 * per name when several workspaces depend on it) or `pnpm outdated --format json`
 * (`{ name: { current, wanted, latest, dependencyType } }`, or older pnpm's array).
 */
export function parseOutdated(json: unknown): OutdatedDependency[] {
  const out: OutdatedDependency[] = [];
  const add = (name: string, entry: unknown) => {
    if (!isRecord(entry)) return;
    const type = text(entry.type) ?? text(entry.dependencyType);
    const dep: OutdatedDependency = {
      name,
      current: text(entry.current),
      wanted: text(entry.wanted),
      latest: text(entry.latest),
    };
    if (type) dep.type = type;
    const key = `${dep.name}@${dep.current}`;
    if (!out.some((o) => `${o.name}@${o.current}` === key)) out.push(dep);
  };
  if (Array.isArray(json)) {
    for (const entry of json)
      if (isRecord(entry)) add(text(entry.packageName) ?? text(entry.name) ?? '?', entry);
  } else if (isRecord(json)) {
    for (const [name, entry] of Object.entries(json)) {
      if (Array.isArray(entry)) for (const one of entry) add(name, one);
      else add(name, entry);
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
