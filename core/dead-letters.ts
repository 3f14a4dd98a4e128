import type { ScriptCommands } from './commands';
import { ValidationError } from './errors';
import type { DestinationKeys } from './keys';
import { RateLimiter } from './rate-limiter';
import { idBefore } from './stream-entry';
import type { RedisClient } from './redis-connection';
import type { AuditActor, AuditEntry, DeadLetter, DeadLetterFilter, ForwardedMessage, ReplayOptions, ReplayTarget } from './types';

export interface DeadLettersContext {
  client: RedisClient;
  scripts: ScriptCommands;
  keys: (destination: string) => DestinationKeys;
  destinations: () => Promise<string[]>;
  now: () => number;
  /** How long read entries (list, inspect) stay in the audit; operator actions are kept. */
  auditRetentionMs: number;
}

interface StoredDeadLetter {
  messageId: string;
  orderKey: string;
  payload: string;
  reason: string;
  attempts: number;
  lastError?: string;
  enqueuedAt: string;
  deadAt: string;
}

const DEFAULT_REPLAY_RATE = 50;
const PAGE = 200;

function checkActor(actor: AuditActor): void {
  if (!actor || typeof actor.who !== 'string' || actor.who.trim() === '' || typeof actor.why !== 'string' || actor.why.trim() === '') {
    throw new ValidationError('dead-letter operations need an actor { who, why } for the audit trail');
  }
}

function decode(destination: string, raw: string): DeadLetter {
  const d = JSON.parse(raw) as StoredDeadLetter;
  let message: ForwardedMessage;
  try {
    message = JSON.parse(d.payload) as ForwardedMessage;
  } catch {
    message = { messageId: d.messageId, unreadablePayload: d.payload };
  }
  const letter: DeadLetter = {
    destination,
    messageId: d.messageId,
    orderKey: d.orderKey,
    message,
    reason: d.reason,
    attempts: Number(d.attempts),
    enqueuedAt: Number(d.enqueuedAt),
    deadAt: Number(d.deadAt),
  };
  if (d.lastError !== undefined) letter.lastError = d.lastError;
  return letter;
}

/** The `n` field of an audit row (0 when absent: written before the audit had a sequence). */
function sequence([, fields]: [string, string[]]): number {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'n') return Number(fields[i + 1]);
  return 0;
}

/** Order of rows from the two audit streams: their shared sequence number (stream ids of two
 *  streams may tie within a millisecond), else the time in their ids. */
function newer(a: [string, string[]], b: [string, string[]]): boolean {
  const [na, nb] = [sequence(a), sequence(b)];
  return na > 0 && nb > 0 ? na > nb : idBefore(b[0], a[0]);
}

function auditEntry(destination: string, [id, fields]: [string, string[]]): AuditEntry {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const entry: AuditEntry = { id, destination, action: f.action ?? '', who: f.who ?? '', why: f.why ?? '', at: Number(f.at) };
  if (f.messageId !== undefined) entry.messageId = f.messageId;
  if (f.orderKey !== undefined) entry.orderKey = f.orderKey;
  if (f.detail !== undefined) entry.detail = f.detail;
  return entry;
}

/**
 * Dead letters of every destination: list, inspect, replay (one, by case, by destination, all —
 * rate-limited), discard. Every operation is audited with who, why and when: replay and discard
 * in the destination's `audit` stream, inside their Lua script, atomically with the change, and
 * kept; list and inspect in its `audit-reads` stream, trimmed to `auditRetentionMs` on each write
 * (reads repeat with every console view and would otherwise grow without bound under noeviction).
 */
export class DeadLetters {
  constructor(private readonly ctx: DeadLettersContext) {}

  async list(destination: string, filter: DeadLetterFilter, actor: AuditActor): Promise<DeadLetter[]> {
    checkActor(actor);
    const keys = this.ctx.keys(destination);
    await this.record(keys, 'list', actor, { detail: JSON.stringify(filter) });
    const min = filter.since ?? '-inf';
    const max = filter.until ?? '+inf';
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? 100;
    const needle = filter.reasonContains?.toLowerCase();
    const out: DeadLetter[] = [];
    let skipped = 0;
    for (let start = 0; out.length < limit; start += PAGE) {
      const ids = await this.ctx.client.zrangebyscore(keys.deadIndex, min, max, 'LIMIT', start, PAGE);
      if (ids.length === 0) break;
      const raws = await this.ctx.client.hmget(keys.dead, ...ids);
      for (const raw of raws) {
        if (raw === null) continue;
        const letter = decode(destination, raw);
        if (filter.orderKey !== undefined && letter.orderKey !== filter.orderKey) continue;
        if (needle && !`${letter.reason}\n${letter.lastError ?? ''}`.toLowerCase().includes(needle)) continue;
        if (skipped < offset) {
          skipped++;
          continue;
        }
        out.push(letter);
        if (out.length >= limit) break;
      }
      if (ids.length < PAGE) break;
    }
    return out;
  }

  async inspect(destination: string, messageId: string, actor: AuditActor): Promise<DeadLetter | null> {
    checkActor(actor);
    const keys = this.ctx.keys(destination);
    await this.record(keys, 'inspect', actor, { messageId });
    const raw = await this.ctx.client.hget(keys.dead, messageId);
    return raw === null ? null : decode(destination, raw);
  }

  /** Replays dead letters of one destination. A replayed case head lets its parked successors follow in order. */
  async replay(
    destination: string,
    target: ReplayTarget,
    actor: AuditActor,
    options: ReplayOptions = {},
    limiter = new RateLimiter(options.ratePerSec ?? DEFAULT_REPLAY_RATE),
  ): Promise<{ replayed: number; notFound: number }> {
    return this.apply('replay', destination, target, actor, limiter);
  }

  /** Replays every dead letter of every known destination, rate-limited overall. */
  async replayAll(actor: AuditActor, options: ReplayOptions = {}): Promise<{ replayed: number; notFound: number }> {
    checkActor(actor);
    const limiter = new RateLimiter(options.ratePerSec ?? DEFAULT_REPLAY_RATE);
    const total = { replayed: 0, notFound: 0 };
    for (const destination of await this.ctx.destinations()) {
      const r = await this.apply('replay', destination, { all: true }, actor, limiter);
      total.replayed += r.replayed;
      total.notFound += r.notFound;
    }
    return total;
  }

  /** Deletes dead letters for good; the next message of each case then flows. */
  async discard(destination: string, target: ReplayTarget, actor: AuditActor): Promise<{ discarded: number; notFound: number }> {
    const r = await this.apply('discard', destination, target, actor, new RateLimiter(1_000_000));
    return { discarded: r.replayed, notFound: r.notFound };
  }

  /**
   * Audit trail of one destination, newest first: operator actions and (unless `reads: false`)
   * the reads still within the retention, merged in the order they were written.
   */
  async audit(destination: string, options: { count?: number; reads?: boolean } = {}): Promise<AuditEntry[]> {
    const keys = this.ctx.keys(destination);
    const count = options.count ?? 100;
    const newest = (key: string) => this.ctx.client.xrevrange(key, '+', '-', 'COUNT', count) as Promise<Array<[string, string[]]>>;
    const [actions, reads] = await Promise.all([newest(keys.audit), options.reads === false ? [] : newest(keys.auditReads)]);
    const rows: Array<[string, string[]]> = [];
    let a = 0;
    let r = 0;
    while (rows.length < count && (a < actions.length || r < reads.length)) {
      const takeRead = a >= actions.length || (r < reads.length && newer(reads[r]!, actions[a]!));
      rows.push(takeRead ? reads[r++]! : actions[a++]!);
    }
    return rows.map((row) => auditEntry(destination, row));
  }

  private async apply(
    script: 'replay' | 'discard',
    destination: string,
    target: ReplayTarget,
    actor: AuditActor,
    limiter: RateLimiter,
  ): Promise<{ replayed: number; notFound: number }> {
    checkActor(actor);
    const keys = this.ctx.keys(destination);
    const ids = await this.targetIds(keys, target);
    const total = { replayed: 0, notFound: 0 };
    for (let i = 0; i < ids.length; i += limiter.chunk) {
      const chunk = ids.slice(i, i + limiter.chunk);
      await limiter.take(chunk.length);
      const [done, notFound] = (await this.ctx.scripts.run(script, keys, { now: this.ctx.now(), who: actor.who, why: actor.why, messageIds: chunk })) as [
        number,
        number,
      ];
      total.replayed += done;
      total.notFound += notFound;
    }
    return total;
  }

  private async targetIds(keys: DestinationKeys, target: ReplayTarget): Promise<string[]> {
    if ('messageId' in target) return [target.messageId];
    if ('orderKey' in target) {
      // A case has at most one dead letter: its head, recorded as `dead:<messageId>`.
      const state = await this.ctx.client.hget(keys.blocked, target.orderKey);
      return state?.startsWith('dead:') ? [state.slice('dead:'.length)] : [];
    }
    // Snapshot: letters that die again during a long replay are not replayed in a loop.
    return this.ctx.client.zrangebyscore(keys.deadIndex, '-inf', '+inf');
  }

  /** Writes a read (list, inspect) and drops the reads older than the retention (one script). */
  private async record(keys: DestinationKeys, action: 'list' | 'inspect', actor: AuditActor, extra: Record<string, string>): Promise<void> {
    const fields: string[] = ['action', action, 'who', actor.who, 'why', actor.why, 'at', String(this.ctx.now())];
    for (const [k, v] of Object.entries(extra)) fields.push(k, v);
    await this.ctx.scripts.run('auditRead', keys, { retentionMs: Math.round(this.ctx.auditRetentionMs), fields });
  }
}
