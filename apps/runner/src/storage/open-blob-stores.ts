import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunnerEnv } from '../env.ts';
import type { BlobStore } from './blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

export interface BlobStores {
  cache: BlobStore;
  artifacts: BlobStore;
}

type StoreEnv = Pick<
  RunnerEnv,
  | 'ARCFLOW_STORE_URL'
  | 'ARCFLOW_S3_ENDPOINT'
  | 'ARCFLOW_S3_REGION'
  | 'ARCFLOW_S3_FORCE_PATH_STYLE'
  | 'AWS_ACCESS_KEY_ID'
  | 'AWS_SECRET_ACCESS_KEY'
  | 'AWS_SESSION_TOKEN'
  | 'ARCFLOW_CACHE_MAX_BYTES'
>;

/**
 * The cache and artifact stores the environment asks for: the workspace's `.mia/cache` and
 * `.mia/artifacts` by default, `<dir>/cache` and `<dir>/artifacts` for `file://<dir>`, the
 * `cache/` and `artifacts/` prefixes of a bucket for `s3://bucket/prefix`. Artifacts are never
 * evicted (retention deletes them); the cache is bounded in a directory (`ARCFLOW_CACHE_MAX_BYTES`)
 * and left to the bucket's lifecycle rules in S3.
 */
export function openBlobStores(env: StoreEnv, workspaceDir: string): BlobStores {
  const url = env.ARCFLOW_STORE_URL;
  if (url === undefined) return directoryStores(join(workspaceDir, '.mia'), env);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreConfigError(
      'ARCFLOW_STORE_URL',
      `"${url}" is not a URL; use s3://bucket/prefix or file:///absolute/dir`,
    );
  }
  if (parsed.protocol === 'file:') return directoryStores(fileURLToPath(parsed), env);
  if (parsed.protocol === 's3:') return bucketStores(parsed, env);
  throw new StoreConfigError(
    'ARCFLOW_STORE_URL',
    `unsupported scheme "${parsed.protocol}"; use s3://bucket/prefix or file:///absolute/dir`,
  );
}

function directoryStores(dir: string, env: StoreEnv): BlobStores {
  return {
    cache: new FsBlobStore(join(dir, 'cache'), { maxBytes: env.ARCFLOW_CACHE_MAX_BYTES }),
    artifacts: new FsBlobStore(join(dir, 'artifacts')),
  };
}

function bucketStores(url: URL, env: StoreEnv): BlobStores {
  const bucket = url.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new StoreConfigError('ARCFLOW_STORE_URL', `"${bucket}" is not a valid S3 bucket name`);
  }
  const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw new StoreConfigError(
      'ARCFLOW_STORE_URL',
      `the prefix "${prefix}" may not hold "." or ".."`,
    );
  }
  if (!env.AWS_ACCESS_KEY_ID) {
    throw new StoreConfigError('AWS_ACCESS_KEY_ID', 'is required with an s3:// ARCFLOW_STORE_URL');
  }
  if (!env.AWS_SECRET_ACCESS_KEY) {
    throw new StoreConfigError(
      'AWS_SECRET_ACCESS_KEY',
      'is required with an s3:// ARCFLOW_STORE_URL',
    );
  }
  if (env.ARCFLOW_S3_ENDPOINT !== undefined) {
    try {
      const endpoint = new URL(env.ARCFLOW_S3_ENDPOINT);
      if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new Error();
    } catch {
      throw new StoreConfigError(
        'ARCFLOW_S3_ENDPOINT',
        `"${env.ARCFLOW_S3_ENDPOINT}" is not an http(s) URL, e.g. http://minio.internal:9000`,
      );
    }
  }
  const open = (part: string) =>
    new S3BlobStore({
      bucket,
      prefix: prefix ? `${prefix}/${part}` : part,
      ...(env.ARCFLOW_S3_ENDPOINT ? { endpoint: env.ARCFLOW_S3_ENDPOINT } : {}),
      region: env.ARCFLOW_S3_REGION ?? 'us-east-1',
      accessKeyId: env.AWS_ACCESS_KEY_ID as string,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      forcePathStyle: ['true', '1'].includes(env.ARCFLOW_S3_FORCE_PATH_STYLE ?? 'false'),
    });
  return { cache: open('cache'), artifacts: open('artifacts') };
}

export class StoreConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`invalid environment variable ${variable}: ${reason}`);
    this.name = 'StoreConfigError';
  }
}
