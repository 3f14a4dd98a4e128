import { isValidKeyPrefix, redisKey, taggedKey } from '../core/key-scheme';

/** Redis keys of the security layer (naming rule: core/key-scheme.ts). */

/** The audit chain: one list, `<prefix>:{audit}:log`. */
export function auditKey(prefix = 'cl'): string {
  if (!isValidKeyPrefix(prefix)) throw new TypeError('audit prefix must be non-empty without braces or spaces (审计键前缀不合法)');
  return taggedKey(prefix, 'audit', 'log');
}

/** A replay-guard mark: `<prefix>:replay:<system>:<digest>`, expiring with the replay window. */
export function replayKey(prefix: string, system: string, digest: string): string {
  return redisKey(prefix, 'replay', system, digest);
}

/**
 * Who sent a message id first: `<prefix>:idown:<messageId>` → sender system instance, expiring
 * with the idempotency window (security/message-id-owners.ts).
 */
export function messageIdOwnerKey(prefix: string, messageId: string): string {
  return redisKey(prefix, 'idown', messageId);
}
