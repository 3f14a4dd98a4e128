/**
 * What the pipeline and attachment suites run their hub against: a real redis-server (a test may
 * kill it), a client on it, and the simulators of one district — started before the file's tests,
 * stopped after. With the node modules and system config nodes of a hub in the test helper runtime.
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
import { startRedisServer, type RedisServer } from './redis-server';

/** The nodes of a push hub: in → route → enqueue, deliver, on their Redis and system config nodes. */
export const PUSH_HUB_MODULES = [redisModule, systemModule, inModule, routeModule, enqueueModule, deliverModule];

export interface PushHub {
  readonly redis: RedisServer;
  readonly admin: Redis;
  readonly fleet: SimulatorFleet;
  /** The caselink-redis config node (id `redis`) on this Redis under `prefix`, retrying fast (100–400 ms); `extra` adds or overrides. */
  redisNode(prefix: string, extra?: Record<string, unknown>): Record<string, unknown> & { id: string; type: string };
  /** The caselink-system config node of a simulator (its id: `sys-<kind>`). */
  systemNode(kind: SystemKind): { id: string; type: string; kind: SystemKind; division: Division; baseUrl: string };
}

export function usePushHub(division: Division, options: { aof?: boolean; kinds?: SystemKind[] } = {}): PushHub {
  const hub: { redis?: RedisServer; admin?: Redis; fleet?: SimulatorFleet } = {};
  beforeAll(async () => {
    hub.redis = await startRedisServer(options.aof ? { aof: true } : {});
    hub.admin = new Redis(hub.redis.url);
    hub.admin.on('error', () => undefined); // a test may kill Redis on purpose
    hub.fleet = await startSimulatorFleet({ only: (options.kinds ?? ['psb', 'procuratorate']).map((kind) => [kind, division]) });
  });
  afterAll(async () => {
    await hub.fleet?.close();
    hub.admin?.disconnect();
    await hub.redis?.stop();
  });
  return {
    get redis() {
      return hub.redis!;
    },
    get admin() {
      return hub.admin!;
    },
    get fleet() {
      return hub.fleet!;
    },
    redisNode: (prefix, extra = {}) => ({
      id: 'redis',
      type: 'caselink-redis',
      mode: 'standalone',
      url: hub.redis!.url,
      prefix,
      durability: 'fsync-always',
      retryInitialMs: '100',
      retryMaxMs: '400',
      ...extra,
    }),
    systemNode: (kind) => ({ id: `sys-${kind}`, type: 'caselink-system', kind, division, baseUrl: hub.fleet!.get(kind, division).url }),
  };
}
