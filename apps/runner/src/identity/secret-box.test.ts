import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';
import { decodeSecretKey, keyIdOf, loadSecretKey, secretKeyFile } from './secret-key.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER = Buffer.alloc(32, 9).toString('base64');
const place = { workspaceDir: '/ws', workflowName: 'release', name: 'DEPLOY_KEY' };

describe('the secret key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'arcflow-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('comes from ARCFLOW_SECRET_KEY when set, with its id', async () => {
    const key = await loadSecretKey({ workspaceDir: dir, fromEnv: KEY });
    expect(key.key).toEqual(Buffer.alloc(32, 7));
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(key.keyId).toBe(keyIdOf(Buffer.alloc(32, 7)));
    expect(() => statSync(secretKeyFile(dir))).toThrow(/ENOENT/);
  });

  it('refuses a malformed ARCFLOW_SECRET_KEY, saying how to make one', async () => {
    for (const bad of ['not base64!', Buffer.alloc(16).toString('base64'), `${KEY}AAAA`]) {
      await expect(loadSecretKey({ workspaceDir: dir, fromEnv: bad })).rejects.toThrow(
        'ARCFLOW_SECRET_KEY is not a secret key: it must be 32 bytes in base64 (make one with: openssl rand -base64 32)',
      );
    }
  });

  it('is created once in the workspace, readable by its owner only, then reused', async () => {
    const first = await loadSecretKey({ workspaceDir: dir, fromEnv: undefined });
    const file = secretKeyFile(dir);
    expect(file).toBe(join(dir, '.mia', 'state', 'secret.key'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await loadSecretKey({ workspaceDir: dir, fromEnv: '' });
    expect(again.keyId).toBe(first.keyId);
    expect(again.key).toEqual(first.key);
  });

  it('refuses a key file others can read, naming the file and chmod 600', async () => {
    const file = secretKeyFile(dir);
    await mkdir(dirname(file), { recursive: true });
    writeFileSync(file, KEY, { mode: 0o644 });
    chmodSync(file, 0o644);
    await expect(loadSecretKey({ workspaceDir: dir, fromEnv: undefined })).rejects.toThrow(
      `the secret key file ${file} can be read by other users (mode 644); make it private with: chmod 600 ${file}`,
    );
    chmodSync(file, 0o600);
    const key = await loadSecretKey({ workspaceDir: dir, fromEnv: undefined });
    expect(key.key).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses a key file that holds no key', async () => {
    const file = secretKeyFile(dir);
    await mkdir(dirname(file), { recursive: true });
    writeFileSync(file, 'hello\n', { mode: 0o600 });
    await expect(loadSecretKey({ workspaceDir: dir, fromEnv: undefined })).rejects.toThrow(
      `the secret key file ${file} is not a secret key`,
    );
  });
});

describe('SecretBox', () => {
  const box = new SecretBox(decodeSecretKey(KEY, 'test'));

  it('seals with a fresh nonce and opens to the same text', () => {
    const a = box.seal('hunter2 ✓', place);
    const b = box.seal('hunter2 ✓', place);
    expect(a.nonce).toHaveLength(12);
    expect(a.keyId).toBe(box.keyId);
    expect(a.ciphertext.length).toBe(Buffer.byteLength('hunter2 ✓') + 16);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext.includes(Buffer.from('hunter2'))).toBe(false);
    expect(box.open(a, place)).toBe('hunter2 ✓');
    expect(box.open(box.seal('', place), place)).toBe('');
  });

  it('says which key to use when the value was sealed with another', () => {
    const sealed = new SecretBox(decodeSecretKey(OTHER, 'other')).seal('x', place);
    expect(() => box.open(sealed, place)).toThrow(
      'secret DEPLOY_KEY was written with another key; set ARCFLOW_SECRET_KEY to the key the runner that wrote it used',
    );
  });

  it('refuses a tampered value, and one moved to another place', () => {
    const sealed = box.seal('hunter2', place);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = (flipped[0] as number) ^ 1;
    const refused = /secret DEPLOY_KEY cannot be opened: its stored value was changed/;
    expect(() => box.open({ ...sealed, ciphertext: flipped }, place)).toThrow(refused);
    expect(() => box.open({ ...sealed, nonce: Buffer.alloc(12) }, place)).toThrow(refused);
    expect(() => box.open({ ...sealed, ciphertext: Buffer.alloc(3) }, place)).toThrow(refused);
    expect(() => box.open(sealed, { ...place, workflowName: '' })).toThrow(/cannot be opened/);
    expect(() => box.open(sealed, { ...place, workspaceDir: '/other' })).toThrow(
      /cannot be opened/,
    );
    const renamed = { ...place, name: 'NPM_TOKEN' };
    expect(() => box.open(sealed, renamed)).toThrow(/secret NPM_TOKEN cannot be opened/);
  });
});
