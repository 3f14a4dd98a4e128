import { open as openFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Cluster, Redis } from 'ioredis';
import { canonicalJson } from './canonical-json';
import { defineScripts, runScript } from '../core/lua-scripts';
import { auditKey } from './keys';
import { SCRIPTS } from './scripts';
import {
  AUDIT_ACTIONS,
  ChainChecker,
  GENESIS_HASH,
  recordHash,
  type AuditEntry,
  type AuditRecord,
  type ChainHashAlgorithm,
  type ChainVerdict,
} from './audit-chain';
import { AuditUnavailableError, SecurityError } from './errors';
import { isMaskingEnabled, maskDeep, maskText } from './mask';
import { withDeadline } from './redis-guard';

export * from './audit-chain';

/**
 * Append-only, hash-chained audit log in Redis: one list `<prefix>:{audit}:log`, every record
 * chained to the one before it. Several processes append into the one chain: each batch is
 * chained from the tail it last saw and written by a compare-and-set Lua script, retried from
 * the new tail when another process got there first.
 *
 * Fail closed: when a record cannot be written, append throws AuditUnavailableError and the
 * caller must not accept what it was about to accept (see `auditOrRefuse`).
 */

export interface AuditLogOptions {
  /** Key prefix, default `cl`: the list is `<prefix>:{audit}:log`. */
  prefix?: string;
  /** Deadline for one append (all retries included); past it the append fails closed. Default 2000 ms. */
  timeoutMs?: number;
  /** Clock for `at`. */
  now?: () => number;
  /** Mask personal data in subject and detail (default: on unless CASELINK_MASK_PERSONAL_DATA=0). */
  mask?: boolean;
  /** Most records written in one script call (group commit). Default 100. */
  maxBatch?: number;
  /** Chain hash: `sha256` (default) or `sm3` (national cryptography profile). */
  hashAlgorithm?: ChainHashAlgorithm;
}

export { auditKey };

const MAX_TEXT = 256;
const MAX_RECORD_BYTES = 16_384;
/** Audit batches sent before the one before them is acknowledged (see `drain`). */
const BATCHES_IN_FLIGHT = 2;

interface Pending {
  record: Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;
  resolve(record: AuditRecord): void;
  reject(error: unknown): void;
}

interface Tail {
  seq: number;
  hash: string;
}

export class AuditLog {
  readonly key: string;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly mask: boolean;
  private readonly maxBatch: number;
  readonly hashAlgorithm: ChainHashAlgorithm;
  private queue: Pending[] = [];
  private inFlight = 0;
  private lastWrite: Promise<void> = Promise.resolve();
  /** A batch was refused or failed: one batch at a time until nothing is in flight. */
  private unsure = false;
  private knownTail: Tail | undefined;

  constructor(
    private readonly redis: Redis | Cluster,
    options: AuditLogOptions = {},
  ) {
    this.key = auditKey(options.prefix);
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.now = options.now ?? Date.now;
    this.mask = options.mask ?? isMaskingEnabled();
    this.maxBatch = options.maxBatch ?? 100;
    this.hashAlgorithm = options.hashAlgorithm ?? 'sha256';
    defineScripts(redis, SCRIPTS);
  }

  /** Appends one record; resolves with it once it is in Redis. Throws AuditUnavailableError (fail closed). */
  append(entry: AuditEntry): Promise<AuditRecord> {
    let record: Pending['record'];
    try {
      record = this.prepare(entry);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.drain();
    });
  }

  /** Walks the whole chain; names the first broken link. */
  async verify(pageSize = 1_000): Promise<ChainVerdict> {
    const checker = new ChainChecker();
    for (let start = 0; ; start += pageSize) {
      const page = await this.redis.lrange(this.key, start, start + pageSize - 1);
      for (const text of page) if (!checker.next(text)) return checker.verdict();
      if (page.length < pageSize) return checker.verdict();
    }
  }

  /** The last `count` records as stored (JSON text), oldest first. */
  tail(count = 20): Promise<string[]> {
    return count <= 0 ? Promise.resolve([]) : this.redis.lrange(this.key, -count, -1);
  }

  /** Stored records from position `start` (0-based; seq = position + 1). */
  range(start: number, count: number): Promise<string[]> {
    return this.redis.lrange(this.key, start, start + count - 1);
  }

  length(): Promise<number> {
    return this.redis.llen(this.key);
  }

  /**
   * Appends to a JSONL file the records it does not hold yet (append-only sink; run it from one
   * exporter). Refuses when the file's last record is not the one Redis chains the next from.
   */
  async exportJsonl(path: string, pageSize = 1_000): Promise<{ exported: number; lastSeq: number }> {
    const fileTail = await readJsonlTail(path);
    let position = fileTail?.seq ?? 0;
    let prevHash = fileTail?.hash ?? GENESIS_HASH;
    const file = await openFile(path, 'a', 0o640);
    let exported = 0;
    try {
      for (;;) {
        const page = await this.range(position, pageSize);
        if (page.length === 0) break;
        for (const text of page) {
          const record = JSON.parse(text) as AuditRecord;
          if (record.seq !== position + 1 || record.prevHash !== prevHash) {
            throw new SecurityError(
              'AUDIT_CORRUPT',
              `record at position ${position} (seq ${String(record.seq)}) does not continue the exported chain; run "caselink audit verify" (记录与已导出的链不连续，请先校验)`,
            );
          }
          prevHash = record.hash;
          position += 1;
        }
        await file.appendFile(`${page.join('\n')}\n`, 'utf8');
        exported += page.length;
      }
      await file.sync();
    } finally {
      await file.close();
    }
    return { exported, lastSeq: position };
  }

  private prepare(entry: AuditEntry): Pending['record'] {
    const invalid = (why: string) => new SecurityError('AUDIT_INVALID_ENTRY', `audit entry: ${why}`);
    if (!(AUDIT_ACTIONS as readonly string[]).includes(entry.action)) throw invalid(`unknown action "${String(entry.action)}" (未知审计动作)`);
    for (const field of ['actor', 'subject', 'outcome'] as const) {
      const value = entry[field];
      if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
        throw invalid(`${field} must be text of 1-${MAX_TEXT} characters (${field}应为1-${MAX_TEXT}个字符)`);
      }
    }
    if (entry.detail !== undefined && (entry.detail === null || typeof entry.detail !== 'object' || Array.isArray(entry.detail))) {
      throw invalid('detail must be an object (detail应为对象)');
    }
    const record = {
      at: new Date(this.now()).toISOString(),
      actor: this.mask ? maskText(entry.actor) : entry.actor,
      action: entry.action,
      subject: this.mask ? maskText(entry.subject) : entry.subject,
      outcome: entry.outcome,
      ...(entry.detail === undefined ? {} : { detail: this.mask ? maskDeep(entry.detail) : entry.detail }),
    };
    let size: number;
    try {
      size = Buffer.byteLength(canonicalJson(record));
    } catch (error) {
      throw invalid(`detail is not plain JSON: ${(error as Error).message}`);
    }
    if (size > MAX_RECORD_BYTES) throw invalid(`record is ${size} bytes, at most ${MAX_RECORD_BYTES} (记录过大)`);
    // A JSON round trip gives exactly what verify will read back.
    return JSON.parse(JSON.stringify(record)) as Pending['record'];
  }

  /**
   * Group commit with two batches in flight: the next batch is chained from the tail the one in
   * flight will leave and sent at once, instead of waiting a round trip (with `appendfsync always`,
   * an fsync) for it. When a batch is refused (another process appended) or fails, one batch at a
   * time again until everything in flight has settled, each chained from the tail Redis holds:
   * records keep the order they were appended in.
   */
  private drain(): void {
    while (this.queue.length > 0 && this.inFlight < (this.unsure ? 1 : BATCHES_IN_FLIGHT)) {
      const batch = this.queue.splice(0, this.maxBatch);
      const written = this.write(
        batch.map((item) => item.record),
        this.inFlight > 0 ? this.lastWrite : undefined,
      );
      this.inFlight += 1;
      this.lastWrite = written.then(
        () => undefined,
        () => undefined,
      );
      written
        .then(
          (records) => batch.forEach((item, index) => item.resolve(records[index]!)),
          (error: unknown) => {
            // Fail fast: what waits behind a failed write would fail the same way.
            for (const item of [...batch, ...this.queue.splice(0)]) item.reject(error);
          },
        )
        .finally(() => {
          this.inFlight -= 1;
          if (this.inFlight === 0) this.unsure = false;
          this.drain();
        });
    }
  }

  /** Writes one batch chained from the known tail; `ahead` settles when a batch sent before this one has. */
  private write(entries: Pending['record'][], ahead: Promise<void> | undefined): Promise<AuditRecord[]> {
    const unavailable = (why: string, cause?: unknown) => new AuditUnavailableError(`audit log unavailable: ${why} (审计日志不可写，拒绝受理)`, { cause });
    const giveUpAt = Date.now() + this.timeoutMs;
    return withDeadline(
      this.redis,
      this.timeoutMs,
      async () => {
        let tail = this.knownTail;
        if (!tail) {
          // Unknown (first write, or after a refusal): from where the batch ahead leaves it.
          await ahead;
          ahead = undefined;
          tail = this.knownTail ?? (await this.readTail());
        }
        for (let attempt = 1; ; attempt++) {
          const records = chainFrom(tail, entries, this.hashAlgorithm);
          const last = records[records.length - 1]!;
          // A batch sent meanwhile chains from here.
          this.knownTail = { seq: last.seq, hash: last.hash };
          let result: [number, string?, string?];
          try {
            result = (await runScript(
              this.redis,
              SCRIPTS.auditAppend,
              { log: this.key },
              {
                tailHash: tail.hash,
                tailSeq: tail.seq,
                records: records.map((record) => JSON.stringify(record)),
              },
            )) as [number, string?, string?];
          } catch (error) {
            this.lostTail();
            throw error;
          }
          if (result[0] === 1) return records;
          this.lostTail();
          if (result[0] !== 0) {
            throw new AuditUnavailableError('the audit chain tail is unreadable: run "caselink audit verify" (审计链末条记录损坏)', { code: 'AUDIT_CORRUPT' });
          }
          if (Date.now() >= giveUpAt) throw unavailable(`${attempt} attempts lost to concurrent writers`);
          if (ahead) {
            // The batch before this one may be chained again after it: wait for it, then read the tail.
            await ahead;
            ahead = undefined;
            tail = await this.readTail();
          } else {
            // Another writer moved the tail: chain again from the tail it reports, at once (waiting would make it stale).
            tail = { seq: Number(result[1]), hash: String(result[2]) };
          }
        }
      },
      unavailable,
    );
  }

  /** A batch did not land where it was chained: nothing sent after it can be trusted to either. */
  private lostTail(): void {
    this.knownTail = undefined;
    this.unsure = true;
  }

  private async readTail(): Promise<Tail> {
    const last = await this.redis.lindex(this.key, -1);
    if (last === null) return { seq: 0, hash: GENESIS_HASH };
    try {
      const record = JSON.parse(last) as Partial<AuditRecord>;
      if (typeof record.seq === 'number' && typeof record.hash === 'string') return { seq: record.seq, hash: record.hash };
    } catch {
      // fall through
    }
    throw new AuditUnavailableError('the audit chain tail is unreadable: run "caselink audit verify" (审计链末条记录损坏)', { code: 'AUDIT_CORRUPT' });
  }
}

function chainFrom(tail: Tail, entries: Pending['record'][], algorithm: ChainHashAlgorithm): AuditRecord[] {
  let { seq, hash } = tail;
  return entries.map((entry) => {
    seq += 1;
    const unsigned = { ...entry, seq, prevHash: hash };
    hash = recordHash(unsigned, algorithm);
    return { ...unsigned, hash };
  });
}

export type AuditGate = { ok: true; record: AuditRecord } | { ok: false; reason: string; error: AuditUnavailableError };

/**
 * The ingress' one line before accepting anything:
 *   const gate = await auditOrRefuse(audit, entry); if (!gate.ok) return answers.busy(id, gate.reason);
 * Other errors (a malformed entry: a programming error) are thrown.
 */
export async function auditOrRefuse(audit: AuditLog, entry: AuditEntry): Promise<AuditGate> {
  try {
    return { ok: true, record: await audit.append(entry) };
  } catch (error) {
    if (error instanceof AuditUnavailableError) return { ok: false, reason: error.message, error };
    throw error;
  }
}

/** Checks a JSONL export record by record. */
export async function verifyJsonlFile(path: string): Promise<ChainVerdict> {
  const checker = new ChainChecker();
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      if (!checker.next(line)) break;
    }
  } finally {
    lines.close();
  }
  return checker.verdict();
}

/** The last record of a JSONL export (seq and hash), undefined when the file is missing or empty. */
async function readJsonlTail(path: string): Promise<Tail | undefined> {
  let file;
  try {
    file = await openFile(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { size } = await file.stat();
    if (size === 0) return undefined;
    const length = Math.min(size, MAX_RECORD_BYTES * 4);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    const record = JSON.parse(lines[lines.length - 1] ?? '') as Partial<AuditRecord>;
    if (typeof record.seq !== 'number' || typeof record.hash !== 'string') throw new Error('no seq/hash');
    return { seq: record.seq, hash: record.hash };
  } catch (error) {
    throw new SecurityError('AUDIT_CORRUPT', `${path}: the last line is not an audit record (${(error as Error).message}) (导出文件末行不是审计记录)`);
  } finally {
    await file.close();
  }
}
