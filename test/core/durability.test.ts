import { afterAll, beforeAll, expect, test } from 'vitest';
import { BackpressureError, Forwarder } from '../../core';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { IdempotentReceiver, message, sleep, uniquePrefix, closeAfterTest, waitFor } from './helpers';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer({ aof: true, appendfsync: 'always' });
});
afterAll(async () => {
  await redis?.stop();
});

const DEST = 'court-440105';

async function enqueueWhenUp(fwd: Forwarder, id: string, orderKey: string): Promise<void> {
  await waitFor(
    async () => {
      try {
        await fwd.enqueue(DEST, message(id), { orderKey });
        return true;
      } catch (err) {
        if (err instanceof BackpressureError) return false;
        throw err;
      }
    },
    15_000,
    'Redis to accept writes again',
  );
}

test('kill -9 of redis-server under appendfsync always: every enqueue that returned is delivered after restart', async () => {
  const prefix = uniquePrefix('aof');
  const fwd = await Forwarder.create({ redis: { url: redis.url }, prefix, durability: 'fsync-always' });
  const acknowledged = new Set<string>();
  const errors: string[] = [];
  let crashed = false;
  const producer = async (p: number) => {
    for (let n = 0; !crashed || errors.length === 0; n++) {
      const id = `p${p}-${n}`;
      try {
        await fwd.enqueue(DEST, message(id), { orderKey: `case-${n % 5}` });
        acknowledged.add(id);
      } catch (err) {
        expect(err).toBeInstanceOf(BackpressureError);
        errors.push((err as BackpressureError).code);
        return;
      }
    }
  };
  const producers = [0, 1, 2, 3].map(producer);
  await waitFor(() => acknowledged.size >= 100, 10_000, '100 acknowledged enqueues');
  crashed = true;
  await redis.kill9();
  await Promise.all(producers);
  await fwd.close();
  await redis.restart();
  expect(errors.every((code) => code === 'REDIS_UNAVAILABLE')).toBe(true);

  const after = await Forwarder.create({ redis: { url: redis.url }, prefix, durability: 'fsync-always' });
  const rx = new IdempotentReceiver();
  after.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { concurrency: 16, blockMs: 200 });
  await waitFor(() => [...acknowledged].every((id) => rx.effects.has(id)), 15_000, 'every acknowledged message');
  await waitFor(async () => (await after.figures(DEST)).queued + (await after.figures(DEST)).inFlight === 0, 5000, 'drain');
  // Per case, the order of delivery is the order of enqueue.
  for (const [, ids] of rx.orderByCase) {
    for (let p = 0; p < 4; p++) {
      const mine = ids.filter((id) => id.startsWith(`p${p}-`)).map((id) => Number(id.split('-')[1]));
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
    }
  }
  await after.close();
}, 60_000);

test('a Redis restart while consumers block in XREADGROUP: they resume by themselves', async () => {
  const fwd = await Forwarder.create({ redis: { url: redis.url }, prefix: uniquePrefix('restart'), durability: 'fsync-always' });
  const rx = new IdempotentReceiver();
  fwd.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { blockMs: 300 });
  fwd.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { blockMs: 5000 });
  await fwd.enqueue(DEST, message('before'), { orderKey: 'case-1' });
  await waitFor(() => rx.effects.has('before'));
  await sleep(100); // both consumers are blocked now
  await redis.kill9();
  await sleep(300);
  await redis.restart();
  await enqueueWhenUp(fwd, 'after', 'case-1');
  await enqueueWhenUp(fwd, 'after-2', 'case-2');
  await waitFor(() => rx.effects.has('after') && rx.effects.has('after-2'), 15_000, 'deliveries after the restart');
  await fwd.close();
}, 40_000);

test('Redis comes back empty (no persistence): consumers recreate their group and go on', async () => {
  const volatile = closeAfterTest(await startRedisServer());
  try {
    const fwd = await Forwarder.create({ redis: { url: volatile.url }, prefix: uniquePrefix('empty'), durability: 'none' });
    const rx = new IdempotentReceiver();
    fwd.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { blockMs: 300 });
    await fwd.enqueue(DEST, message('before'), { orderKey: 'case-1' });
    await waitFor(() => rx.effects.has('before'));
    await volatile.kill9();
    await volatile.restart();
    await enqueueWhenUp(fwd, 'after', 'case-1');
    await waitFor(() => rx.effects.has('after'), 15_000, 'delivery after the restart');
    await fwd.close();
  } finally {
    await volatile.stop();
  }
}, 40_000);
