import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitTagAction } from './tag.ts';
import { createRepo, failureOf, runAction, type TestRepo } from './test-repo.ts';

let repo: TestRepo;
let first: string;
let second: string;
beforeEach(async () => {
  repo = await createRepo();
  first = await repo.commit('first', { 'README.md': '# hi\n' });
  second = await repo.commit('second', { 'a.txt': 'a' });
});
afterEach(() => repo.remove());

describe('git-tag', () => {
  it('makes a lightweight tag on HEAD', async () => {
    const { outputs, result } = await runAction(gitTagAction, { name: 'v1.0.0' }, repo.dir);
    expect(outputs).toEqual({ tag: 'v1.0.0', sha: second, created: true });
    expect(result.summary).toBe(`tagged ${second.slice(0, 7)} as v1.0.0`);
    expect(repo.git('cat-file', '-t', 'v1.0.0')).toBe('commit');
  });

  it('makes an annotated tag on a given commit', async () => {
    const { outputs } = await runAction(
      gitTagAction,
      { name: 'v0.9.0', sha: first, message: 'Release 0.9.0' },
      repo.dir,
    );
    expect(outputs).toEqual({ tag: 'v0.9.0', sha: first, created: true });
    expect(repo.git('cat-file', '-t', 'v0.9.0')).toBe('tag');
    expect(repo.git('tag', '-l', '--format=%(contents:subject)', 'v0.9.0')).toBe('Release 0.9.0');
    expect(repo.git('rev-parse', 'v0.9.0^{commit}')).toBe(first);
  });

  it('fails on an existing tag, or skips it when asked', async () => {
    repo.git('tag', 'v1', first);
    const failure = await failureOf(runAction(gitTagAction, { name: 'v1' }, repo.dir));
    expect(failure.summary).toBe(
      `tag v1 already exists at ${first.slice(0, 7)} (set if_exists: skip to keep it)`,
    );
    expect(failure.retriable).toBe(false);

    const { outputs, result } = await runAction(
      gitTagAction,
      { name: 'v1', if_exists: 'skip' },
      repo.dir,
    );
    expect(outputs).toEqual({ tag: 'v1', sha: first, created: false });
    expect(result.summary).toContain('already exists');
    expect(repo.git('rev-parse', 'v1')).toBe(first);
  });

  it('refuses an unknown commit and a bad name', async () => {
    const unknown = await failureOf(runAction(gitTagAction, { name: 'v2', sha: 'nope' }, repo.dir));
    expect(unknown.summary).toBe('cannot tag nope: no such commit, branch or tag');
    const bad = await failureOf(runAction(gitTagAction, { name: 'v2~' }, repo.dir));
    expect(bad.summary).toContain('not a valid tag name');
  });
});
