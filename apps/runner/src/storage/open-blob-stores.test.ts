import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../env.ts';
import { openBlobStores } from './open-blob-stores.ts';

describe('openBlobStores', () => {
  it('keeps the blobs in the workspace by default, the cache bounded', () => {
    const stores = openBlobStores(readEnv({}), '/ws');
    expect(stores.cache.describe()).toBe(
      `directory ${join('/ws/.mia/cache')}, at most ${5 * 1024 ** 3} bytes`,
    );
    expect(stores.artifacts.describe()).toBe(`directory ${join('/ws/.mia/artifacts')}`);
  });

  it('takes another directory from a file:// URL', () => {
    const stores = openBlobStores(
      readEnv({ ARCFLOW_STORE_URL: 'file:///srv/arcflow', ARCFLOW_CACHE_MAX_BYTES: '1000' }),
      '/ws',
    );
    expect(stores.cache.describe()).toBe('directory /srv/arcflow/cache, at most 1000 bytes');
  });

  it('names the variable at fault', () => {
    expect(() => openBlobStores(readEnv({ ARCFLOW_STORE_URL: 'ftp://x/y' }), '/ws')).toThrow(
      /invalid environment variable ARCFLOW_STORE_URL: unsupported scheme "ftp:"/,
    );
    expect(() => openBlobStores(readEnv({ ARCFLOW_STORE_URL: 's3://bucket/p' }), '/ws')).toThrow(
      'invalid environment variable AWS_ACCESS_KEY_ID: is required with an s3:// ARCFLOW_STORE_URL',
    );
    expect(() =>
      openBlobStores(
        readEnv({
          ARCFLOW_STORE_URL: 's3://bucket/p',
          AWS_ACCESS_KEY_ID: 'a',
          AWS_SECRET_ACCESS_KEY: 'b',
          ARCFLOW_S3_ENDPOINT: 'minio:9000',
        }),
        '/ws',
      ),
    ).toThrow(/ARCFLOW_S3_ENDPOINT: "minio:9000" is not an http\(s\) URL/);
    expect(() => readEnv({ ARCFLOW_CACHE_MAX_BYTES: 'lots' })).toThrow(/ARCFLOW_CACHE_MAX_BYTES/);
  });
});
