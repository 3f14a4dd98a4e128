import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import { SecurityError } from './errors';

/**
 * Fail-fast use of Redis for security controls: a control that cannot reach its store must say
 * so at once (and the caller refuses the request) rather than wait in ioredis' offline queue.
 */

/** ioredis options for connections used by the audit log and the replay guard. */
export const FAIL_FAST_REDIS_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 2_000,
  connectTimeout: 2_000,
};

/** Opens a fail-fast connection and waits until it is ready (rejects after timeoutMs). */
export async function connectFailFast(url: string, timeoutMs = 5_000): Promise<Redis> {
  const client = new Redis(url, { ...FAIL_FAST_REDIS_OPTIONS, lazyConnect: true });
  client.on('error', () => undefined); // reported through the commands that fail
  const timer = setTimeout(() => client.disconnect(), timeoutMs);
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.disconnect();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

const DOWN_STATES = new Set(['reconnecting', 'close', 'end']);

/**
 * Runs `work` on `client` within `timeoutMs`; a connection known to be down, a Redis error or the
 * deadline passing becomes the error `fail` builds.
 */
export async function withDeadline<T>(
  client: Redis | Cluster,
  timeoutMs: number,
  work: () => Promise<T>,
  fail: (why: string, cause?: unknown) => SecurityError,
): Promise<T> {
  if (DOWN_STATES.has(client.status)) throw fail(`Redis connection is ${client.status}`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(fail(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work(), deadline]);
  } catch (error) {
    if (error instanceof SecurityError) throw error;
    throw fail(error instanceof Error ? error.message : String(error), error);
  } finally {
    clearTimeout(timer);
  }
}
