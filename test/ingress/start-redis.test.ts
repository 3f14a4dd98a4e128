/**
 * `npm start` takes a Redis already on 6379 only when the core would accept it with the default
 * durability; otherwise it starts its own. This is the check it runs (scripts/start/redis.js).
 */
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../support/redis-server';

const { unfitForFsyncAlways, freePortFrom } = createRequire(import.meta.url)('../../scripts/start/redis.js') as {
  unfitForFsyncAlways(url: string): Promise<string | undefined>;
  freePortFrom(from: number): Promise<number>;
};

describe('npm start: is the Redis on 6379 fit for CaseLink?', () => {
  let cache: RedisServer;
  let durable: RedisServer;
  beforeAll(async () => {
    [cache, durable] = await Promise.all([startRedisServer(), startRedisServer({ aof: true, appendfsync: 'always' })]);
  });
  afterAll(async () => {
    await Promise.all([cache?.stop(), durable?.stop()]);
  });

  it('a Redis without AOF is not, and the reason names each setting', async () => {
    expect(await unfitForFsyncAlways(cache.url)).toBe('it has appendonly no, appendfsync everysec (needs appendonly yes, appendfsync always, noeviction)');
  });

  it('a Redis with AOF, appendfsync always and noeviction is', async () => {
    expect(await unfitForFsyncAlways(durable.url)).toBeUndefined();
  });

  it('a Redis that evicts is not', async () => {
    const admin = new Redis(durable.url);
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      expect(await unfitForFsyncAlways(durable.url)).toContain('maxmemory-policy allkeys-lru');
    } finally {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      admin.disconnect();
    }
  });

  it('the next free port skips one that is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      expect(await freePortFrom(port)).toBeGreaterThan(port);
    } finally {
      taken.close();
    }
  });
});
