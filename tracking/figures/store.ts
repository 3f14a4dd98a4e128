import type { FigureKeys } from '../keys';
import { monthOf, previousMonth } from '../periods';
import { runScript, type RedisClient } from '../redis';
import type { FigureInput } from './compute';
import { unpackCaseOutcome, unpackEvent, unpackLatency, unpackStep } from './records';

/** Reads figure records back from Redis (HSCAN, so a large month never blocks Redis). */
export class FigureStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: FigureKeys,
  ) {}

  /** Records whose closing instant may fall in [from, to): the months overlapping it. */
  async load(from?: number, to?: number): Promise<FigureInput> {
    const months = await this.months(from, to);
    const [steps, latency, events, cases] = await Promise.all([
      this.readMonths(months, this.keys.steps, unpackStep),
      this.readMonths(months, this.keys.latency, unpackLatency),
      this.readMonths(months, this.keys.events, unpackEvent),
      this.readHash(this.keys.cases, unpackCaseOutcome),
    ]);
    return { steps, latency, events, cases };
  }

  /** Adds the acknowledgement time to a message's latency record. 0 = unknown message, 2 = already acknowledged. */
  async acknowledge(messageId: string, atMs: number): Promise<number> {
    const current = monthOf(atMs);
    const previous = previousMonth(current);
    const keys = {
      latestMonth: this.keys.latency(current),
      previousMonth: this.keys.latency(previous),
      earlierMonth: this.keys.latency(previousMonth(previous)),
    };
    return Number(await runScript(this.redis, 'acknowledge', keys, { messageId, acknowledgedAt: atMs }));
  }

  private async months(from?: number, to?: number): Promise<string[]> {
    const stored = (await this.redis.smembers(this.keys.months)).sort();
    const first = from === undefined ? undefined : monthOf(from);
    const last = to === undefined ? undefined : monthOf(to - 1);
    return stored.filter((month) => (first === undefined || month >= first) && (last === undefined || month <= last));
  }

  private async readMonths<T>(months: string[], keyOf: (month: string) => string, unpack: (field: string, value: string) => T): Promise<T[]> {
    const parts = await Promise.all(months.map((month) => this.readHash(keyOf(month), unpack)));
    return parts.flat();
  }

  private async readHash<T>(key: string, unpack: (field: string, value: string) => T): Promise<T[]> {
    const out: T[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(key, cursor, 'COUNT', 5000);
      for (let i = 0; i < flat.length; i += 2) out.push(unpack(flat[i]!, flat[i + 1]!));
      cursor = next;
    } while (cursor !== '0');
    return out;
  }
}
