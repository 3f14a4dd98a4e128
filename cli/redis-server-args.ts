/**
 * The arguments of a redis-server that the core accepts with fsync-always durability
 * (core/redis-connection.ts `verifyServer`), on loopback: AOF fsynced on every write, no RDB
 * snapshots, noeviction. The conformance kit starts its own with them, and `npm start` the one it
 * manages (scripts/start/redis.js, from the build).
 */
export function durableRedisServerArgs(port: number, dir: string): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    '--maxmemory-policy',
    'noeviction',
  ];
}
