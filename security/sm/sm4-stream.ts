import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual, type Hmac } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { createHmacSm3 } from './sm3';
import { Sm4IntegrityError, SM4_AEAD_KEY_BYTES } from './sm4';

/**
 * Streaming SM4-CTR + HMAC-SM3 for files at rest (the national profile's blob encryption).
 * Layout: `CLSM4B1\n` ‖ kid length (1 byte) ‖ kid ‖ IV (16) ‖ ciphertext ‖ HMAC-SM3 tag (32) over
 * (aad length ‖ aad ‖ header ‖ ciphertext). Keys: `kid:base64(32 bytes)[,kid:…]`, newest first;
 * the first encrypts, all decrypt (rotation).
 */
const MAGIC = Buffer.from('CLSM4B1\n');
export const SM4_STREAM_TAG_BYTES = 32;

export class Sm4StreamKeys {
  readonly current: { kid: string; key: Buffer };
  private readonly byKid: Map<string, Buffer>;

  constructor(text: string) {
    const entries = text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [kid, material] = part.includes(':') ? (part.split(':', 2) as [string, string]) : ['k1', part];
        const key = Buffer.from(material, 'base64');
        if (key.length !== SM4_AEAD_KEY_BYTES || kid.length > 64)
          throw new RangeError(`SM4 at-rest key ${kid} must be 32 bytes base64 (SM4静态加密密钥应为32字节base64)`);
        return { kid, key };
      });
    if (entries.length === 0) throw new RangeError('no SM4 at-rest key given (未提供SM4静态加密密钥)');
    this.current = entries[0]!;
    this.byKid = new Map(entries.map((e) => [e.kid, e.key]));
  }

  keyOf(kid: string): Buffer | undefined {
    return this.byKid.get(kid);
  }
}

function macStart(macKey: Buffer, aad: Buffer, header: Buffer): Hmac {
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(aad.length));
  return createHmacSm3(macKey).update(length).update(aad).update(header);
}

/** Encrypts a plaintext stream into the layout above. */
export function sm4EncryptStream(keys: Sm4StreamKeys, aad: Buffer): Transform {
  const { kid, key } = keys.current;
  const iv = randomBytes(16);
  const header = Buffer.concat([MAGIC, Buffer.from([Buffer.byteLength(kid)]), Buffer.from(kid), iv]);
  const cipher = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
  const mac = macStart(key.subarray(16, 32), aad, header);
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const out = cipher.update(chunk);
      mac.update(out);
      if (!started) {
        started = true;
        return callback(null, Buffer.concat([header, out]));
      }
      callback(null, out);
    },
    flush(callback: TransformCallback) {
      const last = cipher.final();
      mac.update(last);
      callback(null, Buffer.concat([started ? Buffer.alloc(0) : header, last, mac.digest()]));
    },
  });
}

/** Reads the header of an encrypted file: its length and key id. */
export function sm4StreamHeader(head: Buffer): { headerBytes: number; kid: string; iv: Buffer } | undefined {
  if (head.length < MAGIC.length + 1 || !head.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const kidLength = head[MAGIC.length]!;
  const headerBytes = MAGIC.length + 1 + kidLength + 16;
  if (head.length < headerBytes) return undefined;
  return { headerBytes, kid: head.subarray(MAGIC.length + 1, MAGIC.length + 1 + kidLength).toString(), iv: head.subarray(headerBytes - 16, headerBytes) };
}

/**
 * Decrypts the ciphertext part (fed without header and tag); checks the tag at the end and fails
 * with Sm4IntegrityError when it does not hold. Plaintext flows before the check: readers also
 * verify the plaintext's content address at the end, and a failed stream is never acted on.
 */
export function sm4DecryptStream(keys: Sm4StreamKeys, aad: Buffer, head: Buffer, tag: Buffer): Transform {
  const parsed = sm4StreamHeader(head);
  const key = parsed && keys.keyOf(parsed.kid);
  if (!parsed || !key) throw new Sm4IntegrityError();
  const decipher = createDecipheriv('sm4-ctr', key.subarray(0, 16), parsed.iv);
  const mac = macStart(key.subarray(16, 32), aad, head.subarray(0, parsed.headerBytes));
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      mac.update(chunk);
      callback(null, decipher.update(chunk));
    },
    flush(callback: TransformCallback) {
      const expected = mac.digest();
      if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) return callback(new Sm4IntegrityError());
      callback(null, decipher.final());
    },
  });
}
