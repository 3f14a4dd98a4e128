import { afterAll, beforeAll, expect, test } from 'vitest';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { buildCoreForChildren, removeChildBuild } from './child-build';
import { crashScenario } from './scenarios';

let redis: RedisServer;
beforeAll(async () => {
  [redis] = await Promise.all([startRedisServer(), buildCoreForChildren()]);
});
afterAll(async () => {
  removeChildBuild();
  await redis?.stop();
});

test('consumer processes SIGKILLed mid-stream many times: zero lost, one effect per message, order kept', async () => {
  const { deliveries, total, killsMidStream } = await crashScenario({
    redis: { url: redis.url },
    destinations: ['court-440105', 'proc-440105'],
    cases: 10,
    perCase: 30,
    kills: 8,
  });
  // The kills hit deliveries in flight (left pending for reclaim); redeliveries are expected and
  // the receiver had exactly one effect per message (checked in the scenario).
  expect(killsMidStream).toBeGreaterThanOrEqual(4);
  expect(deliveries).toBeGreaterThanOrEqual(total);
  console.log(`crash test: ${total} messages, ${deliveries} deliveries, ${killsMidStream} kills with deliveries in flight`);
}, 90_000);
