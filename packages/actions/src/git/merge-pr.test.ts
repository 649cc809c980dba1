import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergePrAction } from './merge-pr.ts';
import { createRepo, failureOf, runAction, type TestRepo } from './test-repo.ts';

let repo: TestRepo;
beforeEach(async () => {
  repo = await createRepo();
  await repo.commit('first', { 'README.md': '# hi\n', 'src/a.ts': 'export const a = 1;\n' });
});
afterEach(() => repo.remove());

const branch = () => repo.git('branch', '--show-current');

describe('merge-pr', () => {
  it('fast-forwards the target and leaves it checked out', async () => {
    repo.git('switch', '--quiet', '-c', 'feature/login');
    const tip = await repo.commit('feat: login', { 'login.ts': 'x' });
    const { outputs, result } = await runAction(
      mergePrAction,
      { source: 'feature/login', strategy: 'fast-forward', delete_source: true },
      repo.dir,
    );
    expect(outputs).toEqual({ sha: tip, target: 'main', fast_forward: true, merged: true });
    expect(result.summary).toBe(
      `merged feature/login into main (fast-forward to ${tip.slice(0, 7)}); deleted feature/login`,
    );
    expect(branch()).toBe('main');
    expect(repo.git('branch', '--list', 'feature/login')).toBe('');
  });

  it('makes a merge commit with the merge strategy', async () => {
    repo.git('switch', '--quiet', '-c', 'feature/x');
    const tip = await repo.commit('feat: x', { 'x.ts': 'x' });
    repo.git('switch', '--quiet', 'main');
    await repo.commit('docs: readme', { 'README.md': '# hello\n' });
    const { outputs, result } = await runAction(mergePrAction, { source: 'feature/x' }, repo.dir);
    const head = repo.git('rev-parse', 'HEAD');
    expect(outputs).toEqual({ sha: head, target: 'main', fast_forward: false, merged: true });
    expect(result.summary).toBe(`merged feature/x into main (merge commit ${head.slice(0, 7)})`);
    expect(repo.git('log', '-1', '--format=%s|%P')).toMatch(
      new RegExp(`^Merge branch 'feature/x' into main\\|\\w+ ${tip}$`),
    );
    expect(repo.git('branch', '--list', 'feature/x')).toBe('feature/x'); // kept
  });

  it('refuses to fast-forward diverged branches', async () => {
    repo.git('switch', '--quiet', '-c', 'feature/x');
    await repo.commit('feat: x', { 'x.ts': 'x' });
    repo.git('switch', '--quiet', 'main');
    const before = repo.git('rev-parse', 'HEAD');
    await repo.commit('docs', { 'README.md': '# 2\n' });
    const failure = await failureOf(
      runAction(mergePrAction, { source: 'feature/x', strategy: 'fast-forward' }, repo.dir),
    );
    expect(failure.summary).toBe(
      'cannot fast-forward main to feature/x: they have diverged (main has 1 commit not in feature/x); rebase feature/x or use strategy: merge',
    );
    expect(failure.retriable).toBe(false);
    expect(repo.git('rev-parse', 'HEAD^')).toBe(before);
  });

  it('refuses a dirty working tree and leaves it untouched', async () => {
    repo.git('switch', '--quiet', '-c', 'feature/x');
    await repo.commit('feat: x', { 'x.ts': 'x' });
    await repo.write('README.md', '# work in progress\n');
    const failure = await failureOf(runAction(mergePrAction, { source: 'feature/x' }, repo.dir));
    expect(failure.summary).toBe(
      'the working tree has uncommitted changes in 1 file: README.md (commit or stash them first)',
    );
    expect(failure.details).toEqual({ changes: ['README.md'] });
    expect(branch()).toBe('feature/x');
    expect(repo.git('status', '--porcelain')).toBe('M README.md');
    expect(await readFile(join(repo.dir, 'README.md'), 'utf8')).toBe('# work in progress\n');
  });

  it('refuses missing branches', async () => {
    const source = await failureOf(runAction(mergePrAction, { source: 'nope' }, repo.dir));
    expect(source.summary).toBe('source branch nope does not exist; the branches are: main');
    repo.git('branch', 'feature/x');
    const target = await failureOf(
      runAction(mergePrAction, { source: 'main', target: 'release' }, repo.dir),
    );
    expect(target.summary).toBe(
      'target branch release does not exist; the branches are: feature/x, main',
    );
  });

  it('refuses conflicts: aborts, lists the files and leaves the repository as it was', async () => {
    repo.git('switch', '--quiet', '-c', 'feature/x');
    await repo.commit('feat: x', {
      'README.md': '# feature\n',
      'src/a.ts': 'export const a = 2;\n',
    });
    repo.git('switch', '--quiet', 'main');
    await repo.commit('fix: main', {
      'README.md': '# main\n',
      'src/a.ts': 'export const a = 3;\n',
    });
    repo.git('switch', '--quiet', '-c', 'elsewhere');
    const head = repo.git('rev-parse', 'HEAD');
    const mainHead = repo.git('rev-parse', 'main');

    const failure = await failureOf(
      runAction(mergePrAction, { source: 'feature/x', target: 'main' }, repo.dir),
    );
    expect(failure.summary).toBe(
      'merge of feature/x into main conflicts in 2 files: README.md, src/a.ts',
    );
    expect(failure.details).toEqual({
      source: 'feature/x',
      target: 'main',
      conflicts: ['README.md', 'src/a.ts'],
    });
    expect(failure.retriable).toBe(false);

    expect(repo.git('status', '--porcelain')).toBe('');
    expect(existsSync(join(repo.dir, '.git', 'MERGE_HEAD'))).toBe(false);
    expect(branch()).toBe('elsewhere');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('rev-parse', 'main')).toBe(mainHead);
    expect(await readFile(join(repo.dir, 'README.md'), 'utf8')).toBe('# main\n');
  });

  it('says so when the target already contains the source', async () => {
    repo.git('branch', 'old');
    await repo.commit('more', { 'b.txt': 'b' });
    const { outputs, result } = await runAction(mergePrAction, { source: 'old' }, repo.dir);
    expect(outputs).toEqual({
      sha: repo.git('rev-parse', 'HEAD'),
      target: 'main',
      fast_forward: false,
      merged: true,
    });
    expect(result.summary).toBe('main already contains old; nothing to merge');
  });
});
