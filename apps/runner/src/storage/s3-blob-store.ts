import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import {
  type BlobEntry,
  type BlobStore,
  checkBlobKey,
  checkBlobPrefix,
  deleteListed,
} from './blob-store.ts';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Prepended to every key (no leading or trailing `/`); empty for the bucket's root. */
  prefix: string;
  /** `https://s3.<region>.amazonaws.com` when unset; a MinIO or other server's URL otherwise. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** `https://host/bucket/key` rather than `https://bucket.host/key` (MinIO wants this). */
  forcePathStyle: boolean;
}

/**
 * Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2…), signed with SigV4 over fetch.
 * Bodies stream both ways; a put of unknown size is read into memory first, since S3 needs
 * the length up front. One PUT holds at most 5 GB.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: AwsClient;
  private readonly base: URL;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.client = new AwsClient({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
      region: options.region,
      service: 's3',
    });
    const endpoint = new URL(options.endpoint ?? `https://s3.${options.region}.amazonaws.com`);
    if (!options.forcePathStyle) endpoint.hostname = `${options.bucket}.${endpoint.hostname}`;
    this.base = endpoint;
  }

  describe(): string {
    const where = this.options.prefix
      ? `${this.options.bucket}/${this.options.prefix}`
      : this.options.bucket;
    return `s3://${where} at ${new URL(this.bucketUrl()).origin}`;
  }

  async put(key: string, source: Readable | Buffer, size?: number): Promise<{ size: number }> {
    const url = this.objectUrl(key);
    const body = Buffer.isBuffer(source) || size === undefined ? await toBuffer(source) : source;
    const length = Buffer.isBuffer(body) ? body.length : (size as number);
    const response = await this.client.fetch(url, {
      method: 'PUT',
      headers: { 'content-length': String(length), 'content-type': 'application/octet-stream' },
      body: (Buffer.isBuffer(body) ? body : Readable.toWeb(body)) as unknown as RequestInit['body'],
    });
    await expectOk(response, `PUT ${key}`);
    return { size: length };
  }

  async get(key: string): Promise<Readable | undefined> {
    const response = await this.client.fetch(this.objectUrl(key));
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    await expectOk(response, `GET ${key}`);
    if (!response.body) return Readable.from([]);
    return Readable.fromWeb(response.body as unknown as WebReadableStream);
  }

  async stat(key: string): Promise<{ size: number; modifiedAt: Date } | undefined> {
    const response = await this.client.fetch(this.objectUrl(key), { method: 'HEAD' });
    if (response.status === 404) return undefined;
    await expectOk(response, `HEAD ${key}`);
    const lastModified = response.headers.get('last-modified');
    return {
      size: Number(response.headers.get('content-length') ?? 0),
      modifiedAt: lastModified ? new Date(lastModified) : new Date(0),
    };
  }

  async delete(key: string): Promise<void> {
    const response = await this.client.fetch(this.objectUrl(key), { method: 'DELETE' });
    if (response.status === 404) return;
    await expectOk(response, `DELETE ${key}`);
  }

  deletePrefix(prefix: string): Promise<number> {
    return deleteListed(this, prefix);
  }

  async *list(prefix: string): AsyncIterable<BlobEntry> {
    checkBlobPrefix(prefix);
    let continuation: string | undefined;
    do {
      const url = new URL(this.bucketUrl());
      url.searchParams.set('list-type', '2');
      url.searchParams.set('prefix', this.fullKey(prefix));
      if (continuation) url.searchParams.set('continuation-token', continuation);
      const response = await this.client.fetch(url.toString());
      await expectOk(response, `LIST ${prefix}`);
      const xml = await response.text();
      for (const contents of xml.match(/<Contents>[\s\S]*?<\/Contents>/g) ?? []) {
        const fullKey = xmlText(contents, 'Key');
        if (fullKey === undefined) continue;
        yield {
          key: this.options.prefix ? fullKey.slice(this.options.prefix.length + 1) : fullKey,
          size: Number(xmlText(contents, 'Size') ?? 0),
          modifiedAt: new Date(xmlText(contents, 'LastModified') ?? 0),
        };
      }
      continuation =
        xmlText(xml, 'IsTruncated') === 'true' ? xmlText(xml, 'NextContinuationToken') : undefined;
    } while (continuation);
  }

  private bucketUrl(): string {
    const base = this.base.toString().replace(/\/$/, '');
    return this.options.forcePathStyle
      ? `${base}/${encodeURIComponent(this.options.bucket)}`
      : base;
  }

  private fullKey(key: string): string {
    return this.options.prefix ? `${this.options.prefix}/${key}` : key;
  }

  private objectUrl(key: string): string {
    checkBlobKey(key);
    const path = this.fullKey(key).split('/').map(encodeURIComponent).join('/');
    return `${this.bucketUrl()}/${path}`;
  }
}

async function toBuffer(source: Readable | Buffer): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source;
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function expectOk(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  const text = await response.text().catch(() => '');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  throw new Error(
    `S3 ${what} failed: HTTP ${response.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`,
  );
}

function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return match?.[1] === undefined ? undefined : decodeXml(match[1]);
}

function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    if (entity === 'amp') return '&';
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    return String.fromCodePoint(
      entity.startsWith('#x') ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1)),
    );
  });
}
