import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3TestServer, startS3Server } from '../../test/helpers/s3-server.ts';
import { openBlobStores } from './open-blob-stores.ts';
import { S3BlobStore } from './s3-blob-store.ts';

let server: S3TestServer;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.stop();
});

function store(prefix = 'team/artifacts', accessKeyId = server.accessKeyId): S3BlobStore {
  return new S3BlobStore({
    bucket: server.bucket,
    prefix,
    endpoint: server.endpoint,
    region: 'us-east-1',
    accessKeyId,
    secretAccessKey: server.secretAccessKey,
    forcePathStyle: true,
  });
}

async function bytes(stream: Readable | undefined): Promise<Buffer | undefined> {
  if (!stream) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('S3BlobStore against a real S3-compatible server (s3rver)', () => {
  it('puts (buffer and stream), gets, stats, lists and deletes by prefix', async () => {
    const s3 = store();
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    await s3.put('runs/r1/build/dist/app.js', Buffer.from('console.log(1)'));
    await s3.put(
      'runs/r1/build/dist/big.bin',
      Readable.from([big.subarray(0, 1e6), big.subarray(1e6)]),
      big.length,
    );
    await s3.put('runs/r2/test/report.xml', Readable.from([Buffer.from('<ok/>')]));

    expect((await bytes(await s3.get('runs/r1/build/dist/app.js')))?.toString()).toBe(
      'console.log(1)',
    );
    expect((await bytes(await s3.get('runs/r1/build/dist/big.bin')))?.equals(big)).toBe(true);
    expect(await s3.get('runs/r1/none')).toBeUndefined();
    expect((await s3.stat('runs/r2/test/report.xml'))?.size).toBe(5);
    expect(await s3.stat('runs/r2/none')).toBeUndefined();

    const listed = [];
    for await (const entry of s3.list('runs/r1/')) listed.push([entry.key, entry.size]);
    expect(listed).toEqual([
      ['runs/r1/build/dist/app.js', 14],
      ['runs/r1/build/dist/big.bin', big.length],
    ]);
    // Another prefix of the same bucket does not see them.
    const others = [];
    for await (const entry of store('team/cache').list('')) others.push(entry.key);
    expect(others).toEqual([]);

    expect(await s3.deletePrefix('runs/r1/')).toBe(2);
    expect(await s3.stat('runs/r1/build/dist/app.js')).toBeUndefined();
    expect((await s3.stat('runs/r2/test/report.xml'))?.size).toBe(5);
    await s3.delete('runs/r2/test/report.xml');
    await s3.delete('runs/r2/test/report.xml');
    expect(await s3.stat('runs/r2/test/report.xml')).toBeUndefined();
  });

  // s3rver checks the access key but not SigV4 signatures themselves.
  it('reports an unknown access key as the server said it, and refuses unsafe keys before any request', async () => {
    await expect(store('p', 'NOSUCHKEY').put('k', Buffer.from('x'))).rejects.toThrow(
      /S3 PUT k failed: HTTP 403 InvalidAccessKeyId: The AWS Access Key Id you provided does not exist/,
    );
    await expect(store().get('../../other-bucket/k')).rejects.toThrow(/invalid blob key/);
  });

  it('is what openBlobStores gives for an s3:// ARCFLOW_STORE_URL', async () => {
    const stores = openBlobStores(
      {
        ARCFLOW_STORE_URL: `s3://${server.bucket}/shared`,
        ARCFLOW_S3_ENDPOINT: server.endpoint,
        ARCFLOW_S3_REGION: undefined,
        ARCFLOW_S3_FORCE_PATH_STYLE: 'true',
        AWS_ACCESS_KEY_ID: server.accessKeyId,
        AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
        AWS_SESSION_TOKEN: undefined,
        ARCFLOW_CACHE_MAX_BYTES: 100,
      },
      '/unused',
    );
    await stores.artifacts.put('a', Buffer.from('artifact'));
    await stores.cache.put('a', Buffer.from('cache'));
    expect((await bytes(await store('shared/artifacts').get('a')))?.toString()).toBe('artifact');
    expect((await bytes(await store('shared/cache').get('a')))?.toString()).toBe('cache');
    expect(stores.artifacts.describe()).toBe(
      `s3://${server.bucket}/shared/artifacts at ${server.endpoint}`,
    );
  });
});
