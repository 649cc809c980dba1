import { mkdtemp, readdir, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBlobKey } from './blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arcflow-blobs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function text(stream: Readable | undefined): Promise<string | undefined> {
  if (!stream) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString();
}

/** Sets a blob's last use, so the test controls the LRU order without sleeping. */
async function lastUsed(key: string, secondsAgo: number): Promise<void> {
  const when = new Date(Date.now() - secondsAgo * 1000);
  await utimes(join(dir, ...key.split('/')), when, when);
}

describe('FsBlobStore', () => {
  it('stores, reads, lists, stats and deletes blobs by key', async () => {
    const store = new FsBlobStore(dir);
    expect(await store.put('runs/r1/build/dist/a.js', Buffer.from('alpha'))).toEqual({ size: 5 });
    await store.put('runs/r1/build/dist/b.js', Buffer.from('beta!!'));
    await store.put('runs/r2/build/x', Buffer.from('x'));
    expect(await text(await store.get('runs/r1/build/dist/a.js'))).toBe('alpha');
    expect(await store.get('runs/r1/build/missing')).toBeUndefined();
    expect((await store.stat('runs/r1/build/dist/b.js'))?.size).toBe(6);

    const listed = [];
    for await (const entry of store.list('runs/r1/')) listed.push([entry.key, entry.size]);
    expect(listed).toEqual([
      ['runs/r1/build/dist/a.js', 5],
      ['runs/r1/build/dist/b.js', 6],
    ]);

    expect(await store.deletePrefix('runs/r1/')).toBe(2);
    expect(await store.stat('runs/r1/build/dist/a.js')).toBeUndefined();
    expect(await readdir(join(dir, 'runs'))).toEqual(['r2']);
    await store.delete('runs/r2/build/never-there');
  });

  it('writes through a temporary file: a reader never sees a half-written blob', async () => {
    const store = new FsBlobStore(dir);
    await store.put('k', Buffer.from('old'));
    const source = new PassThrough();
    const writing = store.put('k', source);
    source.write('new-part-1 ');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await text(await store.get('k'))).toBe('old');
    source.end('new-part-2');
    await writing;
    expect(await text(await store.get('k'))).toBe('new-part-1 new-part-2');
    expect(await readdir(join(dir, '.tmp'))).toEqual([]);
  });

  it('a failed write leaves the old blob and no temporary file', async () => {
    const store = new FsBlobStore(dir);
    await store.put('k', Buffer.from('old'));
    const source = new PassThrough();
    const writing = store.put('k', source);
    source.write('partial');
    await new Promise((resolve) => setTimeout(resolve, 50));
    source.destroy(new Error('upload cut'));
    await expect(writing).rejects.toThrow('upload cut');
    expect(await readFile(join(dir, 'k'), 'utf8')).toBe('old');
    expect(await readdir(join(dir, '.tmp'))).toEqual([]);
  });

  it('evicts the least recently read or written blobs once over its bound', async () => {
    const store = new FsBlobStore(dir, { maxBytes: 30 });
    await store.put('a', Buffer.alloc(10));
    await store.put('b', Buffer.alloc(10));
    await store.put('c', Buffer.alloc(10));
    await lastUsed('a', 30);
    await lastUsed('b', 20);
    await lastUsed('c', 10);
    // Reading `a` makes it the most recently used: `b` is now the oldest.
    await text(await store.get('a'));
    await store.put('d', Buffer.alloc(10));
    const keys = [];
    for await (const entry of store.list('')) keys.push(entry.key);
    expect(keys).toEqual(['a', 'c', 'd']);
  });

  it('never evicts the blob being written, even when it alone is over the bound', async () => {
    const store = new FsBlobStore(dir, { maxBytes: 15 });
    await store.put('old', Buffer.alloc(10));
    await lastUsed('old', 60);
    await store.put('big', Buffer.alloc(20));
    expect(await store.stat('old')).toBeUndefined();
    expect((await store.stat('big'))?.size).toBe(20);
  });

  it('refuses keys that could leave its directory', async () => {
    const store = new FsBlobStore(dir);
    for (const key of [
      '../escape',
      'a/../../b',
      '/etc/passwd',
      'a//b',
      '.hidden',
      'a\\b',
      'a/./b',
      '',
    ]) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/invalid blob key/);
      await expect(store.get(key)).rejects.toThrow(/invalid blob key/);
    }
    await expect(store.deletePrefix('../')).rejects.toThrow(/invalid blob key/);
    expect(() => checkBlobKey('runs/r-1/build_2/dist/app.min.js')).not.toThrow();
  });
});
