import type { DestinationKeys } from './keys';
import type { ScriptCommands } from './commands';

/** Upper bounds (ms) of the delivery latency histogram buckets; the last one is open. */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  1,
  2,
  5,
  10,
  25,
  50,
  100,
  250,
  500,
  1_000,
  2_500,
  5_000,
  10_000,
  30_000,
  60_000,
  300_000,
  900_000,
  3_600_000,
  Number.POSITIVE_INFINITY,
];

export function latencyBucket(ms: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (ms <= LATENCY_BUCKETS_MS[i]!) return i;
  return LATENCY_BUCKETS_MS.length - 1;
}

export interface LatencyHistogram {
  /** Completed deliveries counted. */
  count: number;
  /** Bucket upper bound in ms (`null` = unbounded) and count. */
  buckets: Array<{ leMs: number | null; count: number }>;
  /** Bucket upper bounds containing the 50th / 90th / 99th percentile (null when empty). */
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

function percentile(buckets: LatencyHistogram['buckets'], total: number, q: number): number | null {
  if (total === 0) return null;
  const target = Math.ceil(total * q);
  let seen = 0;
  for (const b of buckets) {
    seen += b.count;
    if (seen >= target) return b.leMs;
  }
  return null;
}

/** The latency histogram of a destination's `stats` hash (`h<bucket index>` → count). */
function latencyHistogram(stats: ReadonlyMap<string, number>): LatencyHistogram {
  const buckets = LATENCY_BUCKETS_MS.map((le, i) => ({
    leMs: Number.isFinite(le) ? le : null,
    count: stats.get(`h${i}`) ?? 0,
  }));
  const count = buckets.reduce((s, b) => s + b.count, 0);
  return {
    count,
    buckets,
    p50Ms: percentile(buckets, count, 0.5),
    p90Ms: percentile(buckets, count, 0.9),
    p99Ms: percentile(buckets, count, 0.99),
  };
}

export interface DestinationFigures {
  destination: string;
  /** Waiting to be delivered (ready in the stream or behind a flowing case head). */
  queued: number;
  /** Handed to a consumer and not yet finished (retry attempts excluded: see retrying). */
  inFlight: number;
  /** Waiting for their next attempt, or on it: a retry attempt counts here (not in queued or
   *  inFlight) until it completes, is retried again or dead-lettered, so a retrying case never
   *  looks flowing in between. */
  retrying: number;
  /** Held behind a case head that is retrying or dead. */
  parked: number;
  dead: number;
  /** Completed deliveries since the destination was first used. */
  delivered: number;
  /** Cases whose head is retrying or dead. */
  blockedCases: number;
  /** Age of the oldest undelivered, non-dead message (null when none). */
  oldestAgeMs: number | null;
  /** Enqueue → complete latency. */
  latency: LatencyHistogram;
  /** When the snapshot was taken (clock ms). */
  at: number;
}

/** Reads one destination's figures in one atomic script call. */
export class FiguresReader {
  constructor(
    private readonly scripts: ScriptCommands,
    private readonly group: string,
    private readonly now: () => number,
  ) {}

  async read(destination: string, keys: DestinationKeys): Promise<DestinationFigures> {
    const reply = (await this.scripts.run('figures', keys, { group: this.group })) as [
      number,
      number,
      number,
      number,
      number,
      string,
      string[],
      number,
      number,
      number,
    ];
    const [undelivered, pel, waitingRetry, dead, parked, oldest, statsFlat, blockedCases, retryAttempts, retryAttemptsTaken] = reply;
    const inFlight = pel - retryAttemptsTaken;
    const retrying = waitingRetry + retryAttempts;
    const stats = new Map<string, number>();
    for (let i = 0; i + 1 < statsFlat.length; i += 2) stats.set(statsFlat[i]!, Number(statsFlat[i + 1]));
    const at = this.now();
    return {
      destination,
      queued: Math.max(0, undelivered - inFlight - retrying - parked),
      inFlight,
      retrying,
      parked,
      dead,
      delivered: stats.get('delivered') ?? 0,
      blockedCases,
      oldestAgeMs: oldest === '' ? null : Math.max(0, at - Number(oldest)),
      latency: latencyHistogram(stats),
      at,
    };
  }
}
