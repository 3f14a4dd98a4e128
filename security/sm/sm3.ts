import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** SM3 (GB/T 32905-2016) through Node's OpenSSL; streamable like any Node hash. */
export function createSm3(): Hash {
  return createHash('sm3');
}

export function sm3(data: string | Uint8Array): Buffer {
  return createHash('sm3').update(data).digest();
}

export function sm3Hex(data: string | Uint8Array): string {
  return createHash('sm3').update(data).digest('hex');
}

/** HMAC-SM3 (GB/T 15852.2 construction with SM3), the national profile's keyed integrity check. */
export function createHmacSm3(key: Uint8Array): Hmac {
  return createHmac('sm3', key);
}
