import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtRestCipher } from '../../security/at-rest';
import { AtRestError, KeyConfigurationError, TamperedMessageError } from '../../security/errors';
import { MessageIntegrity } from '../../security/integrity';
import { StoredMessageCodec } from '../../security/stored-message';
import { validateMessage } from '../../standard';
import { type RedisServer } from '../support/redis-server';
import { sharedRedis } from '../support/shared-redis';
import { arrestRequest } from './helpers';

const key1 = randomBytes(32).toString('base64');
const key2 = randomBytes(32).toString('base64');
const atRestKey = randomBytes(32).toString('base64');

describe('message integrity seal', () => {
  const integrity = MessageIntegrity.fromEnv({ CASELINK_INTEGRITY_KEY: `k1:${key1}` });

  it('signs with the key id and verifies the same message whatever its key order', () => {
    const seal = integrity.sign(arrestRequest);
    expect(seal.kid).toBe('k1');
    expect(seal.sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const reordered = Object.fromEntries(Object.entries(arrestRequest).reverse());
    expect(integrity.verify(reordered, seal)).toEqual({ ok: true, kid: 'k1' });
  });

  it('reports any change, however small, as tampered', () => {
    const seal = integrity.sign(arrestRequest);
    const changed = structuredClone(arrestRequest);
    changed.persons[0]!.custody!.since = '2022-12-03';
    const verdict = integrity.verify(changed, seal);
    expect(verdict).toMatchObject({ ok: false, tampered: true, code: 'SIGNATURE_MISMATCH' });
    if (!verdict.ok) expect(verdict.reason).toMatch(/altered.*篡改/);
    expect(integrity.verify(arrestRequest, { kid: 'k1' })).toMatchObject({ ok: false, code: 'MALFORMED_SEAL' });
  });

  it('keeps verifying old seals after a key rotation, and refuses a retired key id', () => {
    const seal = integrity.sign(arrestRequest);
    const rotated = MessageIntegrity.fromEnv({ CASELINK_INTEGRITY_KEY: `k2:${key2},k1:${key1}` });
    expect(rotated.sign(arrestRequest).kid).toBe('k2');
    expect(rotated.verify(arrestRequest, seal)).toEqual({ ok: true, kid: 'k1' });
    const retired = MessageIntegrity.fromEnv({ CASELINK_INTEGRITY_KEY: `k2:${key2}` });
    expect(retired.verify(arrestRequest, seal)).toMatchObject({ ok: false, code: 'UNKNOWN_KEY' });
  });

  it('derives a key id from the key when none is given, and refuses missing or short keys', () => {
    const derived = MessageIntegrity.fromEnv({ CASELINK_INTEGRITY_KEY: key1 }).sign(arrestRequest);
    expect(derived.kid).toMatch(/^k[0-9a-f]{8}$/);
    expect(() => MessageIntegrity.fromEnv({})).toThrow(KeyConfigurationError);
    expect(() => MessageIntegrity.fromEnv({})).toThrow(/CASELINK_INTEGRITY_KEY.*未设置/);
    expect(() => MessageIntegrity.fromEnv({ CASELINK_INTEGRITY_KEY: randomBytes(16).toString('base64') })).toThrow(/at least 32 are required/);
  });
});

describe('stored message: sealed at ingress, checked before delivery (real Redis)', () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = sharedRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  const destination = 'procuratorate-440105';
  const id = arrestRequest.messageId;

  for (const [encrypted, profile] of [
    [false, 'standard'],
    [true, 'standard'],
    [true, 'national'],
  ] as const) {
    describe(encrypted ? `encrypted at rest (${profile === 'national' ? 'SM4-CTR + HMAC-SM3' : 'AES-256-GCM'})` : 'plain at rest', () => {
      const env = {
        CASELINK_INTEGRITY_KEY: `k1:${key1}`,
        CASELINK_CRYPTO_PROFILE: profile,
        ...(encrypted ? { CASELINK_AT_REST_KEY: `r1:${atRestKey}` } : {}),
      };
      const codec = StoredMessageCodec.fromEnv(env);

      it('reads back exactly the message stored', async () => {
        await redis.set(`t:${encrypted}:${profile}:ok`, codec.encode(arrestRequest, destination));
        const stored = (await redis.get(`t:${encrypted}:${profile}:ok`))!;
        if (encrypted) expect(stored.startsWith(profile === 'national' ? 'clsm4.r1.' : 'clenc1.r1.')).toBe(true);
        const message = codec.decode(stored, destination, id);
        expect(message).toEqual(arrestRequest);
        expect(validateMessage(message).ok).toBe(true);
      });

      it('refuses a message altered while stored', async () => {
        const key = `t:${encrypted}:${profile}:tamper`;
        await redis.set(key, codec.encode(arrestRequest, destination));
        const stored = (await redis.get(key))!;
        if (encrypted) {
          expect(stored).not.toContain('张三');
          // flip one character of the ciphertext part directly in Redis
          const flip = stored.slice(-2, -1) === 'A' ? 'B' : 'A';
          await redis.set(key, `${stored.slice(0, -2)}${flip}${stored.slice(-1)}`);
          const altered = (await redis.get(key))!;
          expect(() => codec.decode(altered, destination, id)).toThrow(AtRestError);
          expect(() => codec.decode(altered, destination, id)).toThrow(expect.objectContaining({ code: 'AT_REST_TAMPERED' }));
        } else {
          await redis.set(key, stored.replace('"amountYuan":5000', '"amountYuan":500'));
          const altered = (await redis.get(key))!;
          expect(altered).not.toBe(stored);
          expect(() => codec.decode(altered, destination, id)).toThrow(TamperedMessageError);
          expect(() => codec.decode(altered, destination, id)).toThrow(/altered after ingress/);
        }
      });

      it('refuses a stored record moved to another message or destination', async () => {
        const stored = codec.encode(arrestRequest, destination);
        expect(() => codec.decode(stored, destination, 'OTHER-ID')).toThrow(encrypted ? AtRestError : TamperedMessageError);
        if (encrypted) expect(() => codec.decode(stored, 'court-440105', id)).toThrow(/认证失败/);
      });
    });
  }

  it('wraps for the core and unwraps what it delivers; an unsealed or swapped object is refused', () => {
    const codec = StoredMessageCodec.fromEnv({ CASELINK_INTEGRITY_KEY: `k1:${key1}`, CASELINK_AT_REST_KEY: atRestKey });
    const forwarded = JSON.parse(JSON.stringify(codec.wrap(arrestRequest, destination))) as { messageId: string; sealed: string };
    expect(Object.keys(forwarded).sort()).toEqual(['messageId', 'sealed']);
    expect(codec.unwrap(forwarded, destination)).toEqual(arrestRequest);
    expect(() => codec.unwrap(structuredClone(arrestRequest) as never, destination)).toThrow(/no integrity seal.*没有完整性签名/);
    expect(() => codec.unwrap({ ...forwarded, messageId: 'OTHER' }, destination)).toThrow(AtRestError);
  });

  it('without encryption the core stores the envelope itself (serialised once) and still reads the older text form', () => {
    const codec = StoredMessageCodec.fromEnv({ CASELINK_INTEGRITY_KEY: `k1:${key1}` });
    const stored = JSON.stringify(codec.wrap(arrestRequest, destination));
    const forwarded = JSON.parse(stored) as { messageId: string; sealed: { v: number; message: typeof arrestRequest } };
    expect(forwarded.sealed).toMatchObject({ v: 1, message: { messageId: id } });
    expect(codec.unwrap(forwarded, destination)).toEqual(arrestRequest);
    // What earlier versions stored: the envelope as escaped text.
    const older = JSON.parse(JSON.stringify({ messageId: id, sealed: codec.encode(arrestRequest, destination) })) as { messageId: string };
    expect(codec.unwrap(older, destination)).toEqual(arrestRequest);
    // Altered while stored, moved to another message, or plain where encryption is required: refused.
    const altered = structuredClone(forwarded);
    altered.sealed.message.persons[0]!.custody!.since = '2022-12-03';
    expect(() => codec.unwrap(altered, destination)).toThrow(TamperedMessageError);
    expect(() => codec.unwrap({ ...forwarded, messageId: 'OTHER' }, destination)).toThrow(TamperedMessageError);
    const strict = StoredMessageCodec.fromEnv({ CASELINK_INTEGRITY_KEY: `k1:${key1}`, CASELINK_AT_REST_KEY: atRestKey });
    expect(() => strict.unwrap(forwarded, destination)).toThrow(expect.objectContaining({ code: 'AT_REST_REQUIRED' }));
    expect(() => codec.unwrap({ messageId: id, sealed: [] }, destination)).toThrow(/no integrity seal/);
  });

  it('refuses a plain payload when encryption at rest is on', () => {
    const plain = StoredMessageCodec.fromEnv({ CASELINK_INTEGRITY_KEY: `k1:${key1}` }).encode(arrestRequest, destination);
    const strict = StoredMessageCodec.fromEnv({ CASELINK_INTEGRITY_KEY: `k1:${key1}`, CASELINK_AT_REST_KEY: atRestKey });
    expect(() => strict.decode(plain, destination, id)).toThrow(expect.objectContaining({ code: 'AT_REST_REQUIRED' }));
  });

  it('opens with the cipher from CASELINK_AT_REST_KEY only', () => {
    expect(AtRestCipher.fromEnv({})).toBeUndefined();
  });
});
