import { describe, expect, it } from 'vitest';
import { checkBlobKey } from '../storage/blob-store.ts';
import { artifactKey, downloadName, placeInWorkspace } from './artifact-paths.ts';

describe('artifact paths', () => {
  it('turns any file name into a safe blob key, one name to one key', () => {
    const keys = [
      'dist/app.js',
      'dist/my file.js',
      '.env',
      'dist/=20',
      'résumé.pdf',
      'a/.hidden/x',
    ].map((path) => artifactKey('r1234abcd', 'build', 2, path));
    expect(keys).toEqual([
      'runs/r1234abcd/build/2/dist/app.js',
      'runs/r1234abcd/build/2/dist/my=20file.js',
      'runs/r1234abcd/build/2/=2Eenv',
      'runs/r1234abcd/build/2/dist/=3D20',
      'runs/r1234abcd/build/2/r=C3=A9sum=C3=A9.pdf',
      'runs/r1234abcd/build/2/a/=2Ehidden/x',
    ]);
    for (const key of keys) expect(checkBlobKey(key)).toBe(key);
  });

  it('places a recorded path inside the workspace, or says why not', () => {
    expect(placeInWorkspace('/ws', 'dist/app.js')).toBe('/ws/dist/app.js');
    for (const path of ['../x', 'dist/../../x', '/etc/passwd', 'a//b', 'a\\..\\b', './a', '']) {
      expect(() => placeInWorkspace('/ws', path), path).toThrow(/is not a plain relative path/);
    }
  });

  it('offers a download a plain file name', () => {
    expect(downloadName('dist/app.min.js')).toBe('app.min.js');
    expect(downloadName('reports/"quoted"\r\nname.txt')).toBe('_quoted___name.txt');
    expect(downloadName('.env')).toBe('_env');
  });
});
