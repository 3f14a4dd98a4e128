import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UnifiedMessage } from '../standard/schema/message';
import { canonicalJson } from './canonical-json';
import { TamperedMessageError } from './errors';
import { parseKeyring, type Keyring } from './keyring';
import { bilingual } from '../standard/bilingual';

/**
 * Platform integrity seal: HMAC-SHA256, keyed per deployment, over the canonical JSON of the
 * unified message. Sealed when the message is stored at ingress, checked before delivery, so a
 * message altered while stored (Redis edited, a record swapped) is refused.
 */

export const INTEGRITY_KEY_ENV = 'CASELINK_INTEGRITY_KEY';
/** Domain separation: a MAC made for anything else never verifies as a message seal. */
const SEAL_CONTEXT = 'caselink-message-seal-v1\n';

export interface Seal {
  /** Key id (rotation: old ids keep verifying while they stay in the keyring). */
  kid: string;
  /** base64url HMAC-SHA256. */
  sig: string;
}

export type SealFailure = 'SIGNATURE_MISMATCH' | 'UNKNOWN_KEY' | 'MALFORMED_SEAL' | 'NOT_SERIALISABLE';

export type SealVerdict = { ok: true; kid: string } | { ok: false; tampered: true; code: SealFailure; reason: string };

export class MessageIntegrity {
  constructor(private readonly keyring: Keyring) {}

  /** Reads CASELINK_INTEGRITY_KEY (`kid:base64[,kid:base64…]`, at least 32 bytes per key). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): MessageIntegrity {
    return new MessageIntegrity(parseKeyring(env[INTEGRITY_KEY_ENV], { variable: INTEGRITY_KEY_ENV, minBytes: 32 }));
  }

  sign(message: UnifiedMessage): Seal {
    const { kid, key } = this.keyring.current;
    return { kid, sig: mac(key, message).toString('base64url') };
  }

  verify(message: unknown, seal: unknown): SealVerdict {
    if (!isSeal(seal)) return failure('MALFORMED_SEAL', 'the integrity seal is missing or malformed', '完整性签名缺失或格式错误');
    const key = this.keyring.byId.get(seal.kid);
    if (!key) return failure('UNKNOWN_KEY', `the seal names unknown key id "${seal.kid}"`, `签名使用了未知密钥编号"${seal.kid}"`);
    let expected: Buffer;
    try {
      expected = mac(key, message);
    } catch (error) {
      return failure('NOT_SERIALISABLE', `the message cannot be serialised: ${(error as Error).message}`, '报文无法规范化');
    }
    const given = Buffer.from(seal.sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return failure('SIGNATURE_MISMATCH', 'the message does not match its integrity seal: it was altered after ingress', '报文与完整性签名不符，入库后被篡改');
    }
    return { ok: true, kid: seal.kid };
  }

  /** Same as verify, but throws TamperedMessageError (for code paths that must stop). */
  assertIntact(message: unknown, seal: unknown): void {
    const verdict = this.verify(message, seal);
    if (!verdict.ok) throw new TamperedMessageError(verdict.reason);
  }
}

function mac(key: Buffer, message: unknown): Buffer {
  return createHmac('sha256', key).update(SEAL_CONTEXT).update(canonicalJson(message), 'utf8').digest();
}

function isSeal(value: unknown): value is Seal {
  if (value === null || typeof value !== 'object') return false;
  const { kid, sig } = value as Record<string, unknown>;
  return typeof kid === 'string' && typeof sig === 'string' && /^[A-Za-z0-9_-]{43}$/.test(sig);
}

function failure(code: SealFailure, en: string, zh: string): SealVerdict {
  return { ok: false, tampered: true, code, reason: bilingual(en, zh) };
}
