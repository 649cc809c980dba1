import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepo, failureOf, runAction } from './test-repo.ts';
import { versionBumpAction } from './version-bump.ts';

let dir: string;
beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'arcflow-bump-')));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const read = (name: string) => readFile(join(dir, name), 'utf8');
const bump = (input: unknown) => runAction(versionBumpAction, input, dir);

describe('version-bump', () => {
  it('bumps the patch, keeping indentation and the final newline', async () => {
    await writeFile(
      join(dir, 'package.json'),
      '{\n    "name": "app",\n    "version": "1.2.3",\n    "private": true\n}\n',
    );
    const { outputs, result } = await bump({ level: 'patch' });
    expect(outputs).toEqual({
      previous: '1.2.3',
      version: '1.2.4',
      level: 'patch',
      reason: 'patch, as asked',
      files: ['package.json'],
    });
    expect(result.summary).toBe('bumped package.json from 1.2.3 to 1.2.4 (patch)');
    expect(await read('package.json')).toBe(
      '{\n    "name": "app",\n    "version": "1.2.4",\n    "private": true\n}\n',
    );
  });

  it('keeps tabs, CRLF and no final newline; updates package-lock.json too', async () => {
    await writeFile(
      join(dir, 'package.json'),
      '{\r\n\t"name": "app",\r\n\t"version": "1.2.3"\r\n}',
    );
    await writeFile(
      join(dir, 'package-lock.json'),
      JSON.stringify(
        {
          name: 'app',
          version: '1.2.3',
          lockfileVersion: 3,
          packages: {
            '': { name: 'app', version: '1.2.3' },
            'node_modules/x': { version: '1.2.3' },
          },
        },
        null,
        2,
      ) + '\n',
    );
    const { outputs } = await bump({ level: 'minor' });
    expect(outputs).toEqual({
      previous: '1.2.3',
      version: '1.3.0',
      level: 'minor',
      reason: 'minor, as asked',
      files: ['package.json', 'package-lock.json'],
    });
    expect(await read('package.json')).toBe('{\r\n\t"name": "app",\r\n\t"version": "1.3.0"\r\n}');
    const lock = JSON.parse(await read('package-lock.json'));
    expect(lock.version).toBe('1.3.0');
    expect(lock.packages[''].version).toBe('1.3.0');
    expect(lock.packages['node_modules/x'].version).toBe('1.2.3');
    expect(await read('package-lock.json')).toMatch(/^\{\n {2}"name"/);
  });

  it('makes prereleases and sets an exact version', async () => {
    await writeFile(join(dir, 'version.json'), '{"version":"1.2.3"}');
    const pre = await bump({ file: 'version.json', level: 'prerelease', preid: 'rc' });
    expect(pre.outputs.version).toBe('1.2.4-rc.0');
    const again = await bump({ file: 'version.json', level: 'prerelease', preid: 'rc' });
    expect(again.outputs).toMatchObject({ previous: '1.2.4-rc.0', version: '1.2.4-rc.1' });
    const exact = await bump({ file: 'version.json', version: 'v2.0.0' });
    expect(exact.outputs).toMatchObject({ previous: '1.2.4-rc.1', version: '2.0.0' });
    expect(exact.result.summary).toBe('bumped version.json from 1.2.4-rc.1 to 2.0.0 (set)');
    expect(await read('version.json')).toBe('{"version":"2.0.0"}');
  });

  it('says clearly what is wrong with the file', async () => {
    expect((await failureOf(bump({}))).summary).toBe(
      'package.json does not exist (set `file` to your manifest)',
    );

    await writeFile(
      join(dir, 'package.json'),
      '{\n  "name": "app",\n  "version": "1.0.0"\n  "x": 1\n}\n',
    );
    const invalid = await failureOf(bump({}));
    expect(invalid.summary).toMatch(/^package\.json is not valid JSON: .+ \(line 4, column 3\)$/);
    expect(invalid.retriable).toBe(false);

    await writeFile(join(dir, 'package.json'), '{ "name": "app" }');
    expect((await failureOf(bump({}))).summary).toBe('package.json has no "version" field');

    await writeFile(join(dir, 'package.json'), '{ "version": "one" }');
    expect((await failureOf(bump({}))).summary).toBe(
      'package.json has an invalid version "one" (expected e.g. "1.2.3")',
    );

    await writeFile(join(dir, 'package.json'), '[1]');
    expect((await failureOf(bump({}))).summary).toBe('package.json does not hold a JSON object');

    await writeFile(join(dir, 'package.json'), '{ "version": "1.0.0" }');
    expect((await failureOf(bump({}))).summary).toBe(
      'level: auto reads the commits since the latest tag, but the workspace is not a git repository (set level to major, minor or patch)',
    );
  });

  it('leaves package.json alone when package-lock.json is broken', async () => {
    await writeFile(join(dir, 'package.json'), '{ "version": "1.0.0" }');
    await writeFile(join(dir, 'package-lock.json'), '{');
    const failure = await failureOf(bump({ level: 'patch' }));
    expect(failure.summary).toMatch(/^package-lock\.json is not valid JSON/);
    expect(await read('package.json')).toBe('{ "version": "1.0.0" }');
  });

  it('validates its input', () => {
    expect(versionBumpAction.input.safeParse({ version: '1.2' }).success).toBe(false);
    expect(versionBumpAction.input.safeParse({ preid: 'r c' }).success).toBe(false);
    expect(versionBumpAction.input.safeParse({ level: 'huge' }).success).toBe(false);
  });

  it('level: auto follows the commits since the latest tag, before 1.0.0 one level lower', async () => {
    const repo = await createRepo();
    try {
      await repo.commit('chore: start', { 'package.json': '{ "version": "0.4.0" }\n' });
      repo.git('tag', 'v0.4.0');
      await repo.commit('feat: a', { 'a.js': '1' });
      await repo.commit('fix: b', { 'b.js': '1' });
      const run = (input: unknown) => runAction(versionBumpAction, input, repo.dir);

      const preview = await run({ write: false });
      expect(preview.outputs).toMatchObject({
        previous: '0.4.0',
        version: '0.4.1',
        level: 'patch',
      });
      expect(preview.result.summary).toBe(
        'the next version is 0.4.1, from 0.4.0 (patch: 1 feature, 1 fix since v0.4.0 (before 1.0.0 a feature moves the patch)); package.json not written yet',
      );
      expect(await readFile(join(repo.dir, 'package.json'), 'utf8')).toContain('0.4.0');

      await repo.commit('refactor!: rename the options', { 'a.js': '2' });
      const { outputs } = await run({});
      expect(outputs).toMatchObject({ version: '0.5.0', level: 'minor' });
      expect(await readFile(join(repo.dir, 'package.json'), 'utf8')).toBe('{"version":"0.5.0"}\n');

      await writeFile(join(repo.dir, 'package.json'), '{ "version": "1.0.0" }\n');
      expect((await run({ level: 'minor' })).outputs).toMatchObject({ version: '1.1.0' });
    } finally {
      await repo.remove();
    }
  });
});
