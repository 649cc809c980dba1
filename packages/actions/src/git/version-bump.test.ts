import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf, runAction } from './test-repo.ts';
import { versionBumpAction } from './version-bump.ts';

let dir: string;
beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'arcflow-bump-')));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const read = (name: string) => readFile(join(dir, name), 'utf8');
const bump = (input: unknown) => runAction(versionBumpAction, input, dir);

describe('version-bump', () => {
  it('bumps the patch by default, keeping indentation and the final newline', async () => {
    await writeFile(
      join(dir, 'package.json'),
      '{\n    "name": "app",\n    "version": "1.2.3",\n    "private": true\n}\n',
    );
    const { outputs, result } = await bump({});
    expect(outputs).toEqual({ previous: '1.2.3', version: '1.2.4', files: ['package.json'] });
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
  });

  it('leaves package.json alone when package-lock.json is broken', async () => {
    await writeFile(join(dir, 'package.json'), '{ "version": "1.0.0" }');
    await writeFile(join(dir, 'package-lock.json'), '{');
    const failure = await failureOf(bump({}));
    expect(failure.summary).toMatch(/^package-lock\.json is not valid JSON/);
    expect(await read('package.json')).toBe('{ "version": "1.0.0" }');
  });

  it('validates its input', () => {
    expect(versionBumpAction.input.safeParse({ version: '1.2' }).success).toBe(false);
    expect(versionBumpAction.input.safeParse({ preid: 'r c' }).success).toBe(false);
    expect(versionBumpAction.input.safeParse({ level: 'huge' }).success).toBe(false);
  });
});
