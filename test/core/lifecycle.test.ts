import type { Redis } from 'ioredis';
import { expect, test } from 'vitest';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { redisForFile } from '../support/shared-redis';
import { PROMPTLY_MS } from '../support/timing';
import { createForwarder, IdempotentReceiver, message, sleep, uniquePrefix, closeAfterTest, waitFor } from './helpers';

let redis: RedisServer;
let admin: Redis;
// A server of its own: the first test counts every client connected, and the shared servers serve other files' workers at the same time.
redisForFile('own', (r) => ({ server: redis, client: admin } = r));

const DEST = 'court-440105';

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return { Timeout: counts.Timeout ?? 0, TCPSocketWrap: counts.TCPSocketWrap ?? 0 };
}

async function connectedClients(): Promise<number> {
  return ((await admin.client('LIST')) as string).trim().split('\n').length;
}

test('close() stops consumers and leaves no timers or connections behind', async () => {
  const clientsBefore = await connectedClients();
  await sleep(100); // let the runner's own start-up timer pass
  const before = handles();
  const fwd = await createForwarder(redis.url, { figuresIntervalMs: 20, defaults: { backoff: { initialMs: 30 } } });
  fwd.on('figures', () => undefined);
  const rx = new IdempotentReceiver();
  fwd.consume(DEST, (d) => (d.attempt === 1 && d.messageId === 'm1' ? { kind: 'retryable', reason: 'x' } : rx.receive(d.messageId, d.orderKey)), {
    blockMs: 30_000,
  });
  fwd.consume('court-2', () => ({ kind: 'accepted' }), { handlerTimeoutMs: 100, claimMinIdleMs: 300 });
  for (let i = 0; i < 5; i++) await fwd.enqueue(DEST, message(`m${i}`), { orderKey: `c${i}` });
  await waitFor(() => rx.effects.size === 5);
  expect(await connectedClients()).toBe(clientsBefore + 3);
  const started = Date.now();
  await fwd.close();
  expect(Date.now() - started).toBeLessThan(PROMPTLY_MS); // a blocked XREADGROUP (30 s) does not hold close()
  await fwd.close(); // idempotent
  await sleep(50);
  // Nothing of the forwarder's is left: no more timers or sockets than before it was created (a
  // timer of the test runner's own that was pending before may be gone by now).
  const after = handles();
  expect(after.Timeout, JSON.stringify({ before, after })).toBeLessThanOrEqual(before.Timeout!);
  expect(after.TCPSocketWrap, JSON.stringify({ before, after })).toBeLessThanOrEqual(before.TCPSocketWrap!);
  await waitFor(async () => (await connectedClients()) === clientsBefore, 2000, 'server-side connections closed');
});

test('a delivery abandoned at stop stays pending: recovered at once under the same consumer name, or reclaimed by another', async () => {
  const prefix = uniquePrefix('abandon');
  const fwd = await createForwarder(redis.url, { prefix });
  const hang = () => new Promise<DeliveryOutcome>(() => undefined);
  const first = fwd.consume(DEST, hang, { consumer: 'node-1', stopGraceMs: 50, blockMs: 200 });
  await fwd.enqueue(DEST, message('m1'), { orderKey: 'c1' });
  await waitFor(async () => (await fwd.figures(DEST)).inFlight === 1);
  const t0 = Date.now();
  await first.stop();
  expect(Date.now() - t0).toBeLessThan(PROMPTLY_MS); // the hanging handler is given up after the 50 ms grace, not awaited
  expect((await fwd.figures(DEST)).inFlight).toBe(1);

  // Same name: its own pending entries come first, without waiting for min-idle.
  const seen: Array<{ attempt: number; at: number }> = [];
  const again = fwd.consume(DEST, (d) => (seen.push({ attempt: d.attempt, at: Date.now() }), hang()), {
    consumer: 'node-1',
    stopGraceMs: 50,
    blockMs: 200,
  });
  await waitFor(() => seen.length === 1, 2000);
  expect(seen[0]!.attempt).toBe(2);
  await again.stop();

  // Another name: XAUTOCLAIM once the entry has been idle claimMinIdleMs since its last delivery.
  const rx = new IdempotentReceiver();
  fwd.consume(DEST, (d) => (seen.push({ attempt: d.attempt, at: Date.now() }), rx.receive(d.messageId, d.orderKey)), {
    consumer: 'node-2',
    handlerTimeoutMs: 100,
    claimMinIdleMs: 400,
    reclaimIntervalMs: 50,
    blockMs: 200,
  });
  await waitFor(() => rx.effects.has('m1'), 3000);
  expect(seen[1]!.attempt).toBe(3);
  expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(390);
  await waitFor(async () => (await fwd.figures(DEST)).delivered === 1);
  await fwd.close();
});

test('a message whose deliveries keep getting interrupted is dead-lettered at the attempt limit', async () => {
  const fwd = await createForwarder(redis.url, { defaults: { maxAttempts: 2 } });
  const hang = () => new Promise<DeliveryOutcome>(() => undefined);
  await fwd.enqueue(DEST, message('poison'), { orderKey: 'c1' });
  for (let i = 0; i < 2; i++) {
    const c = fwd.consume(DEST, hang, { consumer: 'node-1', stopGraceMs: 20, blockMs: 200 });
    await waitFor(async () => (await fwd.figures(DEST)).inFlight === 1 && c.inFlight === 1);
    await c.stop();
  }
  let calls = 0;
  fwd.consume(DEST, () => (calls++, { kind: 'accepted' }), { consumer: 'node-1', blockMs: 200 });
  await waitFor(async () => (await fwd.figures(DEST)).dead === 1);
  expect(calls).toBe(0);
  const letter = await fwd.deadLetters.inspect(DEST, 'poison', { who: 't', why: 't' });
  expect(letter).toMatchObject({ attempts: 2 });
  expect(letter!.reason).toMatch(/attempt limit \(2\) reached; the last delivery was interrupted/);
  await fwd.close();
});

test('close() while Redis is down (clients reconnecting) returns promptly and leaves nothing running', async () => {
  const doomed = closeAfterTest(await startRedisServer());
  const fwd = await createForwarder(doomed.url);
  const rx = new IdempotentReceiver();
  fwd.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { blockMs: 30_000 });
  fwd.consume(DEST, (d) => rx.receive(d.messageId, d.orderKey), { blockMs: 200 });
  await fwd.enqueue(DEST, message('m1'), { orderKey: 'c1' });
  await waitFor(() => rx.effects.has('m1'));
  await sleep(50);
  await doomed.kill9();
  await sleep(300); // the blocking clients are reconnecting now
  const started = Date.now();
  await fwd.close();
  expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
  await doomed.stop();
});
