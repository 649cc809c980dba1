import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changelogAction } from './changelog.ts';
import { createRepo, failureOf, runAction, type TestRepo } from './test-repo.ts';

let repo: TestRepo;
beforeEach(async () => {
  repo = await createRepo();
});
afterEach(() => repo.remove());

const read = () => readFile(join(repo.dir, 'CHANGELOG.md'), 'utf8');
const sha = (ref: string) => repo.git('rev-parse', '--short=7', ref);

describe('changelog', () => {
  it('writes the conventional commits since the latest tag', async () => {
    await repo.commit('feat: old feature', { 'a.txt': '1' });
    repo.git('tag', 'v1.1.0');
    await writeFile(join(repo.dir, 'CHANGELOG.md'), '# Changelog\n\n## 1.1.0\n\n- old\n');
    await repo.commit('feat(api): add search', { 'b.txt': '1' });
    await repo.commit('fix: handle empty query', { 'b.txt': '2' });
    await repo.commit('fix(ui)!: rename the button', { 'c.txt': '1' });
    await repo.commit('perf: cache results', { 'b.txt': '3' });
    await repo.commit('docs: explain search', { 'd.md': '1' });
    await repo.commit('bump deps', { 'e.txt': '1' });

    const { outputs, result } = await runAction(changelogAction, { version: '1.2.0' }, repo.dir);
    expect(outputs.commits).toBe(6);
    expect(outputs.breaking).toBe(true);
    expect(outputs.since).toBe('v1.1.0');
    expect(result.summary).toBe(
      '6 commits since v1.1.0: 1 feature, 2 fixes, 1 performance change, 1 docs change, 1 other change, 1 breaking change (written to CHANGELOG.md)',
    );
    const section = [
      '## 1.2.0',
      '',
      '### Breaking changes',
      '',
      `- **ui:** rename the button (${sha('HEAD~3')})`,
      '',
      '### Features',
      '',
      `- **api:** add search (${sha('HEAD~5')})`,
      '',
      '### Fixes',
      '',
      `- **ui:** rename the button (${sha('HEAD~3')})`,
      `- handle empty query (${sha('HEAD~4')})`,
      '',
      '### Performance',
      '',
      `- cache results (${sha('HEAD~2')})`,
      '',
      '### Documentation',
      '',
      `- explain search (${sha('HEAD~1')})`,
      '',
      '### Changes',
      '',
      `- bump deps (${sha('HEAD')})`,
      '',
    ].join('\n');
    expect(outputs.markdown).toBe(section);
    expect(await read()).toBe(`# Changelog\n\n${section}\n## 1.1.0\n\n- old\n`);
  });

  it('starts at the root commit when there is no tag, and creates the file', async () => {
    const root = await repo.commit('feat: first', { 'a.txt': '1' });
    await repo.commit('fix: second', { 'a.txt': '2' });
    const { outputs, result } = await runAction(changelogAction, {}, repo.dir);
    expect(outputs).toMatchObject({ commits: 2, breaking: false, since: root });
    expect(result.summary).toBe(
      `2 commits since the first commit (${root.slice(0, 7)}): 1 feature, 1 fix (written to CHANGELOG.md)`,
    );
    expect(await read()).toMatch(/^# Changelog\n\n## Unreleased\n\n### Features\n\n- first \(/);
  });

  it('detects a BREAKING CHANGE footer, honours since and write: false, skips merges', async () => {
    const base = await repo.commit('chore: base', { 'a.txt': '1' });
    repo.git('switch', '--quiet', '-c', 'topic');
    await repo.commit('refactor: config\n\nBREAKING CHANGE: the `env` key is now `vars`', {
      'b.txt': '1',
    });
    repo.git('switch', '--quiet', 'main');
    await repo.commit('docs: x', { 'c.txt': '1' });
    repo.git(
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@t',
      'merge',
      '--no-ff',
      '--quiet',
      '-m',
      'Merge topic',
      'topic',
    );

    const { outputs, result } = await runAction(
      changelogAction,
      { since: base, write: false },
      repo.dir,
    );
    expect(outputs).toMatchObject({ commits: 2, breaking: true, since: base });
    expect(outputs.markdown).toContain('### Breaking changes\n\n- the `env` key is now `vars` (');
    expect(outputs.markdown).toContain('### Refactoring\n\n- config (');
    expect(outputs.markdown).not.toContain('Merge topic');
    expect(result.summary).toBe(
      `2 commits since ${base}: 1 refactor, 1 docs change, 1 breaking change`,
    );
    await expect(read()).rejects.toThrow(/ENOENT/);
  });

  it('changes nothing when there are no new commits, and refuses an unknown ref', async () => {
    await repo.commit('feat: a', { 'a.txt': '1' });
    repo.git('tag', 'v1.0.0');
    const { outputs, result } = await runAction(changelogAction, {}, repo.dir);
    expect(outputs).toMatchObject({ commits: 0, breaking: false, since: 'v1.0.0' });
    expect(result.summary).toBe('no commits since v1.0.0; CHANGELOG.md left as it was');
    await expect(read()).rejects.toThrow(/ENOENT/);

    const failure = await failureOf(runAction(changelogAction, { since: 'v9' }, repo.dir));
    expect(failure.summary).toBe('cannot write a changelog since v9: no such tag or commit');
  });

  it('says when the repository has no commits', async () => {
    const failure = await failureOf(runAction(changelogAction, {}, repo.dir));
    expect(failure.summary).toBe('the repository has no commits yet (make a first commit)');
  });
});
