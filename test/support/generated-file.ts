import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * A large file that exists only as a stream: `size` bytes of a fixed pseudo-random 1 MiB block,
 * each block stamped with its index (so blocks differ). Nothing is kept on disk or in memory.
 */
const BLOCK = 1024 * 1024;
const base = (() => {
  const block = Buffer.alloc(BLOCK);
  let x = 0x9e3779b9;
  for (let i = 0; i < BLOCK; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block.writeUInt32LE(x >>> 0, i);
  }
  return block;
})();

function blockAt(index: number, length: number): Buffer {
  const block = Buffer.from(base.subarray(0, length));
  if (length >= 8) block.writeDoubleLE(index, 0);
  return block;
}

export function generatedFile(size: number): Readable {
  let offset = 0;
  let index = 0;
  return new Readable({
    highWaterMark: BLOCK,
    read() {
      if (offset >= size) return void this.push(null);
      const length = Math.min(BLOCK, size - offset);
      offset += length;
      this.push(blockAt(index++, length));
    },
  });
}

export async function generatedFileDigest(size: number, algorithm = 'sha256'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of generatedFile(size)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
