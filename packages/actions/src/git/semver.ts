/**
 * The slice of Semantic Versioning 2.0.0 that `version-bump` needs: parse, format and `inc`,
 * with the same results as node-semver's `inc` (build metadata is dropped on a bump).
 */

export const RELEASE_LEVELS = [
  'major',
  'minor',
  'patch',
  'premajor',
  'preminor',
  'prepatch',
  'prerelease',
] as const;
export type ReleaseLevel = (typeof RELEASE_LEVELS)[number];

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: Array<string | number>;
  build: string[];
}

const NUMBER = '0|[1-9]\\d*';
const PRE_ID = `(?:${NUMBER}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const BUILD_ID = '[0-9a-zA-Z-]+';
const VERSION = new RegExp(
  `^v?(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})` +
    `(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?` +
    `(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?$`,
);
const IDENTIFIER = /^[0-9a-zA-Z-]+$/;

/** Parses `1.2.3`, `1.2.3-rc.1+build.5` (a leading `v` is allowed); undefined if invalid. */
export function parseVersion(text: string): SemVer | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  const [, major, minor, patch, pre, build] = match;
  const numbers = [major, minor, patch].map(Number);
  if (numbers.some((n) => !Number.isSafeInteger(n))) return undefined;
  return {
    major: numbers[0]!,
    minor: numbers[1]!,
    patch: numbers[2]!,
    prerelease: pre ? pre.split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)) : [],
    build: build ? build.split('.') : [],
  };
}

export function formatVersion(v: SemVer): string {
  const pre = v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : '';
  const build = v.build.length > 0 ? `+${v.build.join('.')}` : '';
  return `${v.major}.${v.minor}.${v.patch}${pre}${build}`;
}

/** Whether `preid` can be a prerelease identifier (`alpha`, `rc`, `beta-2`). */
export function isValidPreid(preid: string): boolean {
  return IDENTIFIER.test(preid) && !/^0\d+$/.test(preid);
}

/** The next version at `level`; `preid` names the prerelease (`1.2.4-rc.0`). */
export function incVersion(version: SemVer, level: ReleaseLevel, preid?: string): SemVer {
  const { major, minor, patch, prerelease } = version;
  const isPre = prerelease.length > 0;
  switch (level) {
    case 'major':
      // 2.0.0-rc.1 -> 2.0.0: the prerelease of a major is released as that major.
      return release(isPre && minor === 0 && patch === 0 ? major : major + 1, 0, 0);
    case 'minor':
      return release(major, isPre && patch === 0 ? minor : minor + 1, 0);
    case 'patch':
      return release(major, minor, isPre ? patch : patch + 1);
    case 'premajor':
      return { ...release(major + 1, 0, 0), prerelease: nextPrerelease([], preid) };
    case 'preminor':
      return { ...release(major, minor + 1, 0), prerelease: nextPrerelease([], preid) };
    case 'prepatch':
      return { ...release(major, minor, patch + 1), prerelease: nextPrerelease([], preid) };
    case 'prerelease':
      if (!isPre)
        return { ...release(major, minor, patch + 1), prerelease: nextPrerelease([], preid) };
      return { ...release(major, minor, patch), prerelease: nextPrerelease(prerelease, preid) };
    default: {
      const unreachable: never = level;
      throw new Error(`unknown release level ${String(unreachable)}`);
    }
  }
}

function release(major: number, minor: number, patch: number): SemVer {
  return { major, minor, patch, prerelease: [], build: [] };
}

/** Bumps the last numeric identifier (or appends `0`); a new `preid` starts over at `<preid>.0`. */
function nextPrerelease(current: Array<string | number>, preid?: string): Array<string | number> {
  let next = [...current];
  let bumped = false;
  for (let i = next.length - 1; i >= 0 && !bumped; i--) {
    const id = next[i];
    if (typeof id === 'number') {
      next[i] = id + 1;
      bumped = true;
    }
  }
  if (!bumped) next.push(0);
  if (preid !== undefined && (next[0] !== preid || typeof next[1] !== 'number')) next = [preid, 0];
  return next;
}
