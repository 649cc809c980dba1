/**
 * The slice of Semantic Versioning 2.0.0 that `version-bump` needs: parse, format and `inc`,
 * with the same results as node-semver's `inc` (build metadata is dropped on a bump). The
 * grammar (parse, release levels) is the engine's, which checks `with:` with it.
 */
import type { ReleaseLevel, SemVer } from '@arcflow/engine';

export {
  isValidPreid,
  parseVersion,
  RELEASE_LEVELS,
  type ReleaseLevel,
  type SemVer,
} from '@arcflow/engine';

export function formatVersion(v: SemVer): string {
  const pre = v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : '';
  const build = v.build.length > 0 ? `+${v.build.join('.')}` : '';
  return `${v.major}.${v.minor}.${v.patch}${pre}${build}`;
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
