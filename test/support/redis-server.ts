/**
 * A test suite's own redis-server: the launcher the conformance kit uses too (cli/redis-server.ts),
 * with `binary` naming one program (e.g. "valkey-server" for a server with WAITAOF).
 */
import { startRedisServer as startServer, type RedisServer, type RedisServerOptions as LauncherOptions } from '../../cli/redis-server';

export type { RedisServer };

export interface RedisServerOptions extends Omit<LauncherOptions, 'binaries'> {
  /** Server program, default "redis-server" (e.g. "valkey-server" for a server with WAITAOF). */
  binary?: string;
}

export function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const { binary, ...rest } = options;
  return startServer({ ...rest, binaries: [binary ?? 'redis-server'] });
}
