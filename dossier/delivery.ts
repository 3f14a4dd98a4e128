import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type TransformCallback, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from './blob-store';
import { type ContentAddress, parseContentAddress } from './digests';
import { BlobError, blobErrors } from './errors';

/** How a receiver takes attachments: inline base64 in its message, or a link it fetches. */
export type AttachmentDeliveryMode = 'inline' | 'link';

/** Encodes a byte stream as base64 text in 3-byte aligned pieces, never holding the whole file. */
export class Base64EncodeStream extends Transform {
  private rest: Buffer = Buffer.alloc(0);
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const whole = data.length - (data.length % 3);
    this.rest = Buffer.from(data.subarray(whole));
    callback(null, whole ? data.subarray(0, whole).toString('base64') : undefined);
  }
  override _flush(callback: TransformCallback): void {
    callback(null, this.rest.length ? this.rest.toString('base64') : undefined);
  }
}

/** The verified blob as streamed base64 (inline delivery); fails with BLOB_CORRUPTED at its end. */
export async function inlineBase64(store: BlobStore, address: ContentAddress): Promise<Readable> {
  const source = await store.open(address);
  const encoder = new Base64EncodeStream();
  source.on('error', (error) => encoder.destroy(error));
  return source.pipe(encoder);
}

/**
 * Links for stores that cannot presign (the filesystem store): an HMAC over
 * (address, receiver, expiry), served by `serveBlobLink` on the platform's HTTP endpoint.
 */
export class BlobLinkSigner {
  constructor(
    private readonly key: Uint8Array,
    private readonly now: () => number = Date.now,
  ) {
    if (key.length < 32) throw new RangeError('link key must be at least 32 bytes (链接密钥至少32字节)');
  }

  private mac(address: string, receiver: string, expires: number): string {
    return createHmac('sha256', this.key).update(`caselink-blob-link-v1\n${address}\n${receiver}\n${expires}`).digest('base64url');
  }

  /** `<base>/<address>?r=<receiver>&e=<expiry ms>&s=<mac>` */
  link(baseUrl: string, address: ContentAddress, receiver: string, ttlSeconds: number): string {
    return this.issue(baseUrl, address, receiver, ttlSeconds).url;
  }

  /** The link and when it expires (epoch ms). */
  issue(baseUrl: string, address: ContentAddress, receiver: string, ttlSeconds: number): { url: string; expires: number } {
    const expires = this.now() + ttlSeconds * 1000;
    const url = new URL(`${baseUrl.replace(/\/$/, '')}/${address}`);
    url.searchParams.set('r', receiver);
    url.searchParams.set('e', String(expires));
    url.searchParams.set('s', this.mac(address, receiver, expires));
    return { url: url.toString(), expires };
  }

  /** Checks a link; the caller also checks the requester is `receiver` (its credentials). */
  check(address: string, receiver: string, expires: string, signature: string): ContentAddress {
    if (!parseContentAddress(address)) throw blobErrors.linkInvalid('not a content address (不是内容地址)');
    const when = Number(expires);
    if (!Number.isSafeInteger(when) || when < this.now()) throw blobErrors.linkInvalid('expired (已过期)');
    const expected = Buffer.from(this.mac(address, receiver, when));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw blobErrors.linkInvalid('bad signature (签名不符)');
    return address as ContentAddress;
  }
}

/**
 * Serves `GET <base>/<address>?r&e&s`, streamed and verified. `authenticatedReceiver` is who the
 * request's credentials say it is (the receiver system's usual authentication).
 */
export async function serveBlobLink(
  request: IncomingMessage,
  response: ServerResponse,
  store: BlobStore,
  signer: BlobLinkSigner,
  authenticatedReceiver: string | undefined,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://link.invalid');
  const address = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  const receiver = url.searchParams.get('r') ?? '';
  try {
    const checked = signer.check(address, receiver, url.searchParams.get('e') ?? '', url.searchParams.get('s') ?? '');
    if (authenticatedReceiver !== receiver) throw blobErrors.linkInvalid('issued to another receiver (链接签发给其他接收方)');
    const size = await store.size(checked);
    if (size === undefined) throw blobErrors.missing(checked);
    const body = await store.open(checked);
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
    await pipeline(body, response);
  } catch (error) {
    if (response.headersSent) return void response.destroy(error as Error);
    const status =
      error instanceof BlobError ? (error.code === 'BLOB_MISSING' ? 404 : error.code === 'BLOB_LINK_INVALID' ? 403 : error.retryable ? 503 : 500) : 500;
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(error instanceof Error ? error.message : String(error));
  }
}
