import type { Cluster, Redis } from 'ioredis';
import { rawArchiveKey } from './keys';
import type { AtRestCipher } from '../security/at-rest';

/**
 * The raw legacy input of messages accepted with warnings (unknown legacy fields, values kept but
 * not mapped): the unified message cannot hold them, so the input as received is kept beside it
 * for the dedup window, encrypted when encryption at rest is on. Key `<prefix>:raw:<messageId>`.
 */

export interface RawRecord {
  messageId: string;
  system: { kind: string; division: string };
  receivedAt: string;
  warnings: Array<{ field: string; value?: unknown; reason: string }>;
  raw: string;
}

export const DEFAULT_RAW_RETENTION_MS = 30 * 24 * 3600 * 1000;

export class RawArchive {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: { prefix: string; atRest?: AtRestCipher | undefined; retentionMs?: number },
  ) {}

  key(messageId: string): string {
    return rawArchiveKey(this.options.prefix, messageId);
  }

  async put(record: RawRecord): Promise<void> {
    const text = JSON.stringify(record);
    const stored = this.options.atRest ? this.options.atRest.seal(text, `raw/${record.messageId}`) : text;
    await this.redis.set(this.key(record.messageId), stored, 'PX', this.options.retentionMs ?? DEFAULT_RAW_RETENTION_MS);
  }

  async get(messageId: string): Promise<RawRecord | undefined> {
    const stored = await this.redis.get(this.key(messageId));
    if (stored === null) return undefined;
    const text = this.options.atRest ? this.options.atRest.open(stored, `raw/${messageId}`) : stored;
    return JSON.parse(text) as RawRecord;
  }
}
