import { ValidationError } from './errors';
import { isValidKeyPrefix, redisKey, taggedKey } from './key-scheme';

/**
 * Redis key names. Every key of one destination carries the hash tag `{dest:<id>}` so the Lua
 * scripts that touch several of them stay inside one Redis Cluster slot.
 */
export interface DestinationKeys {
  /** Stream of "ready" messages (only the head of each case lane is ever in it). */
  stream: string;
  /** Hash: `p<messageId>` → payload of a message not carrying it in its stream entry (waiting in a
   *  lane, released from one, or retrying); `h<messageId>` → JSON header of a retrying message. */
  msgs: string;
  /** Sorted set messageId → first enqueue time: the idempotency window. */
  seen: string;
  /** Sorted set messageId → enqueue time of every undelivered, non-dead message (backlog, age). */
  pending: string;
  /** Hash orderKey → number of the case's messages not yet completed (head + waiting); busy cases only. */
  heads: string;
  /** Hash orderKey → 'retry:<messageId>' | 'dead:<messageId>' for lanes whose head is not flowing (successors parked). */
  blocked: string;
  /** Sorted set messageId → due time of retrying messages. */
  retry: string;
  /** Hash messageId → dead letter JSON. */
  dead: string;
  /** Sorted set messageId → dead-letter time. */
  deadIndex: string;
  /** Hash of counters: `delivered`, latency histogram buckets `h<i>`. */
  stats: string;
  /** Stream of the operator actions on dead letters — replay, discard — with who, when, why. Never
   *  trimmed by the core. */
  audit: string;
  /** Stream of dead-letter reads (list, inspect) with who, when, why; trimmed to the audit
   *  retention on every write. */
  auditReads: string;
  /** Counter numbering the entries of both audit streams (field `n`), so they merge in order. */
  auditSeq: string;
  /** Prefix of the per-case lane lists: `<lanePrefix><orderKey>` = waiting messages, FIFO, two
   *  elements each (messageId, enqueue time). */
  lanePrefix: string;
}

export function destinationKeys(prefix: string, destination: string): DestinationKeys {
  validateDestination(destination);
  const base = `${taggedKey(prefix, `dest:${destination}`)}:`;
  return {
    stream: `${base}stream`,
    msgs: `${base}msgs`,
    seen: `${base}seen`,
    pending: `${base}pending`,
    heads: `${base}heads`,
    blocked: `${base}blocked`,
    retry: `${base}retry`,
    dead: `${base}dead`,
    deadIndex: `${base}dead-index`,
    stats: `${base}stats`,
    audit: `${base}audit`,
    auditReads: `${base}audit-reads`,
    auditSeq: `${base}audit-seq`,
    lanePrefix: `${base}lane:`,
  };
}

/** Set of every destination ever used (its own slot; updated outside the scripts). */
export function destinationsKey(prefix: string): string {
  return redisKey(prefix, 'destinations');
}

export function validateDestination(destination: string): void {
  if (typeof destination !== 'string' || destination.length === 0 || destination.length > 200) {
    throw new ValidationError('destination must be a non-empty string of at most 200 characters');
  }
  if (/[{}\s]/.test(destination)) {
    throw new ValidationError(`destination "${destination}" must not contain braces or whitespace`);
  }
}

export function validatePrefix(prefix: string): void {
  if (!isValidKeyPrefix(prefix)) {
    throw new ValidationError('prefix must be a non-empty string without braces or whitespace');
  }
}
