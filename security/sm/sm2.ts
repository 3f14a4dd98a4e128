import { randomBytes } from 'node:crypto';
import { createSm3 } from './sm3';

/**
 * SM2 digital signatures (GB/T 32918.2-2016) on the recommended curve (GB/T 32918.5).
 *
 * Node's OpenSSL knows the SM2 curve but signs with ECDSA on it, which is not an SM2 signature
 * (no Z value, different equations). The curve arithmetic comes from `sm-crypto`; the hashing
 * (Z value and e = SM3(Z ‖ M)) is Node's SM3, and the per-signature secret k comes from Node's
 * CSPRNG — sm-crypto's own generator is an RC4 stream, and a biased k leaks the private key.
 */

const A = 'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC';
const B = '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93';
const GX = '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7';
const GY = 'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0';
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

/** The default distinguishing identifier of GM/T 0009 when the parties agree on none. */
export const SM2_DEFAULT_ID = '1234567812345678';

export interface Sm2KeyPair {
  /** 64 hex digits. */
  privateKey: string;
  /** Uncompressed point, `04` + x + y, 130 hex digits. */
  publicKey: string;
}

interface Sm2Math {
  getPublicKeyFromPrivateKey(privateKeyHex: string): string;
  verifyPublicKey(publicKeyHex: string): boolean;
  doSignature(e: number[], privateKeyHex: string, options: { hash: false; pointPool: unknown[] }): string;
  doVerifySignature(e: number[], signatureHex: string, publicKeyHex: string, options: { hash: false }): boolean;
  getPoint(): { k: object };
}
// sm-crypto ships no types of its own; only these functions are used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sm2Math = (require('sm-crypto') as { sm2: Sm2Math }).sm2;

type BigIntegerClass = new (hex: string, radix: number) => unknown;
let bigInteger: BigIntegerClass | undefined;
/** sm-crypto's own big-integer class (jsbn), taken from one of its objects so both always agree. */
function BigIntegerOfSmCrypto(): BigIntegerClass {
  bigInteger ??= sm2Math.getPoint().k.constructor as BigIntegerClass;
  return bigInteger;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  // Node cannot export an SM2-curve key as JWK; a scalar from its CSPRNG in [1, n-1] is the same thing.
  const privateKey = randomScalarHex();
  return { privateKey, publicKey: sm2PublicKeyOf(privateKey) };
}

export function sm2PublicKeyOf(privateKeyHex: string): string {
  return sm2Math.getPublicKeyFromPrivateKey(privateKeyHex.toLowerCase());
}

export function isSm2PublicKey(publicKeyHex: string): boolean {
  return /^04[0-9a-fA-F]{128}$/.test(publicKeyHex) && sm2Math.verifyPublicKey(publicKeyHex.toLowerCase());
}

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), GB/T 32918.2 §5.5. */
export function sm2Z(publicKeyHex: string, id: string = SM2_DEFAULT_ID): Buffer {
  const idBytes = Buffer.from(id, 'utf8');
  if (idBytes.length * 8 > 0xffff) throw new RangeError('SM2 distinguishing ID too long (SM2用户标识过长)');
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(idBytes.length * 8);
  const key = publicKeyHex.toLowerCase();
  return createSm3()
    .update(entl)
    .update(idBytes)
    .update(Buffer.from(A + B + GX + GY, 'hex'))
    .update(Buffer.from(key.slice(2), 'hex'))
    .digest();
}

/** e = SM3(Z ‖ M). */
export function sm2Digest(message: string | Uint8Array, publicKeyHex: string, id: string = SM2_DEFAULT_ID): Buffer {
  return createSm3().update(sm2Z(publicKeyHex, id)).update(message).digest();
}

function randomScalarHex(): string {
  for (;;) {
    const k = BigInt(`0x${randomBytes(32).toString('hex')}`);
    if (k >= 1n && k < N) return k.toString(16).padStart(64, '0');
  }
}

function noncePoint(kHex: string): { k: unknown; x1: unknown } {
  const point = sm2Math.getPublicKeyFromPrivateKey(kHex);
  const BigInteger = BigIntegerOfSmCrypto();
  return { k: new BigInteger(kHex, 16), x1: new BigInteger(point.slice(2, 66), 16) };
}

export interface Sm2SignOptions {
  id?: string;
  /** Only for the standard's test vectors: the per-signature secret k, 64 hex digits. */
  fixedK?: string;
}

/** Signs M with the signer's distinguishing ID; returns r ‖ s, 128 hex digits. */
export function sm2Sign(message: string | Uint8Array, keyPair: Sm2KeyPair, options: Sm2SignOptions = {}): string {
  const e = sm2Digest(message, keyPair.publicKey, options.id);
  const pool = [noncePoint(options.fixedK ?? randomScalarHex()), noncePoint(randomScalarHex()), noncePoint(randomScalarHex())];
  // doSignature pops from the end; the rest only serve the (2^-256) case of r = 0 or r + k = n.
  return sm2Math.doSignature(Array.from(e), keyPair.privateKey.toLowerCase(), { hash: false, pointPool: pool.reverse() });
}

export function sm2Verify(message: string | Uint8Array, signatureHex: string, publicKeyHex: string, id: string = SM2_DEFAULT_ID): boolean {
  if (!/^[0-9a-fA-F]{128}$/.test(signatureHex) || !isSm2PublicKey(publicKeyHex)) return false;
  const e = sm2Digest(message, publicKeyHex, id);
  return sm2Math.doVerifySignature(Array.from(e), signatureHex.toLowerCase(), publicKeyHex.toLowerCase(), { hash: false });
}
