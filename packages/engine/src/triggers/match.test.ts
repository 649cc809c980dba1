import { describe, expect, it } from 'vitest';
import type { TriggerDefinitions } from '../definition/trigger-types.ts';
import type { TriggerEvent } from './event.ts';
import { includedBy } from './globs.ts';
import { matchTrigger } from './match.ts';

const push = (branch: string, changedFiles?: string[]): TriggerEvent => ({
  kind: 'push',
  ref: `refs/heads/${branch}`,
  branch,
  ...(changedFiles === undefined ? {} : { changedFiles }),
});
const tag = (name: string): TriggerEvent => ({ kind: 'tag', ref: `refs/tags/${name}`, tag: name });
const pr = (action: 'opened' | 'closed' | 'synchronize', base: string, files?: string[]) =>
  ({
    kind: 'pull_request',
    pr: { number: 42, title: 'Fix the parser', base, head: 'fix', action },
    ...(files === undefined ? {} : { changedFiles: files }),
  }) satisfies TriggerEvent;

describe('includedBy: ordered globs with ! negation', () => {
  it.each([
    [['src/**'], 'src/a/b.ts', true],
    [['src/*'], 'src/a/b.ts', false],
    [['**'], '.github/ci.yml', true],
    [['src/**', '!src/**/*.md'], 'src/docs/a.md', false],
    [['src/**', '!src/**/*.md', 'src/keep.md'], 'src/keep.md', true],
    [['!docs/**'], 'src/a.ts', false],
    [['release/*'], 'release/1.2', true],
    [['release/*'], 'release/1.2/hotfix', false],
  ])('%j includes %s: %s', (patterns, value, expected) => {
    expect(includedBy(patterns, value)).toBe(expected);
  });
});

describe('matchTrigger', () => {
  const on: TriggerDefinitions = {
    push: { branches: ['main', 'release/*'], paths: ['src/**', '!src/**/*.md'] },
    pullRequest: { types: ['opened', 'synchronize'], branches: ['main'] },
    schedule: [{ cron: '0 3 * * 1-5', timezone: 'Europe/Paris', catchUp: false }],
    webhook: {},
  };

  it.each<[string, TriggerEvent, true | string]>([
    ['a push to main touching src', push('main', ['src/a.ts']), true],
    ['a push to a release branch', push('release/2.0', ['src/a.ts']), true],
    [
      'a push to another branch',
      push('feature/x', ['src/a.ts']),
      'branch feature/x does not match on.push.branches main, release/*',
    ],
    [
      'a push touching only excluded files',
      push('main', ['src/readme.md', 'docs/a.md']),
      'no changed file matches paths src/**, !src/**/*.md',
    ],
    [
      'a push without its changed files',
      push('main'),
      'on.push filters paths, and the event does not say which files changed',
    ],
    [
      'a tag push, when push filters branches only',
      tag('v1.0.0'),
      'on.push filters branches only, and this is a tag push',
    ],
    ['an opened pull request into main', pr('opened', 'main'), true],
    [
      'a closed pull request',
      pr('closed', 'main'),
      'the pull request was closed; on.pull_request.types is opened, synchronize',
    ],
    [
      'a pull request into another base',
      pr('opened', 'develop'),
      'base branch develop does not match on.pull_request.branches main',
    ],
    [
      'a schedule tick of its cron',
      { kind: 'schedule', schedule: { cron: '0 3 * * 1-5', time: '2026-03-30T01:00:00Z' } },
      true,
    ],
    [
      'a schedule tick of another cron',
      { kind: 'schedule', schedule: { cron: '0 4 * * *', time: '2026-03-30T01:00:00Z' } },
      `the workflow's schedule has no cron "0 4 * * *"`,
    ],
    ['a generic webhook', { kind: 'webhook', source: 'grafana', deliveryId: 'abc' }, true],
    [
      'a release',
      { kind: 'release', tag: 'v1.0.0' },
      'the workflow does not listen to releases (on.release)',
    ],
    ['a manual run', { kind: 'manual', author: 'Grace' }, true],
  ])('%s', (_name, event, expected) => {
    const result = matchTrigger(on, event);
    expect(result).toEqual(
      expected === true ? { matches: true } : { matches: false, reason: expected },
    );
  });

  it('without on:, only manual runs match', () => {
    expect(matchTrigger(undefined, { kind: 'manual' })).toEqual({ matches: true });
    expect(matchTrigger(undefined, push('main'))).toEqual({
      matches: false,
      reason: 'the workflow has no on: triggers; it runs only by hand',
    });
  });

  it('follows GitHub: a push with no filters matches branches and tags; tags only excludes branches', () => {
    expect(matchTrigger({ push: {} }, push('any'))).toEqual({ matches: true });
    expect(matchTrigger({ push: {} }, tag('v1'))).toEqual({ matches: true });
    const tagsOnly: TriggerDefinitions = { push: { tags: ['v*'] } };
    expect(matchTrigger(tagsOnly, tag('v1.2.0'))).toEqual({ matches: true });
    expect(matchTrigger(tagsOnly, tag('nightly'))).toMatchObject({ matches: false });
    expect(matchTrigger(tagsOnly, push('main'))).toEqual({
      matches: false,
      reason: 'on.push filters tags only, and this is a push to a branch',
    });
  });

  it('applies *_ignore lists', () => {
    const on: TriggerDefinitions = {
      push: { branchesIgnore: ['dependabot/**'], pathsIgnore: ['docs/**'] },
    };
    expect(matchTrigger(on, push('dependabot/npm/zod', ['src/a.ts']))).toEqual({
      matches: false,
      reason: 'branch dependabot/npm/zod matches on.push.branches_ignore dependabot/**',
    });
    expect(matchTrigger(on, push('main', ['docs/a.md']))).toEqual({
      matches: false,
      reason: 'every changed file matches paths_ignore docs/**',
    });
    expect(matchTrigger(on, push('main', ['docs/a.md', 'src/a.ts']))).toEqual({ matches: true });
  });

  it('uses the default pull request types opened, synchronize and reopened', () => {
    expect(matchTrigger({ pullRequest: {} }, pr('synchronize', 'main'))).toEqual({ matches: true });
    expect(matchTrigger({ pullRequest: {} }, pr('closed', 'main'))).toMatchObject({
      matches: false,
    });
  });

  it('filters release tags', () => {
    const on: TriggerDefinitions = { release: { tags: ['v*'] } };
    expect(matchTrigger(on, { kind: 'release', tag: 'v2.0.0' })).toEqual({ matches: true });
    expect(matchTrigger(on, { kind: 'release', tag: 'beta' })).toEqual({
      matches: false,
      reason: 'tag beta does not match on.release.tags v*',
    });
  });
});
