import { describe, expect, it } from 'vitest';
import { detectStyle, renderSection } from './changelog-file.ts';
import {
  dependencyOf,
  describeGroups,
  groupCommits,
  parseCommit,
  parseGitLog,
  recommendLevel,
} from './conventional-commits.ts';

const commit = (subject: string, body = '', sha = 'abcdef0123456789') =>
  parseCommit({ sha, subject, body });

describe('conventional commits', () => {
  it('parses type, scope, bang and the breaking footer', () => {
    expect(commit('feat(api)!: drop v1')).toEqual({
      sha: 'abcdef0123456789',
      type: 'feat',
      scope: 'api',
      description: 'drop v1',
      breaking: true,
    });
    expect(
      commit('fix: crash', 'Details.\n\nBREAKING CHANGE: config moved\nto arcflow.yaml'),
    ).toMatchObject({ type: 'fix', breaking: true, breakingNote: 'config moved to arcflow.yaml' });
    expect(commit('Fix: Capitalised')).toMatchObject({ type: 'fix', description: 'Capitalised' });
    expect(commit('Update the readme')).toEqual({
      sha: 'abcdef0123456789',
      description: 'Update the readme',
      breaking: false,
    });
    expect(commit('feat:no space')).toMatchObject({ description: 'feat:no space' });
  });

  it('splits git log output on the record separators', () => {
    const out = 'aaa\x1ffeat: a\x1f\x1e\nbbb\x1ffix: b\x1fbody line\n\nmore\x1e\n';
    expect(parseGitLog(out)).toEqual([
      { sha: 'aaa', subject: 'feat: a', body: '' },
      { sha: 'bbb', subject: 'fix: b', body: 'body line\n\nmore' },
    ]);
  });

  it('renders groups in order, breaking changes first, and counts them', () => {
    const groups = groupCommits([
      commit('feat(ui): dark mode', '', '1111111aaaa'),
      commit('fix: typo', '', '2222222bbbb'),
      commit('chore: deps', '', '3333333cccc'),
      commit('feat!: new config', 'BREAKING CHANGE: old keys are gone', '4444444dddd'),
    ]);
    const plain = detectStyle('# Changelog\n\n## 1.1.0\n\n- a\n', '1.2.0');
    const release = { version: '1.2.0', date: '2026-01-01' };
    expect(renderSection(release, groups, plain)).toBe(
      [
        '## 1.2.0',
        '',
        '### Breaking changes',
        '',
        '- old keys are gone (4444444)',
        '',
        '### Features',
        '',
        '- **ui:** dark mode (1111111)',
        '- new config (4444444)',
        '',
        '### Fixes',
        '',
        '- typo (2222222)',
        '',
        '### Changes',
        '',
        '- deps (3333333)',
        '',
      ].join('\n'),
    );
    expect(describeGroups(groups)).toBe('2 features, 1 fix, 1 other change, 1 breaking change');
    expect(
      renderSection({ version: 'Unreleased', date: '2026-01-01' }, groupCommits([]), plain),
    ).toBe('## Unreleased\n\nNo changes.\n');
  });

  it('knows the dependency bots by their subjects', () => {
    const dep = (subject: string) => dependencyOf(commit(subject));
    expect(dep('chore(deps): bump lodash from 4.17.20 to 4.17.21')).toBe('lodash');
    expect(dep('build(deps-dev): bump @types/node from 20.1.0 to 20.2.0 in /web')).toBe(
      '@types/node',
    );
    expect(dep('Bump vitest from 1.0.0 to 1.1.0')).toBe('vitest');
    expect(dep('Bump the npm_and_yarn group across 1 directory with 2 updates')).toBe(
      'the npm_and_yarn group',
    );
    expect(dep('Update dependency typescript to v5.4.5')).toBe('typescript');
    expect(dep('fix(deps): update dependency zod to v3.23.8')).toBe('zod');
    expect(dep('chore(deps): update actions/checkout action to v4')).toBe('actions/checkout');
    expect(dep('chore(deps): lock file maintenance')).toBe('lock file maintenance');
    expect(dep('feat: bump the counter when clicked')).toBeUndefined();
    expect(dep('Update the readme')).toBeUndefined();
  });

  it('recommends the release level as standard-version does, 0.x included', () => {
    const commits = (...subjects: string[]) => subjects.map((s) => commit(s));
    const one = { major: 1 };
    const zero = { major: 0 };
    expect(recommendLevel(commits('feat: a', 'feat: b', 'fix: c'), one, 'v1.4.0')).toEqual({
      level: 'minor',
      reason: 'minor: 2 features, 1 fix since v1.4.0',
    });
    expect(recommendLevel(commits('feat!: a', 'perf: b', 'chore: c'), one, 'v1.4.0')).toEqual({
      level: 'major',
      reason: 'major: 1 breaking change, 1 fix since v1.4.0',
    });
    expect(recommendLevel(commits('chore: x', 'Tidy up'), one, 'v1.4.0')).toEqual({
      level: 'patch',
      reason: 'patch: no features or fixes since v1.4.0, only 2 other commits',
    });
    expect(recommendLevel(commits('feat!: a'), zero, 'v0.4.0')).toEqual({
      level: 'minor',
      reason:
        'minor: 1 breaking change since v0.4.0 (before 1.0.0 a breaking change moves the minor)',
    });
    expect(recommendLevel(commits('feat: a', 'fix: b'), zero, 'v0.4.0')).toEqual({
      level: 'patch',
      reason: 'patch: 1 feature, 1 fix since v0.4.0 (before 1.0.0 a feature moves the patch)',
    });
    expect(recommendLevel([], one, 'v1.4.0').reason).toBe('patch: no commits since v1.4.0');
  });
});
