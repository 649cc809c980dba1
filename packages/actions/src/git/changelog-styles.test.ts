import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changelogAction } from './changelog.ts';
import { createRepo, runAction, type TestRepo } from './test-repo.ts';
import { versionBumpAction } from './version-bump.ts';

/**
 * Changelogs in the shapes real projects keep (fixtures/changelogs/<style>.md) updated from a
 * real history: dependency-bot bumps, a merged pull request, a breaking change and a commit
 * that follows no convention. `<style>.expected.md` is the file afterwards, `{{name}}` the
 * commits' hashes.
 */

const FIXTURES = join(import.meta.dirname, '../../fixtures/changelogs');
const DATE = '2026-02-01';

let repo: TestRepo;
let shas: Record<string, string>;
beforeEach(async () => {
  repo = await createRepo();
  shas = await releaseHistory(repo);
});
afterEach(() => repo.remove());

/** v1.4.0, then eight commits and a merge: 1 breaking change, 1 feature, 1 fix, 4 bot bumps. */
async function releaseHistory(repo: TestRepo): Promise<Record<string, string>> {
  await repo.commit('chore(release): v1.4.0', { 'package.json': '{ "version": "1.4.0" }\n' });
  repo.git('tag', '-a', '-m', 'v1.4.0', 'v1.4.0');
  const shas: Record<string, string> = {};
  shas.feat = await repo.commit('feat(parser): accept comments', { 'src/parse.js': '1' });
  shas.lodash = await repo.commit('chore(deps): bump lodash from 4.17.20 to 4.17.21', {
    'yarn.lock': '1',
  });
  repo.git('switch', '--quiet', '-c', 'fix-line');
  shas.fix = await repo.commit('fix: report the line of a syntax error', { 'src/error.js': '1' });
  repo.git('switch', '--quiet', 'main');
  shas.vitest = await repo.commit('Bump vitest from 1.0.0 to 1.1.0', { 'yarn.lock': '2' });
  repo.git(
    '-c',
    'user.name=T',
    '-c',
    'user.email=t@t',
    'merge',
    '--no-ff',
    '--quiet',
    '-m',
    'Merge pull request #12 from acme/fix-line',
    'fix-line',
  );
  shas.typescript = await repo.commit('chore(deps): update dependency typescript to v5.4.5', {
    'yarn.lock': '3',
  });
  shas.breaking = await repo.commit(
    'feat!: drop Node 16\n\nBREAKING CHANGE: Node 18 or newer is required.',
    { 'package.json': '{ "version": "1.4.0", "engines": { "node": ">=18" } }\n' },
  );
  shas.readme = await repo.commit('Tidy the README', { 'README.md': 'jsonish\n' });
  shas.types = await repo.commit('build(deps-dev): bump @types/node from 20.1.0 to 20.2.0', {
    'yarn.lock': '4',
  });
  return shas;
}

const fill = (text: string) =>
  text.replace(/\{\{(\w+)(?::(\d+))?\}\}/g, (_, name: string, length?: string) => {
    const sha = shas[name];
    if (sha === undefined) throw new Error(`no commit named ${name}`);
    return length ? sha.slice(0, Number(length)) : sha;
  });

describe.each([
  ['keep-a-changelog', '2.0.0'],
  ['conventional-changelog', '2.0.0'],
  ['plain-v', 'v2.0.0'],
  ['plain-h1', '2.0.0'],
])('a %s changelog', (style, version) => {
  it(`gets ${version} at the top, in its own style`, async () => {
    const original = await readFile(join(FIXTURES, `${style}.md`), 'utf8');
    await writeFile(join(repo.dir, 'CHANGELOG.md'), original);
    const { outputs, result } = await runAction(changelogAction, { version, date: DATE }, repo.dir);
    expect(outputs).toMatchObject({ commits: 8, breaking: true, since: 'v1.4.0' });
    expect(result.summary).toBe(
      '8 commits since v1.4.0: 2 features, 1 fix, 1 other change, 4 dependency updates, 1 breaking change (written to CHANGELOG.md)',
    );
    const written = await readFile(join(repo.dir, 'CHANGELOG.md'), 'utf8');
    const expected = fill(await readFile(join(FIXTURES, `${style}.expected.md`), 'utf8'));
    expect(written).toBe(expected);
    expect(written).not.toContain('Merge pull request');
  });
});

describe('version-bump level: auto on the same history', () => {
  it('is major for the breaking change, and says why', async () => {
    const { outputs, result } = await runAction(versionBumpAction, {}, repo.dir);
    expect(outputs).toMatchObject({
      previous: '1.4.0',
      version: '2.0.0',
      level: 'major',
      reason: 'major: 1 breaking change, 1 feature, 1 fix since v1.4.0',
    });
    expect(result.summary).toBe(
      'bumped package.json from 1.4.0 to 2.0.0 (major: 1 breaking change, 1 feature, 1 fix since v1.4.0)',
    );
  });
});
