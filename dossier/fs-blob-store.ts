import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CryptoProfile } from '../security/crypto-profile';
import { type BlobStore, type PutExpectation, type StoredBlob, VerifyingStream } from './blob-store';
import { checkStated, type ContentAddress, contentAddress, DigestingStream, parseContentAddress } from './digests';
import { BlobError, blobErrors } from './errors';

/**
 * The embedded store (`npm start`): `<root>/blobs/<algorithm>/<2 hex>/<hex>`, written to
 * `<root>/tmp/` first, flushed, checked, then renamed into place (atomic on one filesystem).
 */
export class FsBlobStore implements BlobStore {
  readonly name: string;

  constructor(
    private readonly root: string,
    readonly profile: CryptoProfile = 'standard',
  ) {
    this.name = `fs:${root}`;
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
    const digester = new DigestingStream(this.profile, expect.maxBytes);
    try {
      await pipeline(source, digester, createWriteStream(tmp, { flush: true }));
      const digests = digester.digests();
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
    const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
    raw.on('error', (error) => verifying.destroy(error));
    return raw.pipe(verifying);
  }

  async size(address: ContentAddress): Promise<number | undefined> {
    try {
      return (await stat(this.pathOf(address))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(address: ContentAddress): Promise<void> {
    await rm(this.pathOf(address), { force: true });
  }
}
