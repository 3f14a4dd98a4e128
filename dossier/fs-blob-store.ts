import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open as openFile, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CryptoProfile } from '../security/crypto-profile';
import { type BlobStore, type PutExpectation, type StoredBlob, VerifyingStream } from './blob-store';
import { type BlobDigests, checkStated, type ContentAddress, contentAddress, Digester, DigestingStream, parseContentAddress } from './digests';
import { BlobError, blobErrors } from './errors';
import { Sm4IntegrityError } from '../security/sm/sm4';
import { SM4_STREAM_TAG_BYTES, sm4DecryptStream, sm4EncryptStream, sm4StreamHeader, type Sm4StreamKeys } from '../security/sm/sm4-stream';

const BLOB_AAD = Buffer.from('caselink-blob-v1');
const SINK_BUFFER_BYTES = 4 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Writes a stream to an open file: what arrives while a write is under way is gathered (up to
 * 4 MiB) into one writev; each chunk is hashed first when a digester is given; the file is
 * flushed to disk (fsync) before the stream finishes, so an address is only given for durable bytes.
 */
class FileSink extends Writable {
  constructor(
    private readonly handle: FileHandle,
    private readonly digester?: Digester,
  ) {
    super({ highWaterMark: SINK_BUFFER_BYTES });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this._writev([{ chunk }], callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    const buffers = chunks.map((c) => c.chunk);
    for (const buffer of buffers) {
      const refused = this.digester?.update(buffer);
      if (refused) return callback(refused);
    }
    void writeAll(this.handle, buffers).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.handle.sync().then(() => callback(), callback);
  }
}

/** writev until every byte is written (a short write is continued). */
async function writeAll(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  let rest = buffers;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest);
    let skip = bytesWritten;
    const next: Buffer[] = [];
    for (const buffer of rest) {
      if (skip >= buffer.length) skip -= buffer.length;
      else {
        next.push(skip > 0 ? buffer.subarray(skip) : buffer);
        skip = 0;
      }
    }
    rest = next;
  }
}

/**
 * The embedded store (`npm start`): `<root>/blobs/<algorithm>/<2 hex>/<hex>`, written to
 * `<root>/tmp/` first, flushed, checked, then renamed into place (atomic on one filesystem).
 * With `sm4` keys (national profile) files are SM4-CTR + HMAC-SM3 encrypted at rest.
 */
export class FsBlobStore implements BlobStore {
  readonly name: string;

  constructor(
    private readonly root: string,
    readonly profile: CryptoProfile = 'standard',
    private readonly options: { sm4?: Sm4StreamKeys } = {},
  ) {
    this.name = `fs:${root}`;
  }

  /** Header and tag of an encrypted blob, and the plaintext size. */
  private async encryptedLayout(path: string): Promise<{ head: Buffer; tag: Buffer; headerBytes: number; size: number }> {
    const handle = await openFile(path, 'r');
    try {
      const { size } = await handle.stat();
      const head = Buffer.alloc(Math.min(size, 128));
      await handle.read(head, 0, head.length, 0);
      const header = sm4StreamHeader(head);
      if (!header || size < header.headerBytes + SM4_STREAM_TAG_BYTES) throw new Sm4IntegrityError();
      const tag = Buffer.alloc(SM4_STREAM_TAG_BYTES);
      await handle.read(tag, 0, SM4_STREAM_TAG_BYTES, size - SM4_STREAM_TAG_BYTES);
      return { head, tag, headerBytes: header.headerBytes, size: size - header.headerBytes - SM4_STREAM_TAG_BYTES };
    } finally {
      await handle.close();
    }
  }

  private pathOf(address: ContentAddress): string {
    const parsed = parseContentAddress(address);
    if (!parsed) throw blobErrors.missing(address);
    return join(this.root, 'blobs', parsed.algorithm, parsed.hex.slice(0, 2), parsed.hex);
  }

  async put(source: Readable, expect: PutExpectation): Promise<StoredBlob> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    try {
      let digests: BlobDigests;
      const handle = await openFile(tmp, 'w', 0o640);
      try {
        if (this.options.sm4) {
          const digesting = new DigestingStream(this.profile, expect.maxBytes);
          await pipeline(source, digesting, sm4EncryptStream(this.options.sm4, BLOB_AAD), new FileSink(handle));
          digests = digesting.digests();
        } else {
          // One stage: hashed and written in large gathered writes (the upload path's CPU per MiB).
          const digester = new Digester(this.profile, expect.maxBytes);
          await pipeline(source, new FileSink(handle, digester));
          digests = digester.digests();
        }
      } finally {
        await handle.close();
      }
      checkStated(expect, digests);
      const address = contentAddress(this.profile, digests);
      const target = this.pathOf(address);
      await mkdir(join(target, '..'), { recursive: true });
      // The fresh, checked copy replaces whatever is there (atomic): same bytes, or a repair.
      await rename(tmp, target);
      return { ...digests, address };
    } catch (error) {
      await rm(tmp, { force: true });
      if (error instanceof BlobError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EIO' || code === 'EACCES' || code === 'EROFS') throw blobErrors.unavailable(this.name, error);
      throw error;
    }
  }

  async open(address: ContentAddress): Promise<Readable> {
    const path = this.pathOf(address);
    if ((await this.size(address)) === undefined) throw blobErrors.missing(address);
    const verifying = new VerifyingStream(address);
    if (this.options.sm4) {
      let layout: Awaited<ReturnType<FsBlobStore['encryptedLayout']>>;
      let decrypt: ReturnType<typeof sm4DecryptStream>;
      try {
        layout = await this.encryptedLayout(path);
        decrypt = sm4DecryptStream(this.options.sm4, BLOB_AAD, layout.head, layout.tag);
      } catch {
        throw blobErrors.corrupted(address, 'unreadable SM4 envelope (SM4密文结构损坏或密钥未知)');
      }
      const raw: Readable =
        layout.size === 0
          ? Readable.from([])
          : createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, start: layout.headerBytes, end: layout.headerBytes + layout.size - 1 });
      raw.on('error', (error: Error) => verifying.destroy(error));
      decrypt.on('error', () => verifying.destroy(blobErrors.corrupted(address, 'SM4 HMAC-SM3 check failed (SM4完整性校验失败)')));
      return raw.pipe(decrypt).pipe(verifying);
    }
    const raw = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    raw.on('error', (error) => verifying.destroy(error));
    return raw.pipe(verifying);
  }

  async size(address: ContentAddress): Promise<number | undefined> {
    try {
      if (this.options.sm4) return (await this.encryptedLayout(this.pathOf(address))).size;
      return (await stat(this.pathOf(address))).size;
    } catch (error) {
      if (error instanceof Sm4IntegrityError) return -1;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(address: ContentAddress): Promise<void> {
    await rm(this.pathOf(address), { force: true });
  }
}
