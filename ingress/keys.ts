import { redisKey } from '../core/key-scheme';

/** Redis keys of the ingress (naming rule: core/key-scheme.ts). */

/** A raw input kept for the dedup window: `<prefix>:raw:<messageId>`. */
export function rawArchiveKey(prefix: string, messageId: string): string {
  return redisKey(prefix, 'raw', messageId);
}
