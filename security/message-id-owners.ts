/**
 * Message ids belong to the sender system instance that used them first.
 *
 * The forwarding core is idempotent on the message id per destination, and so are the legacy
 * receivers. An authenticated agency system that sends first with *another* agency's next
 * (predictable) message id to a shared receiver would have the real message taken for a
 * duplicate: acknowledged and never delivered. So before a message is stored, its id is claimed
 * for its sender (`SET NX PX window`, one key per id, shared by every instance on the Redis): the
 * same sender may resend it (a duplicate, as before); a different sender is refused and audited,
 * never answered "duplicate".
 *
 * Stored messages and queues are unchanged (nothing to migrate): ids stored before this existed
 * have no owner key, and the first sender to use such an id again becomes its owner.
 */
import type { Redis, Cluster } from 'ioredis';
import { messageIdOwnerKey } from './keys';

export const DEFAULT_OWNER_WINDOW_MS = 30 * 24 * 3600 * 1000;

export type IdClaim = { ok: true } | { ok: false; owner: string; reason: string };

export class MessageIdOwners {
  private readonly windowMs: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis | Cluster,
    options: { prefix?: string; windowMs?: number } = {},
  ) {
    this.prefix = options.prefix ?? 'cl';
    this.windowMs = options.windowMs ?? DEFAULT_OWNER_WINDOW_MS;
  }

  /** Claims `messageId` for `sender` (e.g. `psb-440105`); refused when another sender holds it. */
  async claim(messageId: string, sender: string): Promise<IdClaim> {
    const key = messageIdOwnerKey(this.prefix, messageId);
    if ((await this.redis.set(key, sender, 'PX', this.windowMs, 'NX')) === 'OK') return { ok: true };
    const owner = await this.redis.get(key);
    if (owner === null) return this.claim(messageId, sender); // expired in between
    if (owner === sender) return { ok: true };
    return {
      ok: false,
      owner,
      reason: `message id ${messageId} was already used by another sender system (${owner}): refused, it is never taken for a duplicate (报文编号已被其他发送系统使用，拒收)`,
    };
  }
}
