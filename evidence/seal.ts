import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../security/canonical-json';
import type { CryptoProfile } from '../security/crypto-profile';
import { generateSm2KeyPair, sm2PublicKeyOf, sm2Sign, sm2Verify, type Sm2KeyPair } from '../security/sm/sm2';

/**
 * Seals on evidence: a signature that anyone with the public key checks offline.
 * standard profile: Ed25519 over the canonical JSON; digest SHA-256.
 * national profile: SM2 (with the signer's distinguishing ID, GB/T 32918) over the canonical
 * JSON; digest SM3.
 */
export type SealAlgorithm = 'ed25519' | 'sm2-sm3';

export interface Seal {
  alg: SealAlgorithm;
  kid: string;
  /** Who sealed: `platform` or `agency:<system instance>` where the agency system signs. */
  signer: string;
  /** Digest of the sealed canonical JSON, `sha256:<hex>` or `sm3:<hex>`. */
  digest: string;
  /** base64 (Ed25519) or r‖s hex (SM2). */
  sig: string;
}

export interface PublicSealKey {
  alg: SealAlgorithm;
  kid: string;
  /** SPKI PEM (Ed25519) or uncompressed point hex (SM2). */
  publicKey: string;
  /** SM2 distinguishing ID used by this key. */
  id?: string;
}

export interface Sealer {
  readonly key: PublicSealKey;
  readonly signer: string;
  seal(value: unknown): Seal;
}

export function sealAlgorithmOf(profile: CryptoProfile): SealAlgorithm {
  return profile === 'national' ? 'sm2-sm3' : 'ed25519';
}

export function sealDigest(alg: SealAlgorithm, value: unknown): string {
  const algorithm = alg === 'sm2-sm3' ? 'sm3' : 'sha256';
  return `${algorithm}:${createHash(algorithm).update(canonicalJson(value), 'utf8').digest('hex')}`;
}

class Ed25519Sealer implements Sealer {
  readonly key: PublicSealKey;
  constructor(
    private readonly privateKey: KeyObject,
    kid: string,
    readonly signer: string,
  ) {
    this.key = { alg: 'ed25519', kid, publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() };
  }
  seal(value: unknown): Seal {
    const bytes = Buffer.from(canonicalJson(value), 'utf8');
    return {
      alg: 'ed25519',
      kid: this.key.kid,
      signer: this.signer,
      digest: sealDigest('ed25519', value),
      sig: nodeSign(null, bytes, this.privateKey).toString('base64'),
    };
  }
}

class Sm2Sealer implements Sealer {
  readonly key: PublicSealKey;
  constructor(
    private readonly pair: Sm2KeyPair,
    kid: string,
    readonly signer: string,
    id: string,
  ) {
    this.key = { alg: 'sm2-sm3', kid, publicKey: pair.publicKey, id };
  }
  seal(value: unknown): Seal {
    const text = canonicalJson(value);
    return { alg: 'sm2-sm3', kid: this.key.kid, signer: this.signer, digest: sealDigest('sm2-sm3', value), sig: sm2Sign(text, this.pair, { id: this.key.id }) };
  }
}

/**
 * `CASELINK_EVIDENCE_KEY`: `kid:<key>` — Ed25519: base64 of the PKCS#8 DER private key;
 * SM2: the 64-hex private scalar. Without it (demo), a key is generated for this process.
 */
export function createSealer(profile: CryptoProfile, options: { keyText?: string; signer?: string; sm2Id?: string } = {}): Sealer {
  const signer = options.signer ?? 'platform';
  const sm2Id = options.sm2Id ?? 'caselink-platform';
  if (options.keyText === undefined || options.keyText.trim() === '') {
    if (profile === 'national') {
      const pair = generateSm2KeyPair();
      return new Sm2Sealer(pair, `sm2-${pair.publicKey.slice(2, 10)}`, signer, sm2Id);
    }
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    return new Ed25519Sealer(privateKey, `ed-${createHash('sha256').update(pem).digest('hex').slice(0, 8)}`, signer);
  }
  const [kid, material] = options.keyText.includes(':') ? (options.keyText.split(':', 2) as [string, string]) : ['k1', options.keyText];
  if (profile === 'national') {
    if (!/^[0-9a-fA-F]{64}$/.test(material.trim()))
      throw new TypeError('CASELINK_EVIDENCE_KEY must be kid:<64 hex SM2 private key> in the national profile (国密配置下证据签名密钥应为64位十六进制SM2私钥)');
    const privateKey = material.trim().toLowerCase();
    return new Sm2Sealer({ privateKey, publicKey: sm2PublicKeyOf(privateKey) }, kid, signer, sm2Id);
  }
  const key = createPrivateKey({ key: Buffer.from(material.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('CASELINK_EVIDENCE_KEY must be an Ed25519 PKCS#8 key (证据签名密钥应为Ed25519私钥)');
  return new Ed25519Sealer(key, kid, signer);
}

/** Checks a seal over a value with a trusted public key; returns the reason when it does not hold. */
export function checkSeal(value: unknown, seal: Seal, key: PublicSealKey | undefined): string | undefined {
  if (!key) return `unknown seal key ${seal.kid} (未知签章密钥 ${seal.kid})`;
  if (key.alg !== seal.alg) return `seal algorithm ${seal.alg} does not match key ${key.kid} (${key.alg}) (签章算法与密钥不符)`;
  const digest = sealDigest(seal.alg, value);
  if (digest !== seal.digest) return `content digest ${digest} differs from the sealed ${seal.digest}: content altered (内容摘要与签章不符：内容被篡改)`;
  const text = canonicalJson(value);
  let ok: boolean;
  try {
    ok =
      seal.alg === 'sm2-sm3'
        ? sm2Verify(text, seal.sig, key.publicKey, key.id)
        : nodeVerify(null, Buffer.from(text, 'utf8'), createPublicKey(key.publicKey), Buffer.from(seal.sig, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? undefined : `signature by ${seal.kid} does not verify (签名验证失败)`;
}
