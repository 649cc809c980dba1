import { afterEach, describe, expect, it } from 'vitest';
import { gitBranchAction } from './branch.ts';
import { mergePrAction } from './merge-pr.ts';
import { createRepo, failureOf, runAction, type TestRepo } from './test-repo.ts';

/** Repositories whose default branch is not `main`: merge-pr and git-branch find it. */

const repos: TestRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map((r) => r.remove()));
});

async function repoOn(branch: string, options: { cloneOf?: string } = {}): Promise<TestRepo> {
  const repo = await createRepo({ branch, ...options });
  repos.push(repo);
  if (!options.cloneOf) await repo.commit('first', { 'README.md': '# hi\n' });
  return repo;
}

async function featureBranch(repo: TestRepo, name = 'feature/x'): Promise<string> {
  repo.git('switch', '--quiet', '-c', name);
  return repo.commit('feat: x', { 'x.ts': 'x' });
}

const current = (repo: TestRepo) => repo.git('branch', '--show-current');

describe('the default branch', () => {
  it("merge-pr merges into a clone's origin/HEAD (develop) when no target is given", async () => {
    const upstream = await repoOn('develop');
    upstream.git('branch', 'main'); // a stale main must not win over origin/HEAD
    const repo = await repoOn('x', { cloneOf: upstream.dir });
    expect(current(repo)).toBe('develop');
    const tip = await featureBranch(repo);

    const { outputs, result, lines } = await runAction(
      mergePrAction,
      { source: 'feature/x', strategy: 'fast-forward' },
      repo.dir,
    );
    expect(outputs).toEqual({ sha: tip, target: 'develop', fast_forward: true, merged: true });
    expect(result.summary).toContain('merged feature/x into develop');
    expect(lines).toContainEqual([
      'system',
      "target: develop, the repository's default branch (origin/HEAD)",
    ]);
    expect(current(repo)).toBe('develop');
  });

  it('merge-pr falls back to master when the source is checked out and there is no remote', async () => {
    const repo = await repoOn('master');
    const tip = await featureBranch(repo);
    const { outputs } = await runAction(
      mergePrAction,
      { source: 'feature/x', target: '', strategy: 'fast-forward' },
      repo.dir,
    );
    expect(outputs).toMatchObject({ sha: tip, target: 'master' });
    expect(repo.git('rev-parse', 'master')).toBe(tip);
  });

  it('merge-pr merges into the branch checked out when it is not the source', async () => {
    const repo = await repoOn('develop');
    const tip = await featureBranch(repo);
    repo.git('switch', '--quiet', 'develop');
    const { outputs } = await runAction(mergePrAction, { source: 'feature/x' }, repo.dir);
    expect(outputs).toMatchObject({ target: 'develop' });
    expect(repo.git('rev-parse', 'develop^2')).toBe(tip);
  });

  it('one clear message when no default branch can be told', async () => {
    const repo = await repoOn('develop');
    await featureBranch(repo);
    const failure = await failureOf(runAction(mergePrAction, { source: 'feature/x' }, repo.dir));
    expect(failure.summary).toBe(
      "cannot tell the repository's default branch to merge into: there is no remote HEAD (origin/HEAD) and no main or master branch; name it (the workflow's target input, or the step's target): develop, feature/x",
    );
    expect(failure.retriable).toBe(false);
    expect(current(repo)).toBe('feature/x');
  });

  it("a missing target names the branches, and the remote's when there is one", async () => {
    const upstream = await repoOn('develop');
    upstream.git('branch', 'release');
    const repo = await repoOn('x', { cloneOf: upstream.dir });
    await featureBranch(repo);
    const local = await failureOf(
      runAction(mergePrAction, { source: 'feature/x', target: 'main' }, repo.dir),
    );
    expect(local.summary).toBe(
      'target branch main does not exist; the branches are: develop, feature/x',
    );
    const remote = await failureOf(
      runAction(mergePrAction, { source: 'feature/x', target: 'release' }, repo.dir),
    );
    expect(remote.summary).toBe(
      'target branch release does not exist (origin/release exists: `git switch release` makes it a local branch)',
    );
  });

  it('git-branch with an empty from starts at the default branch and says which (base)', async () => {
    const upstream = await repoOn('develop');
    const repo = await repoOn('x', { cloneOf: upstream.dir });
    const develop = repo.git('rev-parse', 'HEAD');
    await featureBranch(repo, 'wip'); // the user is elsewhere
    const { outputs, result } = await runAction(
      gitBranchAction,
      { name: 'deps/update', from: '' },
      repo.dir,
    );
    expect(outputs).toEqual({ branch: 'deps/update', sha: develop, base: 'develop' });
    expect(result.summary).toBe(
      `created branch deps/update from develop at ${develop.slice(0, 7)} (checked out)`,
    );
  });

  it('git-branch with an empty from, no remote: the branch checked out, never itself', async () => {
    const repo = await repoOn('develop');
    const first = await runAction(gitBranchAction, { name: 'deps/update', from: '' }, repo.dir);
    expect(first.outputs.base).toBe('develop');
    // Run again from the update branch: it is not its own base; nothing else is either.
    const again = await failureOf(
      runAction(gitBranchAction, { name: 'deps/update', from: '', if_exists: 'reuse' }, repo.dir),
    );
    expect(again.summary).toBe(
      "cannot tell the repository's default branch to start deps/update from: there is no remote HEAD (origin/HEAD) and no main or master branch; name it (the workflow's target input, or the step's from): deps/update, develop",
    );
  });
});
