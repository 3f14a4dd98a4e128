import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { CryptoProfile } from '../security/crypto-profile';
import { blobErrors } from './errors';

/** What a blob is known by: its size and digests; `address` is the profile's content address. */
export interface BlobDigests {
  size: number;
  sha256: string;
  /** Present in the national profile. */
  sm3?: string;
}

export type ContentAddress = `sha256:${string}` | `sm3:${string}`;

export function contentAddress(profile: CryptoProfile, digests: Pick<BlobDigests, 'sha256' | 'sm3'>): ContentAddress {
  if (profile === 'national') {
    if (!digests.sm3) throw new TypeError('national profile content address needs the SM3 digest (国密配置的内容地址需要SM3摘要)');
    return `sm3:${digests.sm3}`;
  }
  return `sha256:${digests.sha256}`;
}

export function parseContentAddress(address: string): { algorithm: 'sha256' | 'sm3'; hex: string } | undefined {
  const match = /^(sha256|sm3):([0-9a-f]{64})$/.exec(address);
  return match ? { algorithm: match[1] as 'sha256' | 'sm3', hex: match[2]! } : undefined;
}

/** Hashes (SHA-256, and SM3 in the national profile) and counts bytes; refuses more than `maxBytes`. */
export class Digester {
  private readonly sha256: Hash = createHash('sha256');
  private readonly sm3: Hash | undefined;
  private bytes = 0;
  private result: BlobDigests | undefined;

  constructor(
    profile: CryptoProfile,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    this.sm3 = profile === 'national' ? createHash('sm3') : undefined;
  }

  /** Takes one chunk; returns BLOB_TOO_LARGE (and takes nothing) once over the limit. */
  update(chunk: Buffer): Error | undefined {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return blobErrors.tooLarge(this.maxBytes);
    this.sha256.update(chunk);
    this.sm3?.update(chunk);
    return undefined;
  }

  /** The digests, once everything was taken (idempotent). */
  digests(): BlobDigests {
    this.result ??= { size: this.bytes, sha256: this.sha256.digest('hex'), ...(this.sm3 ? { sm3: this.sm3.digest('hex') } : {}) };
    return this.result;
  }
}

/**
 * A pass-through stream that hashes (SHA-256, and SM3 in the national profile) and counts what
 * flows through it, and fails as soon as more than `maxBytes` came.
 */
export class DigestingStream extends Transform {
  private readonly digester: Digester;
  private ended = false;

  constructor(profile: CryptoProfile, maxBytes = Number.POSITIVE_INFINITY) {
    super();
    this.digester = new Digester(profile, maxBytes);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const refused = this.digester.update(chunk);
    callback(refused ?? null, refused ? undefined : chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.ended = true;
    this.digester.digests();
    callback();
  }

  /** Available after the stream ended. */
  digests(): BlobDigests {
    if (!this.ended) throw new Error('digests read before the stream ended');
    return this.digester.digests();
  }
}

/** The sender's statement checked against what arrived. Throws the bilingual mismatch error. */
export function checkStated(stated: { sha256?: string; sm3?: string; size?: number }, actual: BlobDigests): void {
  if (stated.size !== undefined && stated.size !== actual.size) throw blobErrors.sizeMismatch(stated.size, actual.size);
  if (stated.sha256 !== undefined && stated.sha256.toLowerCase() !== actual.sha256) throw blobErrors.hashMismatch('sha256', stated.sha256, actual.sha256);
  if (stated.sm3 !== undefined && actual.sm3 !== undefined && stated.sm3.toLowerCase() !== actual.sm3)
    throw blobErrors.hashMismatch('sm3', stated.sm3, actual.sm3);
}
