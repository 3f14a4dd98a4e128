import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { CryptoProfile } from '../security/crypto-profile';
import { type BlobStore, type PutExpectation, type StoredBlob, VerifyingStream } from './blob-store';
import { checkStated, type ContentAddress, contentAddress, DigestingStream, parseContentAddress } from './digests';
import { BlobError, blobErrors } from './errors';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket, default `caselink/`. */
  prefix?: string;
  /** S3 client settings: endpoint (MinIO, Ceph RGW, OBS, OSS), region, credentials, forcePathStyle. */
  client: S3ClientConfig;
  /** Multipart part size (bytes, ≥ 5 MiB). Memory in use per upload ≈ partSize × queueSize. Default 8 MiB. */
  partSize?: number;
  /** Parts uploaded at once, default 2. */
  queueSize?: number;
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);

/**
 * Any S3-compatible object store through the AWS SDK v3. Uploads stream as multipart to a
 * temporary key; once the digests are checked the object is copied to its content address
 * (single CopyObject: objects up to 5 GiB, which bounds the per-file limit on S3).
 */
export class S3BlobStore implements BlobStore {
  readonly name: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(
    private readonly options: S3BlobStoreOptions,
    readonly profile: CryptoProfile = 'standard',
  ) {
    this.client = new S3Client({ forcePathStyle: true, maxAttempts: 2, ...options.client });
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? 'caselink/';
    this.name = `s3:${options.bucket}/${this.prefix}`;
  }

  private keyOf(address: ContentAddress): string {
    const parsed = parseContentAddress(address);
    if (!parsed) throw blobErrors.missing(address);
    return `${this.prefix}blobs/${parsed.algorithm}/${parsed.hex.slice(0, 2)}/${parsed.hex}`;
  }

  private unavailable(error: unknown): never {
    if (error instanceof BlobError) throw error;
    throw blobErrors.unavailable(this.name, error);
  }

  async put(source: Readable, expect: PutExpectation): Promise<StoredBlob> {
    const digester = new DigestingStream(this.profile, expect.maxBytes);
    const tmpKey = `${this.prefix}tmp/${randomUUID()}`;
    source.on('error', (error) => digester.destroy(error));
    const body = source.pipe(digester);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: tmpKey, Body: body },
      partSize: this.options.partSize ?? 8 * 1024 * 1024,
      queueSize: this.options.queueSize ?? 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      source.destroy();
      // A limit or source error surfaces as itself, a store error as "unavailable".
      const own = digester.errored ?? (error instanceof BlobError ? error : undefined);
      if (own instanceof BlobError) throw own;
      this.unavailable(error);
    }
    try {
      const digests = digester.digests();
      try {
        checkStated(expect, digests);
      } catch (mismatch) {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey })).catch(() => undefined);
        throw mismatch;
      }
      const address = contentAddress(this.profile, digests);
      const key = this.keyOf(address);
      if ((await this.size(address)) !== digests.size) {
        await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: key, CopySource: `${this.bucket}/${tmpKey}` }));
      }
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey }));
      return { ...digests, address };
    } catch (error) {
      this.unavailable(error);
    }
  }

  async open(address: ContentAddress): Promise<Readable> {
    let body: Readable;
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(address) }));
      body = answer.Body as Readable;
    } catch (error) {
      if (NOT_FOUND.has((error as { name?: string }).name ?? '')) throw blobErrors.missing(address);
      this.unavailable(error);
    }
    const verifying = new VerifyingStream(address);
    body.on('error', (error) => verifying.destroy(blobErrors.unavailable(this.name, error)));
    return body.pipe(verifying);
  }

  async size(address: ContentAddress): Promise<number | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(address) }));
      return head.ContentLength;
    } catch (error) {
      if (NOT_FOUND.has((error as { name?: string }).name ?? '') || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
        return undefined;
      }
      this.unavailable(error);
    }
  }

  async remove(address: ContentAddress): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(address) }));
    } catch (error) {
      this.unavailable(error);
    }
  }

  async link(address: ContentAddress, ttlSeconds: number, fileName?: string): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: this.keyOf(address),
      ...(fileName ? { ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` } : {}),
    });
    return getSignedUrl(this.client, command, { expiresIn: ttlSeconds });
  }

  destroy(): void {
    this.client.destroy();
  }
}
