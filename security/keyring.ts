import { createHash } from 'node:crypto';
import { KeyConfigurationError } from './errors';

/**
 * A set of secret keys by key id. The first key signs or encrypts; the others only verify or
 * decrypt, so a key can be rotated without breaking what is already stored.
 *
 * Environment form: `kid:base64key[,kid:base64key…]`, newest first. A key given without `kid:`
 * gets the id `k` + the first 8 hex digits of its SHA-256, so a new key always gets a new id.
 */
export interface Keyring {
  current: { kid: string; key: Buffer };
  byId: ReadonlyMap<string, Buffer>;
}

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function keyFingerprint(key: Buffer): string {
  return `k${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

export interface KeyringRules {
  /** Environment variable name, for error messages. */
  variable: string;
  minBytes: number;
  /** When set, every key must be exactly this long (AES-256 needs 32). */
  exactBytes?: number;
}

export function parseKeyring(text: string | undefined, rules: KeyringRules): Keyring {
  const { variable } = rules;
  if (text === undefined || text.trim() === '') {
    throw new KeyConfigurationError(`${variable} is not set (未设置${variable})`);
  }
  const byId = new Map<string, Buffer>();
  let current: Keyring['current'] | undefined;
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const encoded = colon === -1 ? entry : entry.slice(colon + 1);
    if (!BASE64.test(encoded)) {
      throw new KeyConfigurationError(`${variable}: a key is not base64 (${variable}中的密钥不是base64编码)`);
    }
    const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
    if (rules.exactBytes !== undefined && key.length !== rules.exactBytes) {
      throw new KeyConfigurationError(
        `${variable}: a key decodes to ${key.length} bytes, expected ${rules.exactBytes} (${variable}中的密钥应为${rules.exactBytes}字节，实为${key.length}字节)`,
      );
    }
    if (key.length < rules.minBytes) {
      throw new KeyConfigurationError(
        `${variable}: a key has ${key.length} bytes, at least ${rules.minBytes} are required (${variable}中的密钥至少需要${rules.minBytes}字节)`,
      );
    }
    const kid = colon === -1 ? keyFingerprint(key) : entry.slice(0, colon);
    if (!KID.test(kid)) {
      throw new KeyConfigurationError(`${variable}: key id "${kid}" must be 1-32 letters, digits, - or _ (密钥编号格式不正确)`);
    }
    if (byId.has(kid)) throw new KeyConfigurationError(`${variable}: key id "${kid}" appears twice (密钥编号重复)`);
    byId.set(kid, key);
    current ??= { kid, key };
  }
  if (!current) throw new KeyConfigurationError(`${variable} holds no key (${variable}中没有密钥)`);
  return { current, byId };
}
