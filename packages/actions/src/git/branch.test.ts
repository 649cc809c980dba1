import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitBranchAction } from './branch.ts';
import { createRepo, failureOf, runAction, type TestRepo } from './test-repo.ts';

let repo: TestRepo;
let first: string;
beforeEach(async () => {
  repo = await createRepo();
  first = await repo.commit('first', { 'README.md': '# hi\n' });
});
afterEach(() => repo.remove());

describe('git-branch', () => {
  it('with an empty name checks out the default branch of a clone whose HEAD is develop', async () => {
    const upstream = await createRepo({ branch: 'develop' });
    try {
      const tip = await upstream.commit('on develop', { 'a.txt': 'a' });
      const clone = await createRepo({ cloneOf: upstream.dir });
      try {
        clone.git('switch', '--quiet', '--create', 'feature/x');
        const { outputs, result } = await runAction(gitBranchAction, { name: '' }, clone.dir);
        expect(outputs).toEqual({ branch: 'develop', sha: tip, base: 'develop' });
        expect(clone.git('branch', '--show-current')).toBe('develop');
        expect(result.summary).toBe(
          `checked out develop, the repository's default branch, at ${tip.slice(0, 7)}`,
        );
        // never created: no stray main appears
        expect(clone.git('branch', '--list', 'main')).toBe('');
      } finally {
        await clone.remove();
      }
    } finally {
      await upstream.remove();
    }
  });

  it('creates a branch from HEAD and checks it out', async () => {
    const { outputs, result, lines } = await runAction(
      gitBranchAction,
      { name: 'feature/login' },
      repo.dir,
    );
    expect(outputs).toEqual({ branch: 'feature/login', sha: first, base: 'main' });
    expect(repo.git('branch', '--show-current')).toBe('feature/login');
    expect(result.summary).toBe(
      `created branch feature/login at ${first.slice(0, 7)} (checked out)`,
    );
    expect(lines).toContainEqual(['system', '$ git switch --create feature/login HEAD']);
  });

  it('creates a branch from another ref without checking it out', async () => {
    const second = await repo.commit('second', { 'a.txt': 'a' });
    const { outputs } = await runAction(
      gitBranchAction,
      { name: 'old', from: first, checkout: false },
      repo.dir,
    );
    expect(outputs).toEqual({ branch: 'old', sha: first, base: first });
    expect(repo.git('branch', '--show-current')).toBe('main');
    expect(repo.git('rev-parse', 'HEAD')).toBe(second);
    expect(repo.git('rev-parse', 'old')).toBe(first);
  });

  it('fails when the branch exists, unless asked to reuse it', async () => {
    repo.git('branch', 'feature/x');
    await repo.commit('second on main', { 'b.txt': 'b' });

    const failure = await failureOf(runAction(gitBranchAction, { name: 'feature/x' }, repo.dir));
    expect(failure.summary).toBe(
      `branch feature/x already exists at ${first.slice(0, 7)} (set if_exists: reuse to use it)`,
    );
    expect(failure.retriable).toBe(false);
    expect(failure.details).toEqual({ branch: 'feature/x', sha: first });

    const { outputs, result } = await runAction(
      gitBranchAction,
      { name: 'feature/x', if_exists: 'reuse' },
      repo.dir,
    );
    expect(outputs).toEqual({ branch: 'feature/x', sha: first, base: 'main' });
    expect(result.summary).toContain('reused branch feature/x');
    expect(repo.git('branch', '--show-current')).toBe('feature/x');
  });

  it('refuses an invalid name or an unknown starting point', async () => {
    const bad = await failureOf(runAction(gitBranchAction, { name: 'a..b' }, repo.dir));
    expect(bad.summary).toContain('"a..b" is not a valid branch name');
    const unknown = await failureOf(
      runAction(gitBranchAction, { name: 'x', from: 'nope' }, repo.dir),
    );
    expect(unknown.summary).toBe('cannot branch from nope: no such commit, branch or tag');
  });

  it('rejects names git would read as options', () => {
    expect(gitBranchAction.input.safeParse({ name: '--force' }).success).toBe(false);
    expect(gitBranchAction.input.safeParse({ name: 'x', extra: 1 }).success).toBe(false);
  });
});
