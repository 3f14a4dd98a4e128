import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AtRestCipher } from '../../security/at-rest';
import { AtRestError, KeyConfigurationError } from '../../security/errors';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const cipher = AtRestCipher.fromEnv({ CASELINK_AT_REST_KEY: `a:${keyA}` })!;
const aad = 'court-440105/QSS-2022-0001';
const text = '{"persons":[{"name":"张三","idNumber":"440105199001011239"}]}';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AtRestError);
    return (error as AtRestError).code;
  }
  return undefined;
}

describe('AES-256-GCM at rest', () => {
  it('round-trips, with a fresh IV each time and nothing readable stored', () => {
    const one = cipher.seal(text, aad);
    const two = cipher.seal(text, aad);
    expect(one).not.toBe(two);
    expect(one).toMatch(/^clenc1\.a\./);
    expect(one).not.toContain('张三');
    expect(cipher.open(one, aad)).toBe(text);
    expect(cipher.open(cipher.seal('', aad), aad)).toBe('');
  });

  it('throws a typed error on any tampering: ciphertext, tag, IV, or another AAD', () => {
    const sealed = cipher.seal(text, aad);
    const [prefix, kid, iv, tag, body] = sealed.split('.') as [string, string, string, string, string];
    const flip = (part: string) => (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
    expect(codeOf(() => cipher.open([prefix, kid, iv, tag, flip(body)].join('.'), aad))).toBe('AT_REST_TAMPERED');
    expect(codeOf(() => cipher.open([prefix, kid, iv, flip(tag), body].join('.'), aad))).toBe('AT_REST_TAMPERED');
    expect(codeOf(() => cipher.open([prefix, kid, flip(iv), tag, body].join('.'), aad))).toBe('AT_REST_TAMPERED');
    expect(codeOf(() => cipher.open(sealed, 'court-440105/OTHER'))).toBe('AT_REST_TAMPERED');
    expect(codeOf(() => cipher.open([prefix, 'zz', iv, tag, body].join('.'), aad))).toBe('AT_REST_UNKNOWN_KEY');
    expect(codeOf(() => cipher.open('clenc1.a.x', aad))).toBe('AT_REST_MALFORMED');
    expect(codeOf(() => cipher.open(text, aad))).toBe('AT_REST_MALFORMED');
  });

  it('rotates: the new key seals, the old one still opens', () => {
    const old = cipher.seal(text, aad);
    const rotated = AtRestCipher.fromEnv({ CASELINK_AT_REST_KEY: `b:${keyB},a:${keyA}` })!;
    expect(rotated.seal(text, aad)).toMatch(/^clenc1\.b\./);
    expect(rotated.open(old, aad)).toBe(text);
  });

  it('is optional, but a key given must be exactly 32 bytes of base64', () => {
    expect(AtRestCipher.fromEnv({})).toBeUndefined();
    expect(() => AtRestCipher.fromEnv({ CASELINK_AT_REST_KEY: randomBytes(31).toString('base64') })).toThrow(KeyConfigurationError);
    expect(() => AtRestCipher.fromEnv({ CASELINK_AT_REST_KEY: randomBytes(48).toString('base64') })).toThrow(/expected 32.*应为32字节/);
    expect(() => AtRestCipher.fromEnv({ CASELINK_AT_REST_KEY: 'not base64!' })).toThrow(/base64/);
  });
});

describe('SM4-CTR + HMAC-SM3 at rest (national profile)', () => {
  const national = AtRestCipher.fromEnv({ CASELINK_AT_REST_KEY: `a:${keyA}`, CASELINK_CRYPTO_PROFILE: 'national' })!;

  it('seals with SM4 under the national profile only; the default profile is unchanged', () => {
    expect(national.algorithm).toBe('sm4-ctr-hmac-sm3');
    expect(cipher.algorithm).toBe('aes-256-gcm');
    const sealed = national.seal(text, aad);
    expect(sealed).toMatch(/^clsm4\.a\./);
    expect(sealed).not.toContain('张三');
    expect(national.seal(text, aad)).not.toBe(sealed);
    expect(national.open(sealed, aad)).toBe(text);
    expect(national.open(national.seal('', aad), aad)).toBe('');
    expect(AtRestCipher.isSealed(sealed)).toBe(true);
  });

  it('checks integrity: ciphertext, tag, IV, another AAD or a key it does not hold are refused', () => {
    const sealed = national.seal(text, aad);
    const [prefix, kid, iv, tag, body] = sealed.split('.') as [string, string, string, string, string];
    const flip = (part: string) => (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
    expect(codeOf(() => national.open([prefix, kid, iv, tag, flip(body)].join('.'), aad))).toBe('AT_REST_TAMPERED');
    expect(codeOf(() => national.open([prefix, kid, iv, flip(tag), body].join('.'), aad))).toBe('AT_REST_TAMPERED');
    expect(codeOf(() => national.open([prefix, kid, flip(iv), tag, body].join('.'), aad))).toBe('AT_REST_TAMPERED');
    expect(codeOf(() => national.open(sealed, 'court-440105/OTHER'))).toBe('AT_REST_TAMPERED');
    expect(codeOf(() => national.open([prefix, 'zz', iv, tag, body].join('.'), aad))).toBe('AT_REST_UNKNOWN_KEY');
    expect(codeOf(() => national.open([prefix, kid, iv.slice(2), tag, body].join('.'), aad))).toBe('AT_REST_MALFORMED');
    // Same key text, other algorithm label: an SM4 record is not an AES one.
    expect(codeOf(() => national.open(`clenc1.${sealed.slice('clsm4.'.length)}`, aad))).toBe('AT_REST_MALFORMED');
  });

  it('rotates: the key id is in the record, older keys (and AES records written before the migration) still open', () => {
    const old = national.seal(text, aad);
    const beforeMigration = cipher.seal(text, aad);
    const rotated = AtRestCipher.fromEnv({ CASELINK_AT_REST_KEY: `b:${keyB},a:${keyA}`, CASELINK_CRYPTO_PROFILE: 'national' })!;
    expect(rotated.seal(text, aad)).toMatch(/^clsm4\.b\./);
    expect(rotated.open(old, aad)).toBe(text);
    expect(rotated.open(beforeMigration, aad)).toBe(text);
    expect(codeOf(() => national.open(rotated.seal(text, aad), aad))).toBe('AT_REST_UNKNOWN_KEY');
  });
});
