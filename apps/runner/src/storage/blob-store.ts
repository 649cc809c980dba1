import type { Readable } from 'node:stream';

/** One stored blob as `list` reports it. */
export interface BlobEntry {
  key: string;
  size: number;
  modifiedAt: Date;
}

/**
 * Where the step cache and step artifacts keep their bytes: a directory of the workspace by
 * default (`fs-blob-store.ts`), an S3-compatible bucket when configured (`s3-blob-store.ts`),
 * so runners on several machines share them. Keys are `/`-separated relative paths checked
 * by `checkBlobKey`; a key never reaches outside the store.
 */
export interface BlobStore {
  /** Stores the bytes under `key`, replacing what was there; readers never see half a blob. */
  put(key: string, source: Readable | Buffer, size?: number): Promise<{ size: number }>;
  /** The blob's bytes, or undefined when there is none. */
  get(key: string): Promise<Readable | undefined>;
  stat(key: string): Promise<{ size: number; modifiedAt: Date } | undefined>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Deletes every blob whose key starts with `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  list(prefix: string): AsyncIterable<BlobEntry>;
  /** Where the blobs are, for start-up lines and error messages (no credentials). */
  describe(): string;
}

const KEY_SEGMENT = /^[A-Za-z0-9_=][A-Za-z0-9_.@+=,-]*$/;
const MAX_KEY_LENGTH = 1024;

/**
 * Throws unless `key` is a safe relative key: segments of letters, digits and `_ . @ + = , -`
 * separated by single `/`, none empty, `.` or `..`, none starting with `.`, `@`, `+`, `,` or `-`.
 */
export function checkBlobKey(key: string): string {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new InvalidBlobKeyError(key, `must be 1 to ${MAX_KEY_LENGTH} characters`);
  }
  for (const segment of key.split('/')) {
    if (!KEY_SEGMENT.test(segment)) {
      throw new InvalidBlobKeyError(
        key,
        segment === '' || segment === '.' || segment === '..'
          ? 'must be a relative path without empty, "." or ".." segments'
          : `segment "${segment}" may hold only letters, digits and _ . @ + = , - and not start with . @ + , or -`,
      );
    }
  }
  return key;
}

/** A prefix is a key, optionally ending in `/`; the empty prefix means the whole store. */
export function checkBlobPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkBlobKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

export class InvalidBlobKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid blob key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidBlobKeyError';
  }
}

/** `deletePrefix` for a store that lists and deletes one blob at a time: how many it deleted. */
export async function deleteListed(
  store: Pick<BlobStore, 'list' | 'delete'>,
  prefix: string,
): Promise<number> {
  let count = 0;
  for await (const entry of store.list(prefix)) {
    await store.delete(entry.key);
    count++;
  }
  return count;
}
