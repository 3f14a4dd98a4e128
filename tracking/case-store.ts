import { createHash } from 'node:crypto';
import { parseRecord, serializeRecord, type CaseRecord } from './case-record';
import { ContentionError, ScriptCode } from './errors';
import type { TrackingKeys } from './keys';
import { registerScripts, runScript, type RedisClient } from './redis';
import type { AnomalyEntry, TimelineEntry } from './timeline';
import { encodeEntry } from './timeline-codec';

/** Digest recorded for an observed message: 96 bits of SHA-1 of `messageId|receiver`, base64url. */
export function dedupeDigest(dedupeKey: string): string {
  return createHash('sha1').update(dedupeKey).digest('base64url').slice(0, 16);
}

/** Follow-up work on other slots, carried out after the case commit (idempotent, replay-safe). */
export type OutboxOp =
  /** Index changes of one district, in order (sync-deadlines-2). */
  | { op: 'deadlines'; district: string; changes: DeadlineChange[] }
  /** A figure record; `onlyNew` keeps an existing one (a latency record may already carry its ack). */
  | { op: 'figure'; table: 'steps' | 'latency' | 'events'; month: string; field: string; value: string; onlyNew?: boolean }
  | { op: 'case-outcome'; caseUid: string; value: string }
  /** Flag an identity anomaly on the other case of a conflicting number. */
  | { op: 'case.anomaly'; caseUid: string; entry: AnomalyEntry };

export type DeadlineChange = ['set', string, string, number] | ['del', string, number];

export interface LoadedCase {
  /** 0 when the case does not exist yet. */
  version: number;
  record?: CaseRecord;
  /** The message asked about was already observed for this case. */
  duplicate: boolean;
}

export interface CaseChange {
  record: CaseRecord;
  timeline: TimelineEntry[];
  ops: OutboxOp[];
}

export interface CommitOptions {
  /** messageId|receiver of the message observed (recorded so a resend is recognised). */
  dedupeKey?: string;
}

/**
 * `followUps` settles once the outbox operations of this commit (and any left pending) have run and
 * been trimmed; the commit itself is durable before it (a crash leaves them to `recover`).
 */
export type CommitResult = { status: 'ok'; version: number; followUps: Promise<void> } | { status: 'conflict' };

const MAX_ATTEMPTS = 20;

/**
 * Reads and writes case records with optimistic concurrency: a change computed from version n is
 * written only if the case is still at n (else re-read and recompute). The outbox written in the
 * same script is carried out right after; `applyOp` does the work on the other slots.
 */
export class CaseStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: TrackingKeys,
    private readonly applyOp: (op: OutboxOp) => Promise<unknown>,
  ) {
    registerScripts(redis);
  }

  /** `dedupeKey`: asks whether that message (messageId|receiver) was already observed. */
  async load(caseUid: string, dedupeKey?: string): Promise<LoadedCase> {
    const stored = await this.redis.getBuffer(this.keys.case(caseUid).record);
    if (!stored) return { version: 0, duplicate: false };
    const bar = stored.indexOf(0x7c);
    const record = parseRecord(stored.subarray(bar + 1));
    return {
      version: Number(stored.subarray(0, bar).toString('latin1')),
      record,
      duplicate: dedupeKey !== undefined && record.seen.includes(dedupeDigest(dedupeKey)),
    };
  }

  async commit(caseUid: string, version: number, change: CaseChange, options: CommitOptions): Promise<CommitResult> {
    const keys = this.keys.case(caseUid);
    const record = change.record;
    record.timeline = [...(record.timeline ?? []), ...change.timeline.map(encodeEntry)];
    if (options.dedupeKey !== undefined) record.seen = [...(record.seen ?? []), dedupeDigest(options.dedupeKey)];
    const result = (await runScript(this.redis, 'commitCase', keys, {
      version,
      stored: serializeRecord(record),
      operations: change.ops.map((op) => JSON.stringify(op)),
    })) as Array<number | string>;
    const head = Number(result[0]);
    if (head === ScriptCode.VersionConflict) return { status: 'conflict' };
    const pending = Number(result[1]);
    const followUps =
      pending === change.ops.length ? this.runOps(caseUid, head, change.ops) : pending > 0 ? this.flush(caseUid).then(() => undefined) : Promise.resolve();
    // The caller may look at the outcome only after other awaits: a failure is its to see, not an unhandled rejection.
    followUps.catch(() => undefined);
    return { status: 'ok', version: head, followUps };
  }

  /**
   * Read-modify-write with retries. `change` gets a freshly read record it may change in place and
   * returns undefined to write nothing. Returns the committed change, or undefined.
   */
  async mutate(caseUid: string, change: (record: CaseRecord) => CaseChange | undefined): Promise<CaseChange | undefined> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const loaded = await this.load(caseUid);
      if (!loaded.record) return undefined;
      const next = change(loaded.record);
      if (!next) return undefined;
      const result = await this.commit(caseUid, loaded.version, next, {});
      if (result.status === 'ok') {
        await result.followUps;
        return next;
      }
    }
    throw new ContentionError(caseUid, MAX_ATTEMPTS);
  }

  /** Carries out a case's pending outbox (after a crash between commit and follow-up). */
  async flush(caseUid: string): Promise<number> {
    const keys = this.keys.case(caseUid);
    const entries = await this.redis.lrange(keys.outbox, 0, -1);
    if (entries.length === 0) return 0;
    const last = entries[entries.length - 1]!;
    const ops = entries.map((entry) => JSON.parse(entry.slice(entry.indexOf('|') + 1)) as OutboxOp);
    await this.runOps(caseUid, Number(last.slice(0, last.indexOf('|'))), ops);
    return entries.length;
  }

  private async runOps(caseUid: string, upToVersion: number, ops: readonly OutboxOp[]): Promise<void> {
    if (ops.length === 0) return;
    // Deadline changes of one district run in order (a replayed outbox may hold several versions); the rest in parallel.
    const byDistrict = new Map<string, OutboxOp[]>();
    const independent: OutboxOp[] = [];
    for (const op of ops) {
      if (op.op === 'deadlines') byDistrict.set(op.district, [...(byDistrict.get(op.district) ?? []), op]);
      else independent.push(op);
    }
    await Promise.all([
      ...independent.map((op) => this.applyOp(op)),
      ...[...byDistrict.values()].map(async (list) => {
        for (const op of list) await this.applyOp(op);
      }),
    ]);
    await runScript(this.redis, 'trimOutbox', this.keys.case(caseUid), { version: upToVersion });
  }
}
