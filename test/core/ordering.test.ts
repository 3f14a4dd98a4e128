import { afterAll, beforeAll, test } from 'vitest';
import { type RedisServer } from '../support/redis-server';
import { sharedRedis } from '../support/shared-redis';
import { orderingScenario } from './scenarios';

let redis: RedisServer;
beforeAll(async () => {
  redis = sharedRedis();
});
afterAll(async () => {
  await redis?.stop();
});

test('several consumers on one destination: per-case order, one delivery in flight per case, one effect each', async () => {
  await orderingScenario({ redis: { url: redis.url }, consumers: 3, cases: 20, perCase: 15 });
});

test('one consumer with high concurrency keeps per-case order too', async () => {
  await orderingScenario({ redis: { url: redis.url }, consumers: 1, cases: 5, perCase: 40 });
});
