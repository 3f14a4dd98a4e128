/**
 * For a file testing the pipeline nodes (in → route → enqueue, deliver) in the test helper's
 * Node-RED runtime: the node modules, a Redis of the file's own (AOF; a test may kill it), an admin
 * connection and the legacy simulators it talks to.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import inModule from '../../nodes/caselink-in';
import routeModule from '../../nodes/caselink-route';
import enqueueModule from '../../nodes/caselink-enqueue';
import deliverModule from '../../nodes/caselink-deliver';
import redisModule from '../../nodes/caselink-redis';
import systemModule from '../../nodes/caselink-system';
import type { SystemKind } from '../../adapters/types';
import { startSimulatorFleet, type SimulatorFleet } from '../../demo/simulator-fleet';
import type { Division } from '../../standard/codes/divisions';
import type { NodeRedHelper } from './node-red';
import { startRedisServer, type RedisServer } from './redis-server';

export const PIPELINE_MODULES = [redisModule, systemModule, inModule, routeModule, enqueueModule, deliverModule];

export interface PipelineBench {
  redis: RedisServer;
  admin: Redis;
  fleet: SimulatorFleet;
}

/** Starts the bench before the file's tests (handing it to `use`); after them closes the helper runtime, then the bench. */
export function pipelineBenchForFile(helper: NodeRedHelper, division: Division, kinds: SystemKind[], use: (bench: PipelineBench) => void): void {
  let bench: PipelineBench | undefined;
  beforeAll(async () => {
    const redis = await startRedisServer({ aof: true });
    const admin = new Redis(redis.url);
    admin.on('error', () => undefined); // a test may kill Redis on purpose
    const fleet = await startSimulatorFleet({ only: kinds.map((kind) => [kind, division]) });
    bench = { redis, admin, fleet };
    use(bench);
  });
  afterAll(async () => {
    await helper.close();
    await bench?.fleet.close();
    bench?.admin.disconnect();
    await bench?.redis.stop();
  });
}

/** The caselink-system config node of a simulator in the bench (its id: `sys-<kind>`). */
export function systemNode(fleet: SimulatorFleet, kind: SystemKind, division: Division) {
  return { id: `sys-${kind}`, type: 'caselink-system', kind, division, baseUrl: fleet.get(kind, division).url };
}
