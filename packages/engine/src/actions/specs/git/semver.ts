/**
 * The grammar of Semantic Versioning 2.0.0 that `version-bump`'s input is checked with: the
 * release levels, what a version and a prerelease identifier look like. The bumping itself
 * lives with the action in @arcflow/actions.
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

/** Whether `preid` can be a prerelease identifier (`alpha`, `rc`, `beta-2`). */
export function isValidPreid(preid: string): boolean {
  return IDENTIFIER.test(preid) && !/^0\d+$/.test(preid);
}
