import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { createHash, type Hash } from 'node:crypto';
import type { CryptoProfile } from '../security/crypto-profile';
import { type BlobDigests, type ContentAddress, parseContentAddress } from './digests';
import { blobErrors } from './errors';

/** What a put expects: the sender's statement (checked) and the per-file limit (enforced while streaming). */
export interface PutExpectation {
  sha256?: string;
  sm3?: string;
  size?: number;
  maxBytes: number;
}

export interface StoredBlob extends BlobDigests {
  address: ContentAddress;
}

/**
 * A content-addressed attachment store. Bytes stream through; nothing holds a whole file.
 * A blob is written under its address only after its digests were checked, so an address
 * never names other bytes than its own.
 */
export interface BlobStore {
  readonly name: string;
  readonly profile: CryptoProfile;
  /** Streams the source in, hashes, checks the statement. Throws BlobError (retryable when the store is down). */
  put(source: Readable, expect: PutExpectation): Promise<StoredBlob>;
  /** A read that fails with BLOB_MISSING before the first byte, or BLOB_CORRUPTED at its end. */
  open(address: ContentAddress): Promise<Readable>;
  /** Size in bytes, or undefined when absent. */
  size(address: ContentAddress): Promise<number | undefined>;
  remove(address: ContentAddress): Promise<void>;
  /** A time-limited URL a receiver can fetch, where the store can issue one (S3 presigned GET). */
  link?(address: ContentAddress, ttlSeconds: number, fileName?: string): Promise<string>;
}

/** Re-hashes what is read and fails at the end when it does not match the address. */
export class VerifyingStream extends Transform {
  private readonly hash: Hash;
  private readonly expected: string;

  constructor(private readonly address: ContentAddress) {
    super();
    const parsed = parseContentAddress(address);
    if (!parsed) throw blobErrors.missing(address);
    this.hash = createHash(parsed.algorithm);
    this.expected = parsed.hex;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.hash.digest('hex');
    callback(actual === this.expected ? null : blobErrors.corrupted(this.address, actual));
  }
}

/** Reads a blob whole once to check it; resolves with its size or throws BLOB_MISSING/BLOB_CORRUPTED. */
export async function verifyBlob(store: BlobStore, address: ContentAddress): Promise<number> {
  const stream = await store.open(address);
  let size = 0;
  for await (const chunk of stream) size += (chunk as Buffer).length;
  return size;
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 ** 3;
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 ** 3;
