/**
 * Fast takeover (issue 17): live consumers renew the leases of the deliveries they hold, so
 * another instance reclaims only a dead holder's deliveries, after the lease (seconds), and never
 * a slow live handler's.
 */
import { Redis } from 'ioredis';
import { expect, test } from 'vitest';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { RedisServer } from '../support/redis-server';
import { redisForFile } from '../support/shared-redis';
import { PROMPTLY_MS } from '../support/timing';
import { createForwarder, message, sleep, waitFor } from './helpers';

let redis: RedisServer;
let admin: Redis;
redisForFile('own', (r) => ({ server: redis, client: admin } = r));

test('a slow live handler keeps its delivery past the lease; a dead holder loses it after the lease', async () => {
  const fwd = await createForwarder(redis.url);
  const DEST = 'court-lease';
  await fwd.enqueue(DEST, message('slow'), { orderKey: 'c1' });
  const calls: Array<{ who: string; at: number }> = [];
  const lease = { claimMinIdleMs: 400, leaseRenewMs: 80, reclaimIntervalMs: 50, blockMs: 200 };
  // A: alive and slow (1.5 s, well past the 400 ms lease, under its handler timeout).
  const a = fwd.consume(
    DEST,
    async () => {
      calls.push({ who: 'a', at: Date.now() });
      await sleep(1500);
      return { kind: 'accepted' } as DeliveryOutcome;
    },
    { consumer: 'a', handlerTimeoutMs: 5000, ...lease },
  );
  await waitFor(() => calls.length === 1, 3000);
  // B is watching for abandoned deliveries the whole time.
  const b = fwd.consume(DEST, () => (calls.push({ who: 'b', at: Date.now() }), { kind: 'accepted' }), { consumer: 'b', ...lease });
  await waitFor(async () => (await fwd.figures(DEST)).delivered === 1, 5000);
  expect(calls.map((c) => c.who)).toEqual(['a']);
  await a.stop();

  // A dead holder: an entry read by a consumer that then disappeared (no renewals).
  await b.stop();
  await sleep(400); // a read b had blocked in Redis ends (BLOCK 200) before the next entry exists
  await fwd.enqueue(DEST, message('orphan'), { orderKey: 'c2' });
  const dead = new Redis(redis.url);
  const stream = (await admin.keys('*court-lease*:stream'))[0]!;
  const read = await dead.xreadgroup('GROUP', 'caselink', 'dead-instance', 'COUNT', 1, 'STREAMS', stream, '>');
  expect(read).not.toBeNull();
  const killedAt = Date.now();
  dead.disconnect();
  const c = fwd.consume(DEST, () => (calls.push({ who: 'c', at: Date.now() }), { kind: 'accepted' }), { consumer: 'c', ...lease });
  await waitFor(() => calls.some((x) => x.who === 'c'), 5000);
  const takeover = calls.find((x) => x.who === 'c')!.at - killedAt;
  expect(takeover).toBeGreaterThanOrEqual(350);
  expect(takeover).toBeLessThan(PROMPTLY_MS);
  await c.stop();
  await fwd.close();
});

test('the lease must cover two renewals', async () => {
  const fwd = await createForwarder(redis.url);
  expect(() => fwd.consume('court-x', () => ({ kind: 'accepted' }), { claimMinIdleMs: 100, leaseRenewMs: 80 })).toThrow(/twice leaseRenewMs/);
  await fwd.close();
});
