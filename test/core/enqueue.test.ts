import { describe, expect, test } from 'vitest';
import { ConfigurationError, Forwarder, ValidationError } from '../../core';
import { startRedisServer } from '../support/redis-server';
import { sharedRedis } from '../support/shared-redis';
import { createForwarder, IdempotentReceiver, message, uniquePrefix, closeAfterTest, waitFor } from './helpers';

/** The run's shared Redis (test/support/global-setup.ts); each test keeps to its own prefix. */
const redis = sharedRedis();

const DEST = 'court-440105';

describe('idempotent enqueue', () => {
  test('a resend within the window is reported as duplicate and never queued twice', async () => {
    const fwd = await createForwarder(redis.url);
    expect(await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' })).toEqual({ messageId: 'm-1', status: 'enqueued' });
    expect(await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' })).toEqual({ messageId: 'm-1', status: 'duplicate' });
    // Same id under another order key is still the same message.
    expect((await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-2' })).status).toBe('duplicate');
    expect((await fwd.figures(DEST)).queued).toBe(1);

    const rx = new IdempotentReceiver();
    fwd.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { blockMs: 200 });
    await waitFor(async () => (await fwd.figures(DEST)).delivered === 1);
    // After delivery, still a duplicate within the window.
    expect((await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' })).status).toBe('duplicate');
    await new Promise((r) => setTimeout(r, 100));
    expect(rx.deliveries.get('m-1')).toBe(1);
    expect((await fwd.figures(DEST)).delivered).toBe(1);
    await fwd.close();
  });

  test('idempotency is per destination', async () => {
    const fwd = await createForwarder(redis.url);
    expect((await fwd.enqueue('court-1', message('m-1'), { orderKey: 'c' })).status).toBe('enqueued');
    expect((await fwd.enqueue('court-2', message('m-1'), { orderKey: 'c' })).status).toBe('enqueued');
    await fwd.close();
  });

  test('enqueueMany reports duplicates inside the batch and against earlier ones, in input order', async () => {
    const fwd = await createForwarder(redis.url);
    await fwd.enqueue(DEST, message('a'), { orderKey: 'k' });
    const results = await fwd.enqueueMany(DEST, [
      { message: message('a'), orderKey: 'k' },
      { message: message('b'), orderKey: 'k' },
      { message: message('b'), orderKey: 'k' },
      { message: message('c'), orderKey: 'j' },
    ]);
    expect(results.map((r) => `${r.messageId}:${r.status}`)).toEqual(['a:duplicate', 'b:enqueued', 'b:duplicate', 'c:enqueued']);
    expect((await fwd.figures(DEST)).queued).toBe(3);
    await fwd.close();
  });

  test('window expiry on the clock: after the window a delivered message may be sent again', async () => {
    let now = Date.UTC(2024, 0, 1);
    const windowMs = 30 * 86_400_000;
    const fwd = await createForwarder(redis.url, { now: () => now });
    expect(fwd).toBeInstanceOf(Forwarder);
    const rx = new IdempotentReceiver();
    fwd.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { blockMs: 200 });
    await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' });
    await waitFor(async () => (await fwd.figures(DEST)).delivered === 1);
    now += windowMs - 1;
    expect((await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' })).status).toBe('duplicate');
    now += 2;
    expect((await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' })).status).toBe('enqueued');
    await waitFor(async () => (await fwd.figures(DEST)).delivered === 2);
    expect(rx.deliveries.get('m-1')).toBe(2);
    await fwd.close();
  });

  test('a message still undelivered (or dead) past the window is still a duplicate', async () => {
    let now = Date.UTC(2024, 0, 1);
    const fwd = await createForwarder(redis.url, { now: () => now, dedupWindowMs: 1000 });
    await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' });
    now += 10_000;
    expect((await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' })).status).toBe('duplicate');
    expect((await fwd.figures(DEST)).queued).toBe(1);
    await fwd.close();
  });

  test('short real-time window', async () => {
    const fwd = await createForwarder(redis.url, { dedupWindowMs: 150 });
    fwd.consume(DEST, () => ({ kind: 'accepted' }), { blockMs: 200 });
    await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' });
    await waitFor(async () => (await fwd.figures(DEST)).delivered === 1);
    expect((await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' })).status).toBe('duplicate');
    await new Promise((r) => setTimeout(r, 200));
    expect((await fwd.enqueue(DEST, message('m-1'), { orderKey: 'case-1' })).status).toBe('enqueued');
    await waitFor(async () => (await fwd.figures(DEST)).delivered === 2);
    await fwd.close();
  });

  test('invalid input is refused with ValidationError', async () => {
    const fwd = await createForwarder(redis.url);
    await expect(fwd.enqueue(DEST, { messageId: '' }, { orderKey: 'k' })).rejects.toBeInstanceOf(ValidationError);
    await expect(fwd.enqueue(DEST, message('x'), { orderKey: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(fwd.enqueue('bad{dest}', message('x'), { orderKey: 'k' })).rejects.toBeInstanceOf(ValidationError);
    await fwd.close();
    await expect(fwd.enqueue(DEST, message('x'), { orderKey: 'k' })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('durability and server checks at start', () => {
  test("'fsync-always' refuses a server without appendonly/appendfsync always; the check can be skipped", async () => {
    const options = { redis: { url: redis.url }, prefix: uniquePrefix(), durability: 'fsync-always' as const };
    const err = await Forwarder.create(options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).code).toBe('FSYNC_POLICY');
    const fwd = await Forwarder.create({ ...options, checkDurability: false });
    await fwd.close();
  });

  test("'fsync-always' accepts a server with appendonly yes / appendfsync always", async () => {
    const aof = closeAfterTest(await startRedisServer({ aof: true, appendfsync: 'always' }));
    try {
      const fwd = await Forwarder.create({ redis: { url: aof.url }, prefix: uniquePrefix(), durability: 'fsync-always' });
      expect((await fwd.enqueue(DEST, message('m-1'), { orderKey: 'k' })).status).toBe('enqueued');
      await fwd.close();
    } finally {
      await aof.stop();
    }
  });

  test("'waitaof' is refused on a Redis older than 7.2 (no WAITAOF), and never silently skipped", async () => {
    const durability = { mode: 'waitaof' as const, numlocal: 1, numreplicas: 0, timeoutMs: 1000 };
    const options = { redis: { url: redis.url }, prefix: uniquePrefix(), durability };
    const probe = await createForwarder(redis.url);
    const info = await probe.client.info('server');
    await probe.close();
    const version = /redis_version:(\S+)/.exec(info)![1]!;
    const [major, minor] = version.split('.').map(Number) as [number, number];
    if (major > 7 || (major === 7 && minor >= 2)) return; // a newer server supports it
    const err = await Forwarder.create(options).catch((e: unknown) => e);
    expect((err as ConfigurationError).code).toBe('WAITAOF_UNSUPPORTED');
    // Forced past the check, the enqueue fails rather than returning without the durability proof.
    const fwd = await Forwarder.create({ ...options, checkDurability: false });
    await expect(fwd.enqueue(DEST, message('m-1'), { orderKey: 'k' })).rejects.toThrow(/WAITAOF|unknown command/i);
    await fwd.close();
  });

  test('start-up refuses a maxmemory-policy other than noeviction; the check can be turned off', async () => {
    const lru = closeAfterTest(await startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lru'] }));
    try {
      const options = { redis: { url: lru.url }, prefix: uniquePrefix(), durability: 'none' as const };
      const err = await Forwarder.create(options).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigurationError);
      expect((err as ConfigurationError).code).toBe('EVICTION_POLICY');
      expect((err as Error).message).toMatch(/allkeys-lru/);
      const fwd = await Forwarder.create({ ...options, checkEvictionPolicy: false });
      expect((await fwd.enqueue(DEST, message('m-1'), { orderKey: 'k' })).status).toBe('enqueued');
      await fwd.close();
    } finally {
      await lru.stop();
    }
  });
});
