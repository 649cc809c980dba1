import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashInputFiles } from './input-files.ts';

describe('hashInputFiles', () => {
  let dir: string;
  const write = (file: string, content: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'arcflow-inputs-'));
    write('src/a.ts', 'a');
    write('src/deep/b.ts', 'b');
    write('src/deep/b.test.ts', 't');
    write('package-lock.json', '{}');
    write('.mia/cache/steps/x.json', '{}');
    write('node_modules/m/index.js', 'm');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes the matching files, sorted, leaving out !patterns, .mia and node_modules', async () => {
    const files = await hashInputFiles(dir, ['**', '!**/*.test.ts']);
    expect(files.map((f) => f.path)).toEqual(['package-lock.json', 'src/a.ts', 'src/deep/b.ts']);
    expect(files[1]?.sha256).toBe(
      'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb', // sha256("a")
    );
  });

  it('reads a directory as every file under it, and a missing file as none', async () => {
    const files = await hashInputFiles(dir, ['src', 'missing.txt']);
    expect(files.map((f) => f.path)).toEqual(['src/a.ts', 'src/deep/b.test.ts', 'src/deep/b.ts']);
  });

  it('refuses a pattern outside the workspace', async () => {
    await expect(hashInputFiles(dir, ['../elsewhere/**'])).rejects.toThrow('leaves the workspace');
  });
});
