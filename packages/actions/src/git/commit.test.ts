import { readFile, rm } from 'node:fs/promises';
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
  it('commits what the run changed: new and changed files', async () => {
    await repo.write('README.md', '# changed\n');
    await repo.write('src/new.ts', 'export {};\n');
    const { outputs, result } = await runAction(
      gitCommitAction,
      { message: 'feat: add new\n\nwith a body' },
      repo.dir,
    );
    const head = repo.git('rev-parse', 'HEAD');
    expect(outputs).toEqual({ sha: head, committed: true });
    expect(result.summary).toBe(
      `committed ${head.slice(0, 7)} "feat: add new" (2 files: README.md, src/new.ts)`,
    );
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

  it("commits what the run changed, never the user's earlier work nor .mia/", async () => {
    await repo.commit('package', { 'package.json': '{ "version": "1.0.0" }\n' });
    // The user's work in progress before the run, and Arcflow's own workflow file.
    await repo.writeEarlier('README.md', '# half-written\n');
    await repo.writeEarlier('notes.txt', 'todo\n');
    await repo.writeEarlier('.mia/workflows/release.yaml', 'name: release\n');
    const runStartedAt = new Date();
    // What the run's steps did.
    await repo.write('package.json', '{ "version": "1.1.0" }\n');
    await repo.write('CHANGELOG.md', '# Changelog\n');

    const { result } = await runAction(
      gitCommitAction,
      { message: 'chore(release): v1.1.0' },
      repo.dir,
      { runStartedAt },
    );
    expect(repo.git('show', '--stat=200', '--format=', 'HEAD')).toBe(
      [
        'CHANGELOG.md | 1 +',
        ' package.json | 2 +-',
        ' 2 files changed, 2 insertions(+), 1 deletion(-)',
      ].join('\n'),
    );
    const sha = repo.git('rev-parse', '--short=7', 'HEAD');
    expect(result.summary).toBe(
      `committed ${sha} "chore(release): v1.1.0" (2 files: package.json, CHANGELOG.md)` +
        '; left out 2 files changed before the run started: README.md, notes.txt' +
        "; left out 1 file under .mia/ (Arcflow's own): .mia/workflows/release.yaml",
    );
    // Left exactly as the user had them.
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe(
      ['M README.md', '?? .mia/workflows/release.yaml', '?? notes.txt'].join('\n'),
    );
  });

  it('leaves what the user staged before the run staged, and out of the commit', async () => {
    await repo.writeEarlier('draft.md', 'draft\n');
    repo.git('add', 'draft.md');
    const runStartedAt = new Date();
    await repo.write('src/[id].ts', 'export {};\n'); // a name that is also a glob pattern
    await runAction(gitCommitAction, { message: 'feat: page' }, repo.dir, { runStartedAt });
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('src/[id].ts');
    expect(repo.git('status', '--porcelain')).toBe('A  draft.md');
  });

  it('commits a deletion only when paths name it: when it happened is unknown', async () => {
    await repo.commit('more', { 'old/a.txt': 'a', 'keep.txt': 'k' });
    await repo.deleteEarlier('keep.txt'); // the user's
    const runStartedAt = new Date();
    await rm(join(repo.dir, 'old'), { recursive: true }); // a step's
    await repo.write('new.txt', 'n');
    const { result } = await runAction(gitCommitAction, { message: 'chore: new' }, repo.dir, {
      runStartedAt,
    });
    expect(repo.git('show', '--name-status', '--format=', 'HEAD')).toBe('A\tnew.txt');
    expect(result.summary).toMatch(
      /; left out 2 files deleted \(name it in paths to commit a deletion\): keep.txt, old\/a.txt$/,
    );
    await runAction(gitCommitAction, { message: 'chore: drop old', paths: ['old'] }, repo.dir, {
      runStartedAt,
    });
    expect(repo.git('show', '--name-status', '--format=', 'HEAD')).toBe('D\told/a.txt');
    expect(repo.git('status', '--porcelain')).toBe('D keep.txt'); // " D", trimmed
  });

  it('says what it left out when the run changed nothing', async () => {
    await repo.writeEarlier('notes.txt', 'todo\n');
    const before = repo.git('rev-parse', 'HEAD');
    const { outputs, result } = await runAction(gitCommitAction, { message: 'x' }, repo.dir, {
      runStartedAt: new Date(),
    });
    expect(outputs).toEqual({ sha: before, committed: false });
    expect(result.summary).toBe(
      'nothing to commit (left out 1 file changed before the run started: notes.txt)',
    );
  });

  it('works from a workspace inside the repository', async () => {
    await repo.writeEarlier('pkg/.mia/workflows/w.yaml', 'name: w\n');
    const runStartedAt = new Date();
    await repo.write('pkg/package.json', '{}\n');
    await repo.write('top.txt', 't');
    await runAction(gitCommitAction, { message: 'chore: pkg' }, join(repo.dir, 'pkg'), {
      runStartedAt,
    });
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('pkg/package.json\ntop.txt');
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe(
      '?? pkg/.mia/workflows/w.yaml',
    );
  });

  it('commits only the given paths', async () => {
    await repo.write('a.txt', 'a');
    await repo.write('b.txt', 'b');
    repo.git('add', 'b.txt'); // staged earlier, but not asked for
    await runAction(gitCommitAction, { message: 'only a', paths: ['a.txt'] }, repo.dir);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('a.txt');
    expect(repo.git('status', '--porcelain')).toBe('A  b.txt');
  });

  it('commits the given paths whenever they changed, but never .mia/', async () => {
    await repo.writeEarlier('docs/guide.md', 'guide\n');
    await repo.writeEarlier('.mia/workflows/w.yaml', 'name: w\n');
    const { result } = await runAction(
      gitCommitAction,
      { message: 'docs', paths: ['docs', '.mia'] },
      repo.dir,
      { runStartedAt: new Date() },
    );
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('docs/guide.md');
    expect(result.summary).toContain(
      "left out 1 file under .mia/ (Arcflow's own): .mia/workflows/w.yaml",
    );
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
