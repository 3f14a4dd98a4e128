/**
 * What the attachment suites run their hub against: a real redis-server, a client on it, and the
 * PSB and procuratorate simulators of one district — started before the file's tests, stopped after.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startSimulatorFleet, type SimulatorFleet } from '../../demo/simulator-fleet';
import type { Division } from '../../standard/codes/divisions';
import { startRedisServer, type RedisServer } from './redis-server';

export interface PushHub {
  readonly redis: RedisServer;
  readonly admin: Redis;
  readonly fleet: SimulatorFleet;
}

export function usePushHub(division: Division, options: { aof?: boolean } = {}): PushHub {
  const hub: { redis?: RedisServer; admin?: Redis; fleet?: SimulatorFleet } = {};
  beforeAll(async () => {
    hub.redis = await startRedisServer(options.aof ? { aof: true } : {});
    hub.admin = new Redis(hub.redis.url);
    hub.fleet = await startSimulatorFleet({
      only: [
        ['psb', division],
        ['procuratorate', division],
      ],
    });
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
  };
}
