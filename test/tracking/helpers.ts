import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { SAMPLE_CN_CALENDAR_2022_2026, type UnifiedMessage } from '../../standard';
import { Tracker, type Observation, type TrackerOptions } from '../../tracking';
import type { RedisServer } from '../support/redis-server';
import { sharedRedis } from '../support/shared-redis';
import { TestClock } from '../support/timing';

/** A real redis-server for one test file; each test takes its own key prefix. */
export interface TrackingEnv {
  server: RedisServer;
  redis: Redis;
  /** A fresh, unused prefix. */
  prefix(): string;
  /** Extra connections opened by the tests (closed at the end). */
  connect(options?: RedisOptions): Redis;
  stop(): Promise<void>;
}

/** The file's TrackingEnv: made before its tests (handed to `use`), stopped after them. */
export function trackingEnvForFile(use: (env: TrackingEnv) => void): void {
  let env: TrackingEnv | undefined;
  beforeAll(async () => {
    env = await trackingEnv();
    use(env);
  });
  afterAll(async () => {
    await env?.stop();
  });
}

export async function trackingEnv(): Promise<TrackingEnv> {
  const server = sharedRedis();
  const redis = new Redis(server.url);
  const extra: Redis[] = [];
  let n = 0;
  // The shared server outlives this file: another file in this worker must not reuse its prefixes.
  const run = randomBytes(3).toString('hex');
  return {
    server,
    redis,
    prefix: () => `t${process.pid}x${run}x${(n += 1)}`,
    connect: (options = {}) => {
      const client = new Redis(server.url, options);
      extra.push(client);
      return client;
    },
    async stop() {
      redis.disconnect();
      for (const client of extra) client.disconnect();
      await server.stop();
    },
  };
}

/** A settable clock. */
export { TestClock };

export function newTracker(redis: Redis, prefix: string, clock: TestClock, options: Partial<TrackerOptions> = {}): Tracker {
  return new Tracker({ redis, prefix, calendar: SAMPLE_CN_CALENDAR_2022_2026, now: clock.now, ...options });
}

/** Observes messages in order, each received at its sentAt (the clock moves along). */
export async function observeAll(tracker: Tracker, clock: TestClock, messages: UnifiedMessage[]): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const message of messages) {
    clock.set(Math.max(clock.ms, Date.parse(message.sentAt)));
    out.push(await tracker.observe(message, { receivedAt: Date.parse(message.sentAt) }));
  }
  return out;
}
