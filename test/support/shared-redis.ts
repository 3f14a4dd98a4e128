/**
 * The shared Redis servers of a test run (started by test/support/global-setup.ts). A suite that
 * only needs a Redis takes one of these instead of starting its own, and keeps to its own key
 * prefix; a suite about the server itself (kill -9, restart, memory or persistence settings)
 * starts its own with startRedisServer.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';
import { startRedisServer, type RedisServer } from './redis-server';

/**
 * A shared server as a RedisServer: `stop()` does nothing (the run stops it); `kill9()` and
 * `restart()` are refused — a test that needs them starts its own server.
 */
export function sharedRedis(kind: 'plain' | 'durable' = 'plain'): RedisServer {
  const url = inject('caselinkRedis')[kind];
  const refused = (what: string) => () => Promise.reject(new Error(`${what} on the shared Redis: start a server of your own (startRedisServer)`));
  return {
    port: Number(new URL(url).port),
    url,
    dir: '',
    kill9: refused('kill -9'),
    restart: refused('restart'),
    stop: () => Promise.resolve(),
  };
}

/** A server and a client connected to it. */
export interface RedisForFile {
  server: RedisServer;
  client: Redis;
}

/**
 * Before the file's (or describe block's) tests: takes the shared server, or starts one of its own
 * (`own`: a test that counts or scans every key), connects a client and hands both to `use`; after
 * them: disconnects and stops what it started.
 */
export function redisForFile(source: 'shared' | 'own', use: (redis: RedisForFile) => void): void {
  let held: RedisForFile | undefined;
  beforeAll(async () => {
    const server = source === 'own' ? await startRedisServer() : sharedRedis();
    held = { server, client: new Redis(server.url) };
    use(held);
  });
  afterAll(async () => {
    held?.client.disconnect();
    await held?.server.stop();
  });
}
