import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * The audit chain's record and its hash rule, independent of storage:
 *   hash = sha256(prevHash + canonicalJson(record without hash)), hex;
 *   the first record's prevHash is 64 zeros.
 * In the national cryptography profile the hash is SM3 (same length, same rule); a checker
 * without a stated algorithm takes the one record 1 matches and holds the chain to it.
 */

export const AUDIT_ACTIONS = [
  'ingress',
  'delivery',
  'refusal',
  'replay',
  'discard',
  'dead-letter',
  'dead-letter-replay',
  'tamper',
  'config-change',
  'admin-access',
  'evidence',
  'dossier-access',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const GENESIS_HASH = '0'.repeat(64);

/** Plain JSON data allowed in an audit record's detail. */
export type AuditDetail = { [key: string]: unknown };

export interface AuditEntry {
  /** Who did it: a system instance (`psb-440105`), a node, an operator user name. */
  actor: string;
  action: AuditAction;
  /** What it was done to: messageId, caseUid, destination, config item. Never personal data. */
  subject: string;
  /** e.g. accepted, duplicate, rejected, busy, delivered, retry, dead, refused, changed. */
  outcome: string;
  detail?: AuditDetail;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  /** ISO 8601. */
  at: string;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  { ok: true; count: number; headSeq: number; headHash: string } | { ok: false; seq: number; position: number; reason: string; count: number };

export type ChainHashAlgorithm = 'sha256' | 'sm3';

export function recordHash(record: Omit<AuditRecord, 'hash'>, algorithm: ChainHashAlgorithm = 'sha256'): string {
  return createHash(algorithm).update(record.prevHash).update(canonicalJson(record), 'utf8').digest('hex');
}

/** Walks a chain record by record (from Redis or a JSONL file) and names its first broken link. */
export class ChainChecker {
  private position = 0;
  private prevHash = GENESIS_HASH;
  private broken: Extract<ChainVerdict, { ok: false }> | undefined;

  constructor(private algorithm?: ChainHashAlgorithm) {}

  /** The chain's hash algorithm, once known (stated, or taken from record 1). */
  get hashAlgorithm(): ChainHashAlgorithm | undefined {
    return this.algorithm;
  }

  /** Feeds the next stored record text; returns false once the chain is broken. */
  next(text: string): boolean {
    if (this.broken) return false;
    const expectedSeq = this.position + 1;
    const problem = this.check(text, expectedSeq);
    if (problem) {
      this.broken = { ok: false, seq: expectedSeq, position: this.position, reason: problem, count: this.position };
      return false;
    }
    this.position += 1;
    return true;
  }

  verdict(): ChainVerdict {
    return this.broken ?? { ok: true, count: this.position, headSeq: this.position, headHash: this.prevHash };
  }

  private check(text: string, seq: number): string | undefined {
    let record: Partial<AuditRecord>;
    try {
      record = JSON.parse(text) as Partial<AuditRecord>;
    } catch {
      return `record ${seq} is not JSON (第${seq}条记录不是JSON)`;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return `record ${seq} is not an object (第${seq}条记录不是对象)`;
    if (record.seq !== seq) {
      return `expected seq ${seq}, found ${JSON.stringify(record.seq)}: records were removed, inserted or reordered (序号应为${seq}，实为${JSON.stringify(record.seq)}：记录被删除、插入或调换)`;
    }
    if (record.prevHash !== this.prevHash) {
      return `prevHash does not match the hash of record ${seq - 1}: record ${seq - 1} or ${seq} was altered (prevHash与第${seq - 1}条记录的哈希不符：记录被篡改)`;
    }
    if (typeof record.hash !== 'string') return `record ${seq} has no hash (第${seq}条记录缺少哈希)`;
    const { hash, ...rest } = record;
    let expected: string;
    try {
      if (this.algorithm === undefined) {
        this.algorithm = recordHash(rest as Omit<AuditRecord, 'hash'>, 'sm3') === hash ? 'sm3' : 'sha256';
      }
      expected = recordHash(rest as Omit<AuditRecord, 'hash'>, this.algorithm);
    } catch {
      return `record ${seq} cannot be serialised (第${seq}条记录无法规范化)`;
    }
    if (expected !== hash) return `record ${seq} does not match its hash: its content was altered (第${seq}条记录内容与哈希不符：内容被篡改)`;
    this.prevHash = hash;
    return undefined;
  }
}
