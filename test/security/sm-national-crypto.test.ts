import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateSm2KeyPair,
  sm2Digest,
  sm2PublicKeyOf,
  sm2Sign,
  sm2Verify,
  sm2Z,
  sm3Hex,
  sm4CbcDecrypt,
  sm4CbcEncrypt,
  sm4Open,
  sm4Seal,
  Sm4IntegrityError,
} from '../../dist/security/sm/index.js';

describe('SM3 (GB/T 32905-2016 Annex A)', () => {
  it('hashes "abc"', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('hashes the 512-bit message "abcd" × 16', () => {
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});

describe('SM4 (GB/T 32907-2016 Annex A)', () => {
  const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
  it('encrypts the example block once', () => {
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(cipher.update(key).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });
  it('encrypts the example block 1 000 000 times', () => {
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    let block: Buffer = key;
    for (let i = 0; i < 1_000_000; i += 1) block = cipher.update(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  });
  it('CBC round-trips', () => {
    const iv = Buffer.alloc(16, 7);
    const text = Buffer.from('送达回证 service receipt');
    expect(sm4CbcDecrypt(key, iv, sm4CbcEncrypt(key, iv, text))).toEqual(text);
  });
  it('SM4-CTR + HMAC-SM3 opens what it sealed and refuses a changed byte, AAD or key', () => {
    const aeadKey = Buffer.alloc(32, 9);
    const sealed = sm4Seal(aeadKey, Buffer.from('卷宗 dossier'), Buffer.from('blob/abc'));
    expect(sm4Open(aeadKey, sealed, Buffer.from('blob/abc')).toString()).toBe('卷宗 dossier');
    const flipped = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext) };
    flipped.ciphertext[0] ^= 1;
    expect(() => sm4Open(aeadKey, flipped, Buffer.from('blob/abc'))).toThrow(Sm4IntegrityError);
    expect(() => sm4Open(aeadKey, sealed, Buffer.from('blob/abd'))).toThrow(Sm4IntegrityError);
    expect(() => sm4Open(Buffer.alloc(32, 8), sealed, Buffer.from('blob/abc'))).toThrow(Sm4IntegrityError);
  });
});

describe('SM2 signature (GB/T 32918.2 / GM/T 0003.5 Annex A, recommended curve, ID 1234567812345678)', () => {
  const privateKey = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
  const publicKey = '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
  const signature = 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
  const k = '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21';

  it('derives the public key, Z value and digest of the example', () => {
    expect(sm2PublicKeyOf(privateKey)).toBe(publicKey);
    expect(sm2Z(publicKey).toString('hex')).toBe('b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3');
    expect(sm2Digest('message digest', publicKey).toString('hex')).toBe('f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640');
  });
  it('signs the example with its k to exactly (r, s) and verifies it', () => {
    expect(sm2Sign('message digest', { privateKey, publicKey }, { fixedK: k })).toBe(signature);
    expect(sm2Verify('message digest', signature, publicKey)).toBe(true);
  });
  it('refuses another message, another ID, a changed signature', () => {
    expect(sm2Verify('message digesT', signature, publicKey)).toBe(false);
    expect(sm2Verify('message digest', signature, publicKey, 'ALICE123@YAHOO.COM')).toBe(false);
    expect(sm2Verify('message digest', `${signature.slice(0, 127)}${signature.endsWith('a') ? 'b' : 'a'}`, publicKey)).toBe(false);
    expect(sm2Verify('message digest', 'zz', publicKey)).toBe(false);
  });
  it('signs with fresh keys and random k, bound to the ID', () => {
    const pair = generateSm2KeyPair();
    expect(sm2PublicKeyOf(pair.privateKey)).toBe(pair.publicKey);
    const a = sm2Sign('送达回证', pair, { id: 'court-440105' });
    const b = sm2Sign('送达回证', pair, { id: 'court-440105' });
    expect(a).not.toBe(b);
    expect(sm2Verify('送达回证', a, pair.publicKey, 'court-440105')).toBe(true);
    expect(sm2Verify('送达回证', a, pair.publicKey)).toBe(false);
  });
});
