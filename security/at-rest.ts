import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { cryptoProfileFromEnv, type CryptoProfile } from './crypto-profile';
import { AtRestError } from './errors';
import { parseKeyring, type Keyring } from './keyring';
import { createHmacSm3 } from './sm/sm3';
import { sm4Open, sm4Seal, Sm4IntegrityError } from './sm/sm4';

/**
 * Optional encryption of payloads at rest, the key id in the sealed text (rotation) and the
 * caller's AAD (destination/messageId) bound in, so a ciphertext moved to another message or
 * destination fails to open.
 *   standard profile: AES-256-GCM, random 96-bit IV — `clenc1.<kid>.<iv>.<tag>.<ciphertext>`
 *   national profile: SM4-CTR + HMAC-SM3 (encrypt-then-MAC; Node's OpenSSL has no SM4-GCM), random
 *                     128-bit IV — `clsm4.<kid>.<iv>.<tag>.<ciphertext>`
 * (base64url parts). Both forms open whatever the profile, so records written before a migration
 * stay readable while their key is in the keyring. The SM4 key is derived from the configured
 * 32-byte key (HMAC-SM3 with a fixed label), so one key is never used by two algorithms.
 */

export const AT_REST_KEY_ENV = 'CASELINK_AT_REST_KEY';
const PREFIX = 'clenc1.';
const SM4_PREFIX = 'clsm4.';
const SM4_KEY_LABEL = 'caselink-at-rest-sm4-v1';
const AAD_CONTEXT = 'caselink-at-rest-v1\n';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SM4_IV_BYTES = 16;
const SM4_TAG_BYTES = 32;
const PART = /^[A-Za-z0-9_-]*$/;

export type AtRestAlgorithm = 'aes-256-gcm' | 'sm4-ctr-hmac-sm3';

export function atRestAlgorithmOf(profile: CryptoProfile): AtRestAlgorithm {
  return profile === 'national' ? 'sm4-ctr-hmac-sm3' : 'aes-256-gcm';
}

export class AtRestCipher {
  private readonly sm4Keys = new Map<string, Buffer>();

  constructor(
    private readonly keyring: Keyring,
    readonly algorithm: AtRestAlgorithm = 'aes-256-gcm',
  ) {}

  /**
   * Reads CASELINK_AT_REST_KEY (`kid:base64[,kid:base64…]`, each exactly 32 bytes, newest first).
   * Returns undefined when it is not set: encryption at rest is optional.
   */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): AtRestCipher | undefined {
    const value = env[AT_REST_KEY_ENV];
    if (value === undefined || value.trim() === '') return undefined;
    const keyring = parseKeyring(value, { variable: AT_REST_KEY_ENV, minBytes: 32, exactBytes: 32 });
    return new AtRestCipher(keyring, atRestAlgorithmOf(cryptoProfileFromEnv(env)));
  }

  /** True when the text looks like something `seal` produced (either algorithm). */
  static isSealed(text: string): boolean {
    return text.startsWith(PREFIX) || text.startsWith(SM4_PREFIX);
  }

  private sm4Key(kid: string, key: Buffer): Buffer {
    let derived = this.sm4Keys.get(kid);
    if (!derived) {
      derived = createHmacSm3(key).update(SM4_KEY_LABEL).digest();
      this.sm4Keys.set(kid, derived);
    }
    return derived;
  }

  seal(plaintext: string, aad: string): string {
    const { kid, key } = this.keyring.current;
    if (this.algorithm === 'sm4-ctr-hmac-sm3') {
      const sealed = sm4Seal(this.sm4Key(kid, key), Buffer.from(plaintext, 'utf8'), additionalData(kid, aad));
      return `${SM4_PREFIX}${kid}.${sealed.iv.toString('base64url')}.${sealed.tag.toString('base64url')}.${sealed.ciphertext.toString('base64url')}`;
    }
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(kid, aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}${kid}.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Throws AtRestError: AT_REST_MALFORMED, AT_REST_UNKNOWN_KEY, or AT_REST_TAMPERED (wrong AAD included). */
  open(sealed: string, aad: string): string {
    if (!AtRestCipher.isSealed(sealed)) throw malformed('it does not start with clenc1. or clsm4.');
    const sm4 = sealed.startsWith(SM4_PREFIX);
    const parts = sealed.slice(sm4 ? SM4_PREFIX.length : PREFIX.length).split('.');
    if (parts.length !== 4 || !parts.every((part) => PART.test(part))) throw malformed('it does not have 4 base64url parts');
    const [kid, ivText, tagText, bodyText] = parts as [string, string, string, string];
    const key = this.keyring.byId.get(kid);
    if (!key) {
      throw new AtRestError('AT_REST_UNKNOWN_KEY', `stored payload was encrypted with unknown key id "${kid}" (存储内容使用了未知密钥编号"${kid}"加密)`);
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (sm4) return this.openSm4(kid, key, { iv, tag, ciphertext: Buffer.from(bodyText, 'base64url') }, aad);
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw malformed('the IV or tag has the wrong length');
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(kid, aad));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw tampered(error);
    }
  }

  private openSm4(kid: string, key: Buffer, sealed: { iv: Buffer; tag: Buffer; ciphertext: Buffer }, aad: string): string {
    if (sealed.iv.length !== SM4_IV_BYTES || sealed.tag.length !== SM4_TAG_BYTES) throw malformed('the IV or tag has the wrong length');
    try {
      return sm4Open(this.sm4Key(kid, key), sealed, additionalData(kid, aad)).toString('utf8');
    } catch (error) {
      if (!(error instanceof Sm4IntegrityError)) throw error;
      throw tampered(error);
    }
  }
}

function tampered(cause: unknown): AtRestError {
  return new AtRestError(
    'AT_REST_TAMPERED',
    'stored payload failed authentication: altered, or opened for another message (存储内容认证失败：已被篡改或不属于该报文)',
    { cause },
  );
}

function additionalData(kid: string, aad: string): Buffer {
  return Buffer.from(`${AAD_CONTEXT}${kid}\n${aad}`, 'utf8');
}

function malformed(why: string): AtRestError {
  return new AtRestError('AT_REST_MALFORMED', `stored payload is not a valid sealed value: ${why} (存储内容格式错误)`);
}
