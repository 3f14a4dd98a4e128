/**
 * vitest globalSetup: builds once (test/support/build.ts), then starts the shared Redis servers
 * every test file may use (test/support/shared-redis.ts) — one without persistence, one with AOF
 * fsynced always — and stops them when the run ends. Tests keep their own servers where the test
 * is about the server (kill -9, restart, memory limits, another binary).
 */
import type { TestProject } from 'vitest/node';
import { buildOnce } from './build';
import { startRedisServer } from './redis-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URLs of the shared servers. */
    caselinkRedis: { plain: string; durable: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildOnce();
  const [plain, durable] = await Promise.all([startRedisServer(), startRedisServer({ aof: true, appendfsync: 'always' })]);
  project.provide('caselinkRedis', { plain: plain.url, durable: durable.url });
  return async () => {
    await Promise.all([plain.stop(), durable.stop()]);
  };
}
