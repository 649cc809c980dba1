import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type Dirent } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type BlobEntry,
  type BlobStore,
  checkBlobKey,
  checkBlobPrefix,
  deleteListed,
} from './blob-store.ts';

export interface FsBlobStoreOptions {
  /** Evict least recently used blobs once the store holds more than this many bytes. */
  maxBytes?: number;
}

/** Where unfinished writes wait; keys never start with `.`, so it cannot collide with one. */
const TEMP_DIR = '.tmp';

/**
 * Blobs as files under `root`, one file per key. A write goes to a temporary file that is
 * renamed into place, so a reader sees the old blob or the new one, never half of one.
 * With `maxBytes`, the least recently read or written blobs go first: `get` and `put` set
 * the file's modification time, which orders eviction (so several processes sharing the
 * directory agree on it).
 */
export class FsBlobStore implements BlobStore {
  /** Bytes held as last counted, or undefined before the first count. */
  private heldBytes: number | undefined;
  private readonly writing = new Set<string>();
  private evicting: Promise<void> | undefined;

  constructor(
    readonly root: string,
    private readonly options: FsBlobStoreOptions = {},
  ) {}

  describe(): string {
    const bound =
      this.options.maxBytes === undefined ? '' : `, at most ${this.options.maxBytes} bytes`;
    return `directory ${this.root}${bound}`;
  }

  async put(key: string, source: Readable | Buffer): Promise<{ size: number }> {
    const path = this.pathOf(key);
    // Until the pipeline below listens, a failing source must not crash the process; the
    // pipeline still sees the error (the stream keeps it) and rejects with it.
    if (!Buffer.isBuffer(source)) source.on('error', () => {});
    const temp = join(this.root, TEMP_DIR, randomUUID());
    await mkdir(dirname(temp), { recursive: true });
    this.writing.add(key);
    try {
      if (Buffer.isBuffer(source)) await writeFile(temp, source);
      else await pipeline(source, createWriteStream(temp));
      const { size } = await stat(temp);
      const replaced = await this.stat(key);
      await mkdir(dirname(path), { recursive: true });
      await rename(temp, path);
      if (this.heldBytes !== undefined) this.heldBytes += size - (replaced?.size ?? 0);
      await this.evictIfOver();
      return { size };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    } finally {
      this.writing.delete(key);
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    const path = this.pathOf(key);
    const now = new Date();
    try {
      await utimes(path, now, now);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const stream = createReadStream(path);
    // Deleted between the touch and the open: the same answer as missing.
    return await new Promise((resolve, reject) => {
      stream.once('open', () => resolve(stream));
      stream.once('error', (error) => (isMissing(error) ? resolve(undefined) : reject(error)));
    });
  }

  async stat(key: string): Promise<{ size: number; modifiedAt: Date } | undefined> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { size: info.size, modifiedAt: info.mtime } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    const before = await this.stat(key);
    await rm(path, { force: true });
    if (before && this.heldBytes !== undefined) this.heldBytes -= before.size;
    await this.removeEmptyParents(dirname(path));
  }

  deletePrefix(prefix: string): Promise<number> {
    return deleteListed(this, prefix);
  }

  async *list(prefix: string): AsyncIterable<BlobEntry> {
    checkBlobPrefix(prefix);
    const start = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    for await (const entry of this.walk(join(this.root, start))) {
      if (entry.key.startsWith(prefix)) yield entry;
    }
  }

  private async *walk(dir: string): AsyncIterable<BlobEntry> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (dir === this.root && entry.name === TEMP_DIR) continue;
      if (entry.isDirectory()) yield* this.walk(path);
      else if (entry.isFile()) {
        const info = await stat(path).catch(() => undefined);
        if (!info) continue;
        const key = relative(this.root, path).split(sep).join('/');
        yield { key, size: info.size, modifiedAt: info.mtime };
      }
    }
  }

  private async evictIfOver(): Promise<void> {
    const max = this.options.maxBytes;
    if (max === undefined) return;
    if (this.heldBytes !== undefined && this.heldBytes <= max) return;
    // One eviction at a time; a put arriving meanwhile waits for it and checks again.
    while (this.evicting) await this.evicting;
    if (this.heldBytes !== undefined && this.heldBytes <= max) return;
    this.evicting = this.evict(max).finally(() => {
      this.evicting = undefined;
    });
    await this.evicting;
  }

  /** Counts what the directory really holds (other processes write to it too), then evicts. */
  private async evict(max: number): Promise<void> {
    const entries: BlobEntry[] = [];
    for await (const entry of this.list('')) entries.push(entry);
    let held = entries.reduce((sum, entry) => sum + entry.size, 0);
    entries.sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime());
    for (const entry of entries) {
      if (held <= max) break;
      if (this.writing.has(entry.key)) continue;
      await rm(this.pathOf(entry.key), { force: true });
      await this.removeEmptyParents(dirname(this.pathOf(entry.key)));
      held -= entry.size;
    }
    this.heldBytes = held;
  }

  private async removeEmptyParents(dir: string): Promise<void> {
    let current = dir;
    while (current !== this.root && current.startsWith(this.root + sep)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
      current = dirname(current);
    }
  }

  private pathOf(key: string): string {
    return join(this.root, ...checkBlobKey(key).split('/'));
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
