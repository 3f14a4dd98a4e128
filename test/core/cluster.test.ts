import { afterAll, beforeAll, expect, test } from 'vitest';
import { destinationKeys, Forwarder } from '../../core';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster';
import { buildCoreForChildren, removeChildBuild } from './child-build';
import { message, uniquePrefix, waitFor } from './helpers';
import { crashScenario, orderingScenario } from './scenarios';

let cluster: RedisCluster;
beforeAll(async () => {
  [cluster] = await Promise.all([startRedisCluster(3), buildCoreForChildren()]);
}, 90_000);
afterAll(async () => {
  removeChildBuild();
  await cluster?.stop();
});

const config = () => ({ cluster: { nodes: cluster.nodes } });

test('every key of a destination hashes to one slot; different destinations to different slots', async () => {
  const fwd = await Forwarder.create({ redis: config(), prefix: uniquePrefix('slots'), durability: 'none' });
  const slots = new Set<number>();
  for (const destination of ['court-440105', 'proc-440105', 'psb-440105', 'legalaid-440105']) {
    const keys = Object.values(destinationKeys(fwd.prefix, destination));
    const keySlots = await Promise.all(keys.map((k) => fwd.client.call('CLUSTER', 'KEYSLOT', k) as Promise<number>));
    expect(new Set(keySlots).size).toBe(1);
    slots.add(keySlots[0]!);
  }
  expect(slots.size).toBe(4);
  // The whole API works through the cluster client.
  await fwd.enqueue('court-440105', message('m-1'), { orderKey: 'case-1' });
  expect((await fwd.enqueue('court-440105', message('m-1'), { orderKey: 'case-1' })).status).toBe('duplicate');
  let seen = 0;
  fwd.consume('court-440105', () => ((seen += 1), { kind: 'accepted' }), { blockMs: 200 });
  await waitFor(async () => (await fwd.figures('court-440105')).delivered === 1);
  expect(seen).toBe(1);
  expect(await fwd.destinations()).toEqual(['court-440105']);
  await fwd.close();
});

test('cluster: several consumers on one destination keep per-case order', async () => {
  await orderingScenario({ redis: config(), consumers: 3, cases: 15, perCase: 12 });
});

test('cluster: consumer processes SIGKILLed mid-stream: zero lost, one effect each, order kept', async () => {
  const { killsMidStream } = await crashScenario({
    redis: config(),
    destinations: ['court-440105', 'proc-440105', 'psb-440105'],
    cases: 6,
    perCase: 20,
    kills: 5,
  });
  expect(killsMidStream).toBeGreaterThanOrEqual(2);
}, 90_000);
