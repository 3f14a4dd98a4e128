import { expect, test } from 'vitest';
import { BackpressureError, Forwarder } from '../../core';
import { freePort } from '../support/free-port';
import { startRedisServer } from '../support/redis-server';
import { sharedRedis } from '../support/shared-redis';
import { PROMPTLY_MS } from '../support/timing';
import { createForwarder, IdempotentReceiver, message, uniquePrefix, closeAfterTest, waitFor } from './helpers';

/** The run's shared Redis (test/support/global-setup.ts); each test keeps to its own prefix. */
const redis = sharedRedis();

const DEST = 'court-440105';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackpressureError);
  return (err as BackpressureError).code;
}

test('backlog limit: enqueue throws BACKLOG_FULL (a batch is all or nothing) and recovers after delivery', async () => {
  const fwd = await createForwarder(redis.url, { destinations: { [DEST]: { maxBacklog: 5 } } });
  for (let i = 0; i < 4; i++) await fwd.enqueue(DEST, message(`m${i}`), { orderKey: `c${i % 2}` });
  expect(
    await codeOf(
      fwd.enqueueMany(DEST, [
        { message: message('m4'), orderKey: 'c' },
        { message: message('m5'), orderKey: 'c' },
      ]),
    ),
  ).toBe('BACKLOG_FULL');
  expect((await fwd.figures(DEST)).queued).toBe(4);
  await fwd.enqueue(DEST, message('m4'), { orderKey: 'c' });
  const err = await fwd.enqueue(DEST, message('m5'), { orderKey: 'c' }).catch((e: unknown) => e);
  expect((err as BackpressureError).code).toBe('BACKLOG_FULL');
  expect((err as BackpressureError).messageKey).toBe('caselink.core.BACKLOG_FULL');
  // A duplicate is still answered while full: nothing new to store.
  expect((await fwd.enqueue(DEST, message('m0'), { orderKey: 'c0' })).status).toBe('duplicate');
  // Other destinations are not affected.
  expect((await fwd.enqueue('court-other', message('m5'), { orderKey: 'c' })).status).toBe('enqueued');
  const rx = new IdempotentReceiver();
  fwd.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { blockMs: 200 });
  await waitFor(async () => (await fwd.figures(DEST)).delivered === 5);
  expect((await fwd.enqueue(DEST, message('m5'), { orderKey: 'c' })).status).toBe('enqueued');
  await fwd.close();
});

test('Redis at maxmemory (noeviction): enqueue throws REDIS_OOM at once, writes nothing, and completions still work', async () => {
  const small = closeAfterTest(await startRedisServer({ args: ['--maxmemory', '2mb'] }));
  try {
    const fwd = await Forwarder.create({ redis: { url: small.url }, prefix: uniquePrefix(), durability: 'none', defaults: { maxBacklog: 0 } });
    const pad = 'x'.repeat(2048);
    let accepted = 0;
    let code = '';
    let failedAfterMs = Infinity;
    for (let i = 0; i < 5000 && !code; i++) {
      const started = Date.now();
      try {
        await fwd.enqueue(DEST, message(`m${i}`, { pad }), { orderKey: `c${i % 10}` });
        accepted++;
      } catch (err) {
        expect(err).toBeInstanceOf(BackpressureError);
        code = (err as BackpressureError).code;
        failedAfterMs = Date.now() - started;
      }
    }
    expect(code).toBe('REDIS_OOM');
    expect(failedAfterMs).toBeLessThan(PROMPTLY_MS); // refused by the write itself, no retrying first
    expect(accepted).toBeGreaterThan(10);
    const figures = await fwd.figures(DEST);
    expect(figures.queued).toBe(accepted); // the refused one left no trace
    // Deliveries complete under OOM (completion frees memory) and nothing is lost.
    const rx = new IdempotentReceiver();
    fwd.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { concurrency: 16, blockMs: 200 });
    await waitFor(async () => (await fwd.figures(DEST)).delivered === accepted, 10_000, 'all accepted delivered');
    expect(rx.effects.size).toBe(accepted);
    await fwd.close();
  } finally {
    await small.stop();
  }
}, 30_000);

test('Redis down: enqueue throws REDIS_UNAVAILABLE in well under a second; create fails fast too', async () => {
  const doomed = closeAfterTest(await startRedisServer());
  const fwd = await Forwarder.create({ redis: { url: doomed.url }, prefix: uniquePrefix(), durability: 'none' });
  await fwd.enqueue(DEST, message('m0'), { orderKey: 'c' });
  await doomed.kill9();
  for (let i = 1; i <= 3; i++) {
    const started = Date.now();
    expect(await codeOf(fwd.enqueue(DEST, message(`m${i}`), { orderKey: 'c' }))).toBe('REDIS_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS); // not the client's reconnect-and-retry (many seconds)
  }
  await fwd.close();
  await doomed.stop();

  const port = await freePort();
  const started = Date.now();
  expect(await codeOf(Forwarder.create({ redis: { url: `redis://127.0.0.1:${port}` }, durability: 'none' }))).toBe('REDIS_UNAVAILABLE');
  expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
});
