/**
 * The arguments of every redis-server CaseLink starts itself — the conformance kit's own, the one
 * `npm start` manages (scripts/start/redis.js, from the build), and the test suites' servers and
 * cluster nodes (through cli/redis-server.ts): loopback only, no RDB snapshots, noeviction (the
 * core's queue must never lose an entry), AOF as asked.
 */
export interface RedisServerArgsOptions {
  /** Turn on AOF persistence (appendonly yes). */
  aof?: boolean;
  /** appendfsync policy when aof is on; default "always". */
  appendfsync?: 'always' | 'everysec' | 'no';
  /** Extra arguments after the common ones, e.g. ['--maxmemory', '10mb']. */
  args?: readonly string[];
}

export function redisServerArgs(port: number, dir: string, options: RedisServerArgsOptions = {}): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    '--appendonly',
    options.aof ? 'yes' : 'no',
    ...(options.aof ? ['--appendfsync', options.appendfsync ?? 'always'] : []),
    ...(options.args ?? []),
  ];
}

/**
 * A redis-server that the core accepts with fsync-always durability (core/redis-connection.ts
 * `verifyServer`): AOF fsynced on every write.
 */
export function durableRedisServerArgs(port: number, dir: string): string[] {
  return redisServerArgs(port, dir, { aof: true, appendfsync: 'always' });
}
