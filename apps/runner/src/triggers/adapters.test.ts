import { describe, expect, it } from 'vitest';
import { adaptGeneric, adaptGitHook } from './generic.ts';
import { adaptGithub } from './github.ts';
import { adaptGitlab } from './gitlab.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);

const commit = (
  id: string,
  files: { added?: string[]; modified?: string[]; removed?: string[] },
) => ({
  id,
  message: `commit ${id.slice(0, 4)}`,
  author: { name: 'Ada Lovelace', username: 'ada' },
  ...files,
});

describe('GitHub', () => {
  const push = (ref: string, extra: Record<string, unknown> = {}) => ({
    ref,
    before: A,
    after: B,
    pusher: { name: 'ada' },
    sender: { login: 'ada-gh' },
    commits: [
      commit(A, { added: ['src/a.ts'], modified: ['README.md'] }),
      commit(B, { modified: ['src/a.ts'], removed: ['old.txt'] }),
    ],
    ...extra,
  });

  it('a branch push: branch, sha, before, pusher, commits and every changed file once', () => {
    expect(adaptGithub({ 'x-github-event': 'push' }, push('refs/heads/main'), 'd1')).toEqual({
      outcome: 'event',
      event: {
        kind: 'push',
        source: 'github',
        ref: 'refs/heads/main',
        branch: 'main',
        sha: B,
        before: A,
        author: 'ada',
        commits: [
          { sha: A, message: 'commit aaaa', author: 'Ada Lovelace' },
          { sha: B, message: 'commit bbbb', author: 'Ada Lovelace' },
        ],
        deliveryId: 'd1',
        changedFiles: ['src/a.ts', 'README.md', 'old.txt'],
      },
    });
  });

  it('a tag push is a tag event; a new branch has no before', () => {
    const tag = adaptGithub({ 'x-github-event': 'push' }, push('refs/tags/v1.2.0'), 'd');
    expect(tag).toMatchObject({ outcome: 'event', event: { kind: 'tag', tag: 'v1.2.0' } });
    const created = adaptGithub(
      { 'x-github-event': 'push' },
      push('refs/heads/x', { before: ZERO }),
      'd',
    );
    expect(created.outcome === 'event' && created.event.before).toBeUndefined();
  });

  it('a deletion, an unknown event and a malformed payload start nothing, each with why', () => {
    expect(
      adaptGithub(
        { 'x-github-event': 'push' },
        push('refs/heads/x', { deleted: true, after: ZERO }),
        'd',
      ),
    ).toEqual({
      outcome: 'unsupported',
      reason: 'refs/heads/x was deleted; a deletion starts nothing',
    });
    expect(adaptGithub({ 'x-github-event': 'issues' }, {}, 'd')).toMatchObject({
      outcome: 'unsupported',
      reason: expect.stringContaining('GitHub event "issues" starts nothing'),
    });
    expect(adaptGithub({ 'x-github-event': 'push' }, { ref: 1 }, 'd')).toMatchObject({
      outcome: 'unsupported',
      reason: expect.stringMatching(/^not a push payload: ref: /),
    });
  });

  it('ping starts nothing but is no error', () => {
    expect(adaptGithub({ 'x-github-event': 'ping' }, { zen: 'hi' }, 'd').outcome).toBe('ping');
  });

  it('a pull request: action, number, title, base and head; sha is the head commit', () => {
    const body = {
      action: 'synchronize',
      number: 42,
      pull_request: {
        title: 'Fix the parser',
        base: { ref: 'main' },
        head: { ref: 'fix/parser', sha: B },
      },
      sender: { login: 'ada' },
    };
    expect(adaptGithub({ 'x-github-event': 'pull_request' }, body, 'd')).toMatchObject({
      outcome: 'event',
      event: {
        kind: 'pull_request',
        sha: B,
        branch: 'fix/parser',
        author: 'ada',
        pr: {
          number: 42,
          title: 'Fix the parser',
          base: 'main',
          head: 'fix/parser',
          action: 'synchronize',
        },
      },
    });
    expect(
      adaptGithub({ 'x-github-event': 'pull_request' }, { ...body, action: 'milestoned' }, 'd')
        .outcome,
    ).toBe('unsupported');
  });

  it('a release, published only', () => {
    const body = { action: 'published', release: { tag_name: 'v2.0.0' }, sender: { login: 'ada' } };
    expect(adaptGithub({ 'x-github-event': 'release' }, body, 'd')).toMatchObject({
      outcome: 'event',
      event: { kind: 'release', tag: 'v2.0.0' },
    });
    expect(
      adaptGithub({ 'x-github-event': 'release' }, { ...body, action: 'created' }, 'd').outcome,
    ).toBe('unsupported');
  });
});

describe('GitLab', () => {
  it('a push, with its files', () => {
    const body = {
      ref: 'refs/heads/main',
      before: A,
      after: B,
      user_name: 'Grace Hopper',
      commits: [commit(B, { modified: ['src/x.ts'] })],
    };
    expect(adaptGitlab({ 'x-gitlab-event': 'Push Hook' }, body, 'u1')).toMatchObject({
      outcome: 'event',
      event: {
        kind: 'push',
        source: 'gitlab',
        branch: 'main',
        sha: B,
        author: 'Grace Hopper',
        changedFiles: ['src/x.ts'],
      },
    });
    const tag = adaptGitlab(
      { 'x-gitlab-event': 'Tag Push Hook' },
      { ...body, ref: 'refs/tags/v1' },
      'u',
    );
    expect(tag).toMatchObject({ event: { kind: 'tag', tag: 'v1' } });
  });

  it("merge requests speak GitHub's pull request actions", () => {
    const mr = (action: string, oldrev?: string) => ({
      user: { username: 'grace' },
      object_attributes: {
        iid: 7,
        title: 'Speed up',
        source_branch: 'perf',
        target_branch: 'main',
        action,
        ...(oldrev ? { oldrev } : {}),
        last_commit: { id: B },
      },
    });
    const action = (a: string, oldrev?: string) => {
      const adapted = adaptGitlab({ 'x-gitlab-event': 'Merge Request Hook' }, mr(a, oldrev), 'u');
      return adapted.outcome === 'event' ? adapted.event.pr?.action : adapted.outcome;
    };
    expect(action('open')).toBe('opened');
    expect(action('update', A)).toBe('synchronize');
    expect(action('update')).toBe('edited');
    expect(action('reopen')).toBe('reopened');
    expect(action('close')).toBe('closed');
    expect(action('merge')).toBe('closed');
    expect(action('approved')).toBe('unsupported');
  });
});

describe('generic and git hook', () => {
  it('a generic webhook carries its body as the payload', () => {
    expect(adaptGeneric('deploy', { env: 'prod' }, 'r1')).toEqual({
      outcome: 'event',
      event: { kind: 'webhook', source: 'deploy', payload: { env: 'prod' }, deliveryId: 'r1' },
    });
  });

  it('the git hook body is checked before it becomes a push', () => {
    const body = { ref: 'refs/heads/main', sha: B, before: A, author: 'Tess', changedFiles: ['a'] };
    expect(adaptGitHook(body, 'g')).toMatchObject({
      outcome: 'event',
      event: { kind: 'push', source: 'git-hook', branch: 'main', sha: B, changedFiles: ['a'] },
    });
    expect(adaptGitHook({ ...body, sha: '; rm -rf /' }, 'g').outcome).toBe('unsupported');
  });
});
