import { describe, expect, it } from 'vitest';
import {
  describeGroups,
  groupCommits,
  parseCommit,
  parseGitLog,
  renderSection,
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
    expect(renderSection('1.2.0', groups)).toBe(
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
        '### Other',
        '',
        '- deps (3333333)',
        '',
      ].join('\n'),
    );
    expect(describeGroups(groups)).toBe('2 features, 1 fix, 1 other change, 1 breaking change');
    expect(renderSection('Unreleased', groupCommits([]))).toBe('## Unreleased\n\nNo changes.\n');
  });
});
