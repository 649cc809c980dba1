import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitCommitAction } from './commit.ts';
import { createRepo, runAction, type TestRepo } from './test-repo.ts';

let repo: TestRepo;
beforeEach(async () => {
  repo = await createRepo();
  await repo.commit('first', { 'README.md': '# hi\n' });
});
afterEach(() => repo.remove());

describe('git-commit', () => {
  it('commits every change, new, changed and deleted', async () => {
    await repo.write('README.md', '# changed\n');
    await repo.write('src/new.ts', 'export {};\n');
    const { outputs, result } = await runAction(
      gitCommitAction,
      { message: 'feat: add new\n\nwith a body' },
      repo.dir,
    );
    const head = repo.git('rev-parse', 'HEAD');
    expect(outputs).toEqual({ sha: head, committed: true });
    expect(result.summary).toBe(`committed ${head.slice(0, 7)} "feat: add new" (2 files)`);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('log', '-1', '--format=%an <%ae>|%B')).toBe(
      'Test Person <test@example.com>|feat: add new\n\nwith a body',
    );
  });

  it('succeeds without a commit when nothing changed', async () => {
    const before = repo.git('rev-parse', 'HEAD');
    const { outputs, result } = await runAction(gitCommitAction, { message: 'chore: x' }, repo.dir);
    expect(outputs).toEqual({ sha: before, committed: false });
    expect(result.summary).toBe('nothing to commit');
    expect(repo.git('rev-parse', 'HEAD')).toBe(before);
  });

  it('makes an empty commit when allowed', async () => {
    const before = repo.git('rev-parse', 'HEAD');
    const { outputs, result } = await runAction(
      gitCommitAction,
      { message: 'chore: release', allow_empty: true },
      repo.dir,
    );
    expect(outputs.committed).toBe(true);
    expect(outputs.sha).not.toBe(before);
    expect(result.summary).toContain('(empty)');
  });

  it('commits only the given paths', async () => {
    await repo.write('a.txt', 'a');
    await repo.write('b.txt', 'b');
    repo.git('add', 'b.txt'); // staged earlier, but not asked for
    await runAction(gitCommitAction, { message: 'only a', paths: ['a.txt'] }, repo.dir);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('a.txt');
    expect(repo.git('status', '--porcelain')).toBe('A  b.txt');
  });

  it('uses the given author, and Arcflow when the repository names nobody', async () => {
    const bare = await createRepo({ identity: false });
    try {
      await bare.write('x.txt', 'x');
      await runAction(gitCommitAction, { message: 'first' }, bare.dir);
      expect(bare.git('log', '-1', '--format=%an <%ae>|%cn <%ce>')).toBe(
        'Arcflow <arcflow@localhost>|Arcflow <arcflow@localhost>',
      );
      await bare.write('y.txt', 'y');
      await runAction(
        gitCommitAction,
        { message: 'second', author_name: 'Ada', author_email: 'ada@example.com' },
        bare.dir,
      );
      expect(bare.git('log', '-1', '--format=%an <%ae>|%cn')).toBe('Ada <ada@example.com>|Arcflow');
      expect(await readFile(join(bare.dir, 'y.txt'), 'utf8')).toBe('y');
    } finally {
      await bare.remove();
    }
  });
});
