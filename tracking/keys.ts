import { crc32 } from 'node:zlib';
import { isValidKeyPrefix, redisKey, taggedKey } from '../core/key-scheme';
import { TrackingInputError } from './errors';

/** Buckets of the number → caseUid index: small hashes up to about 2 million numbers. */
export const REFERENCE_BUCKETS = 16_384;

/**
 * Redis key names of case tracking. Keys of one case share the hash tag `{case:<caseUid>}`, keys
 * of one district `{district:<code>}`, the figure records `{figures}`: every Lua script touches
 * keys of one tag only, so it stays inside one Redis Cluster slot.
 */
export interface CaseKeys {
  /** Hash: `v` version, `r` case record with its timeline (deflated JSON), `d:<digest>` messages already observed. */
  record: string;
  /** List of follow-up operations on other slots (`<version>|<json>`), emptied after they ran. */
  outbox: string;
}

export interface DistrictKeys {
  /** Sorted set `<caseUid>|<clockKey>` → next alert time (ms) of every running clock. */
  due: string;
  /** Hash `<caseUid>|<clockKey>` → deadline record (see deadline-record.ts). */
  deadlines: string;
  /** Hash caseUid → the alerts claimed for that case (see alert-log.ts). */
  alertLog: string;
  /** Hash supervision order id → order JSON, for orders someone acted on (explained, closed). */
  orders: string;
  /** Sorted set of open supervision order ids → opened at (ms). */
  openOrders: string;
  /** Hash `<day>|<clock>|<level>` → alerts claimed (figures). */
  alertCounts: string;
}

export interface FigureKeys {
  /** Hash `<caseUid>|<clock>|<run>` → closed step record, per Beijing month of the stop. */
  steps(month: string): string;
  /** Hash messageId → exchange latency record, per Beijing month of receipt. */
  latency(month: string): string;
  /** Hash id → event record (violation, anomaly, alert), per Beijing month. */
  events(month: string): string;
  /** Hash caseUid → case outcome record (end-to-end, fast track, adoption). */
  cases: string;
  /** Set of months that hold records. */
  months: string;
}

export class TrackingKeys {
  constructor(readonly prefix: string) {
    if (!isValidKeyPrefix(prefix)) {
      throw new TrackingInputError('prefix', 'must be a non-empty string without braces or whitespace', '应为不含花括号和空白的非空字符串');
    }
  }

  case(caseUid: string): CaseKeys {
    const base = taggedKey(this.prefix, `case:${caseUid}`);
    return { record: base, outbox: `${base}:outbox` };
  }

  /** Pattern matching every case record (and outbox: skip keys ending in `:outbox`). */
  casePattern(): string {
    return `${this.prefix}:{case:*}`;
  }

  /** Pattern matching every case outbox (used by `recover`). */
  outboxPattern(): string {
    return taggedKey(this.prefix, 'case:*', 'outbox');
  }

  district(district: string): DistrictKeys {
    const base = taggedKey(this.prefix, `district:${district}`);
    return {
      due: `${base}:due`,
      deadlines: `${base}:deadlines`,
      alertLog: `${base}:alert-log`,
      orders: `${base}:orders`,
      openOrders: `${base}:open-orders`,
      alertCounts: `${base}:alert-counts`,
    };
  }

  /** Set of districts that ever had a deadline (scanned by `scanDeadlines`). */
  districts(): string {
    return redisKey(this.prefix, 'districts');
  }

  /**
   * Hash normalised case number → caseUid. Numbers are spread over REFERENCE_BUCKETS small hashes
   * (compact listpack encoding) rather than one string key each.
   */
  reference(normalizedNumber: string): string {
    return redisKey(this.prefix, 'refs', (crc32(normalizedNumber) % REFERENCE_BUCKETS).toString(16));
  }

  /**
   * Hash `<senderOrg>|<messageId>|<receiverOrg>` → `caseUid|process`: the case and process a message
   * belongs to, so a reply naming it (inReplyTo) joins the same case and process. Keyed by the
   * sender, so one sender's ids never shadow another's.
   */
  messageRef(field: string): string {
    return `${this.prefix}:msgrefs:${(crc32(field) % REFERENCE_BUCKETS).toString(16)}`;
  }

  /** Counter of case sequence numbers per division and year. */
  sequence(division: string, year: number): string {
    return redisKey(this.prefix, 'seq', division, year);
  }

  figures(): FigureKeys {
    const base = taggedKey(this.prefix, 'figures');
    return {
      steps: (month) => `${base}:steps:${month}`,
      latency: (month) => `${base}:latency:${month}`,
      events: (month) => `${base}:events:${month}`,
      cases: `${base}:cases`,
      months: `${base}:months`,
    };
  }
}
