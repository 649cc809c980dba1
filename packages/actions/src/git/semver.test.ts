import { describe, expect, it } from 'vitest';
import { formatVersion, incVersion, parseVersion, type ReleaseLevel } from './semver.ts';

const inc = (v: string, level: ReleaseLevel, preid?: string) =>
  formatVersion(incVersion(parseVersion(v)!, level, preid));

describe('semver', () => {
  it('parses and formats', () => {
    expect(parseVersion('1.2.3-rc.1+build.5')).toEqual({
      major: 1,
      minor: 2,
      patch: 3,
      prerelease: ['rc', 1],
      build: ['build', '5'],
    });
    expect(formatVersion(parseVersion('v1.2.3')!)).toBe('1.2.3');
    for (const bad of ['1.2', '01.2.3', '1.2.3-', '1.2.3-01', 'abc', '1.2.3.4']) {
      expect(parseVersion(bad), bad).toBeUndefined();
    }
  });

  it.each([
    ['1.2.3', 'major', undefined, '2.0.0'],
    ['1.2.3', 'minor', undefined, '1.3.0'],
    ['1.2.3', 'patch', undefined, '1.2.4'],
    ['1.2.3+build.1', 'patch', undefined, '1.2.4'],
    ['2.0.0-rc.1', 'major', undefined, '2.0.0'],
    ['1.3.0-rc.1', 'minor', undefined, '1.3.0'],
    ['1.2.4-rc.1', 'patch', undefined, '1.2.4'],
    ['1.2.3', 'premajor', 'rc', '2.0.0-rc.0'],
    ['1.2.3', 'preminor', undefined, '1.3.0-0'],
    ['1.2.3', 'prepatch', 'beta', '1.2.4-beta.0'],
    ['1.2.3', 'prerelease', undefined, '1.2.4-0'],
    ['1.2.3', 'prerelease', 'alpha', '1.2.4-alpha.0'],
    ['1.2.4-alpha.0', 'prerelease', 'alpha', '1.2.4-alpha.1'],
    ['1.2.4-alpha.3', 'prerelease', 'beta', '1.2.4-beta.0'],
    ['1.2.4-alpha', 'prerelease', undefined, '1.2.4-alpha.0'],
    ['1.2.4-alpha.1.beta', 'prerelease', undefined, '1.2.4-alpha.2.beta'],
  ] as const)('%s %s %s -> %s', (from, level, preid, to) => {
    expect(inc(from, level, preid)).toBe(to);
  });
});
