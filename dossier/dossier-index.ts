import type { Redis } from 'ioredis';
import type { StoredBlob } from './blob-store';

/** How long an uploaded file waits for the message that names it. */
export const UPLOAD_TTL_SECONDS = 7 * 24 * 3600;

/** One file of a case's dossier as the platform took it in. */
export interface DossierEntry {
  contentRef: string;
  sha256: string;
  sm3?: string;
  size: number;
  fileName: string;
  mediaType: string;
  docType: string;
  docNo?: string;
  sender: string;
  messageId: string;
  /** ISO 8601. */
  storedAt: string;
}

/**
 * The digital dossier (数字卷宗) index of each case in Redis, `<prefix>:{dossier}:case:<caseUid>`
 * (a hash: one field per file per message). It is also the retention record: a blob stays while
 * any case's dossier names it (see docs/dossier-and-evidence.md, Retention).
 */
export class DossierIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'cl',
  ) {}

  key(caseUid: string): string {
    return `${this.prefix}:{dossier}:case:${caseUid}`;
  }

  async add(caseUid: string, entries: DossierEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const fields = entries.flatMap((e) => [`${e.messageId}|${e.contentRef}`, JSON.stringify(e)]);
    await this.redis.hset(this.key(caseUid), ...fields);
    await this.redis.sadd(`${this.prefix}:{dossier}:cases`, caseUid);
  }

  /**
   * A file a system uploaded ahead of its message (`PUT …/attachments/<sha256>`), remembered for
   * that system only: its message, whose legacy format names the file by SHA-256 and size alone,
   * then refers to it. Kept `ttlSeconds` (default 7 days).
   */
  async noteUpload(system: string, blob: StoredBlob, ttlSeconds = UPLOAD_TTL_SECONDS): Promise<void> {
    await this.redis.set(this.uploadKey(system, blob.sha256), JSON.stringify(blob), 'EX', ttlSeconds);
  }

  async uploadOf(system: string, sha256: string): Promise<StoredBlob | undefined> {
    const text = await this.redis.get(this.uploadKey(system, sha256.toLowerCase()));
    return text ? (JSON.parse(text) as StoredBlob) : undefined;
  }

  private uploadKey(system: string, sha256: string): string {
    return `${this.prefix}:{dossier}:upload:${system}:${sha256}`;
  }

  async list(caseUid: string): Promise<DossierEntry[]> {
    const values = Object.values(await this.redis.hgetall(this.key(caseUid)));
    return values.map((v) => JSON.parse(v) as DossierEntry).sort((a, b) => a.storedAt.localeCompare(b.storedAt) || a.fileName.localeCompare(b.fileName));
  }

  /** Whether any case's dossier still names this blob (retention). */
  async referenced(contentRef: string): Promise<boolean> {
    for (const caseUid of await this.redis.smembers(`${this.prefix}:{dossier}:cases`)) {
      const fields = await this.redis.hkeys(this.key(caseUid));
      if (fields.some((f) => f.endsWith(`|${contentRef}`))) return true;
    }
    return false;
  }
}

export function dossierEntriesOf(
  message: {
    messageId: string;
    caseUid?: string;
    sender: { agency: string; orgCode?: string; division?: string };
    documents: Array<{ docType: string; docNo?: string; attachments: Array<{ fileName: string; mediaType: string; contentRef?: string }> }>;
  },
  stored: StoredBlob[],
  at: number,
): DossierEntry[] {
  const byAddress = new Map(stored.map((b) => [b.address as string, b]));
  const sender = `${message.sender.agency}${message.sender.orgCode ? ` ${message.sender.orgCode}` : ''}`;
  return message.documents.flatMap((doc) =>
    doc.attachments.flatMap((a) => {
      const blob = a.contentRef ? byAddress.get(a.contentRef) : undefined;
      if (!blob) return [];
      return [
        {
          contentRef: blob.address,
          sha256: blob.sha256,
          ...(blob.sm3 ? { sm3: blob.sm3 } : {}),
          size: blob.size,
          fileName: a.fileName,
          mediaType: a.mediaType,
          docType: doc.docType,
          ...(doc.docNo ? { docNo: doc.docNo } : {}),
          sender,
          messageId: message.messageId,
          storedAt: new Date(at).toISOString(),
        },
      ];
    }),
  );
}
