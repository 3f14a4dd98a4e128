import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AtRestError } from './errors';
import { parseKeyring, type Keyring } from './keyring';

/**
 * Optional encryption of payloads at rest: AES-256-GCM, random 96-bit IV per seal, the key id in
 * the sealed text (rotation), and the caller's AAD (destination/messageId) bound in, so a
 * ciphertext moved to another message or destination fails to open.
 *
 * Sealed text: `clenc1.<kid>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */

export const AT_REST_KEY_ENV = 'CASELINK_AT_REST_KEY';
const PREFIX = 'clenc1.';
const AAD_CONTEXT = 'caselink-at-rest-v1\n';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PART = /^[A-Za-z0-9_-]*$/;

export class AtRestCipher {
  constructor(private readonly keyring: Keyring) {}

  /**
   * Reads CASELINK_AT_REST_KEY (`kid:base64[,kid:base64…]`, each exactly 32 bytes, newest first).
   * Returns undefined when it is not set: encryption at rest is optional.
   */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): AtRestCipher | undefined {
    const value = env[AT_REST_KEY_ENV];
    if (value === undefined || value.trim() === '') return undefined;
    return new AtRestCipher(parseKeyring(value, { variable: AT_REST_KEY_ENV, minBytes: 32, exactBytes: 32 }));
  }

  /** True when the text looks like something `seal` produced. */
  static isSealed(text: string): boolean {
    return text.startsWith(PREFIX);
  }

  seal(plaintext: string, aad: string): string {
    const { kid, key } = this.keyring.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(kid, aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}${kid}.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Throws AtRestError: AT_REST_MALFORMED, AT_REST_UNKNOWN_KEY, or AT_REST_TAMPERED (wrong AAD included). */
  open(sealed: string, aad: string): string {
    if (!AtRestCipher.isSealed(sealed)) throw malformed('it does not start with clenc1.');
    const parts = sealed.slice(PREFIX.length).split('.');
    if (parts.length !== 4 || !parts.every((part) => PART.test(part))) throw malformed('it does not have 4 base64url parts');
    const [kid, ivText, tagText, bodyText] = parts as [string, string, string, string];
    const key = this.keyring.byId.get(kid);
    if (!key) {
      throw new AtRestError('AT_REST_UNKNOWN_KEY', `stored payload was encrypted with unknown key id "${kid}" (存储内容使用了未知密钥编号"${kid}"加密)`);
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw malformed('the IV or tag has the wrong length');
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(kid, aad));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new AtRestError(
        'AT_REST_TAMPERED',
        'stored payload failed authentication: altered, or opened for another message (存储内容认证失败：已被篡改或不属于该报文)',
        { cause: error },
      );
    }
  }
}

function additionalData(kid: string, aad: string): Buffer {
  return Buffer.from(`${AAD_CONTEXT}${kid}\n${aad}`, 'utf8');
}

function malformed(why: string): AtRestError {
  return new AtRestError('AT_REST_MALFORMED', `stored payload is not a valid sealed value: ${why} (存储内容格式错误)`);
}
