import { test } from 'vitest';
import { sharedRedis } from '../support/shared-redis';
import { orderingScenario } from './scenarios';

/** The run's shared Redis (test/support/global-setup.ts); each test keeps to its own prefix. */
const redis = sharedRedis();

test('several consumers on one destination: per-case order, one delivery in flight per case, one effect each', async () => {
  await orderingScenario({ redis: { url: redis.url }, consumers: 3, cases: 20, perCase: 15 });
});

test('one consumer with high concurrency keeps per-case order too', async () => {
  await orderingScenario({ redis: { url: redis.url }, consumers: 1, cases: 5, perCase: 40 });
});
