import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../storage/fs-blob-store.ts';
import { type CacheEntry, StepCache } from './step-cache.ts';

const key = (n: number) => n.toString(16).padStart(64, '0');
const entry = (runId: string): CacheEntry => ({
  version: 1,
  outputs: { digest: 'x'.repeat(200) },
  runId,
  stepId: 'build',
  attempt: 1,
  at: '2026-12-03T08:00:00.000Z',
  artifacts: [],
});
const pause = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('StepCache in a directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'arcflow-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds what it saved, and nothing for another key', async () => {
    const cache = new StepCache(new FsBlobStore(dir));
    await cache.save(key(1), entry('r1'));
    expect(await cache.lookup(key(1))).toEqual(entry('r1'));
    expect(await cache.lookup(key(2))).toBeUndefined();
  });

  it('keeps under its size bound by dropping the least recently used entries', async () => {
    const size = Buffer.byteLength(JSON.stringify(entry('r1')));
    const cache = new StepCache(new FsBlobStore(dir, { maxBytes: size * 3 }));
    for (const n of [1, 2, 3]) {
      await cache.save(key(n), entry(`r${n}`));
      await pause();
    }
    expect(await cache.lookup(key(1))).toBeDefined(); // used again: now the most recent
    await pause();
    await cache.save(key(4), entry('r4'));
    expect(await cache.lookup(key(2))).toBeUndefined(); // the least recently used went
    expect((await cache.lookup(key(1)))?.runId).toBe('r1');
    expect((await cache.lookup(key(4)))?.runId).toBe('r4');
  });

  it('reads a damaged entry as a miss', async () => {
    const store = new FsBlobStore(dir);
    await store.put(`steps/${key(5)}.json`, Buffer.from('{"version":1,'));
    expect(await new StepCache(store).lookup(key(5))).toBeUndefined();
  });
});
