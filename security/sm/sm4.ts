import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { createHmacSm3 } from './sm3';

/**
 * SM4 (GB/T 32907-2016) through Node's OpenSSL. Node 22's OpenSSL has sm4-ecb/cbc/ctr/cfb/ofb but
 * no SM4-GCM, so authenticated encryption is SM4-CTR then HMAC-SM3 over (aad, iv, ciphertext)
 * (encrypt-then-MAC). A 32-byte key is split: bytes 0-15 the SM4 key, bytes 16-31 the MAC key.
 */

export const SM4_KEY_BYTES = 16;
export const SM4_AEAD_KEY_BYTES = 32;

export class Sm4IntegrityError extends Error {
  readonly code = 'SM4_TAMPERED';
  constructor() {
    super('SM4 ciphertext failed its HMAC-SM3 check: tampered or wrong key (SM4密文完整性校验失败：被篡改或密钥错误)');
    this.name = 'Sm4IntegrityError';
  }
}

function splitKey(key: Uint8Array): { encKey: Buffer; macKey: Buffer } {
  if (key.length !== SM4_AEAD_KEY_BYTES) {
    throw new RangeError(`SM4 at-rest key must be ${SM4_AEAD_KEY_BYTES} bytes, got ${key.length} (SM4密钥应为32字节)`);
  }
  const k = Buffer.from(key);
  return { encKey: k.subarray(0, 16), macKey: k.subarray(16, 32) };
}

function mac(macKey: Buffer, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  const length = Buffer.alloc(8);
  length.writeBigUInt64BE(BigInt(aad.length));
  return createHmacSm3(macKey).update(length).update(aad).update(iv).update(ciphertext).digest();
}

export interface Sm4Sealed {
  iv: Buffer;
  ciphertext: Buffer;
  /** HMAC-SM3, 32 bytes. */
  tag: Buffer;
}

export function sm4Seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = Buffer.alloc(0)): Sm4Sealed {
  const { encKey, macKey } = splitKey(key);
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-ctr', encKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: mac(macKey, aad, iv, ciphertext) };
}

export function sm4Open(key: Uint8Array, sealed: Sm4Sealed, aad: Uint8Array = Buffer.alloc(0)): Buffer {
  const { encKey, macKey } = splitKey(key);
  const expected = mac(macKey, aad, sealed.iv, sealed.ciphertext);
  if (sealed.tag.length !== expected.length || !timingSafeEqual(sealed.tag, expected)) throw new Sm4IntegrityError();
  const decipher = createDecipheriv('sm4-ctr', encKey, sealed.iv);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}

/** Raw SM4-CBC (PKCS#7 padding) for systems that exchange it; carries no integrity check by itself. */
export function sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv('sm4-cbc', key, iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

export function sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  const decipher = createDecipheriv('sm4-cbc', key, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}
