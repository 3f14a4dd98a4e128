import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { ConfigurationError } from './errors';

/** A connected client: a single Redis (standalone or through Sentinel) or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

export interface RedisNodeAddress {
  host: string;
  port: number;
}

/** Where Redis is. Exactly one of `url`, `host`, `sentinel`, `cluster` is normally given. */
export interface RedisConfig {
  /** `redis://[user:pass@]host:port[/db]` or `rediss://…` */
  url?: string;
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  db?: number;
  /** Sentinel-managed master. */
  sentinel?: {
    sentinels: RedisNodeAddress[];
    /** Master group name. */
    name: string;
    sentinelUsername?: string;
    sentinelPassword?: string;
  };
  /** Redis Cluster seed nodes (`"host:port"` or objects). */
  cluster?: {
    nodes: Array<string | RedisNodeAddress>;
    options?: ClusterOptions;
  };
  /** Extra ioredis options (for a cluster: applied to every node connection). */
  options?: RedisOptions;
  /** Non-blocking commands fail with REDIS_UNAVAILABLE after this long without reply. Default 5000. */
  commandTimeoutMs?: number;
  /** Default 5000. */
  connectTimeoutMs?: number;
}

/**
 * `command`: shared non-blocking client — no offline queue and no resend, so a write while Redis is
 * down fails at once (backpressure, never silent queuing). `blocking`: one per consumer for
 * XREADGROUP BLOCK — waits across reconnects (`maxRetriesPerRequest: null`, as BullMQ does).
 */
export type ConnectionRole = 'command' | 'blocking';

function reconnectDelay(times: number): number {
  return Math.min(50 * 2 ** Math.min(times, 6), 2000);
}

function nodeOptions(config: RedisConfig, role: ConnectionRole): RedisOptions {
  const roleOptions: RedisOptions =
    role === 'command'
      ? {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          autoResendUnfulfilledCommands: false,
          commandTimeout: config.commandTimeoutMs ?? 5000,
        }
      : { enableOfflineQueue: true, maxRetriesPerRequest: null };
  return {
    connectTimeout: config.connectTimeoutMs ?? 5000,
    retryStrategy: reconnectDelay,
    ...config.options,
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(config.password !== undefined ? { password: config.password } : {}),
    ...(config.db !== undefined ? { db: config.db } : {}),
    ...roleOptions,
    lazyConnect: true,
  };
}

function parseNode(node: string | RedisNodeAddress): RedisNodeAddress {
  if (typeof node !== 'string') return node;
  const at = node.lastIndexOf(':');
  if (at < 0) return { host: node, port: 6379 };
  return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
}

/** Builds a client for the given role; call `connectClient` (or `client.connect()`) before use. */
export function createRedisConnection(config: RedisConfig, role: ConnectionRole = 'command'): RedisClient {
  const options = nodeOptions(config, role);
  if (config.cluster) {
    const clusterOptions: ClusterOptions = {
      clusterRetryStrategy: reconnectDelay,
      ...config.cluster.options,
      enableOfflineQueue: role === 'blocking',
      lazyConnect: true,
      redisOptions: { ...config.cluster.options?.redisOptions, ...options },
    };
    return new Cluster(config.cluster.nodes.map(parseNode), clusterOptions);
  }
  if (config.sentinel) {
    return new Redis({
      ...options,
      sentinels: config.sentinel.sentinels,
      name: config.sentinel.name,
      ...(config.sentinel.sentinelUsername !== undefined ? { sentinelUsername: config.sentinel.sentinelUsername } : {}),
      ...(config.sentinel.sentinelPassword !== undefined ? { sentinelPassword: config.sentinel.sentinelPassword } : {}),
    });
  }
  if (config.url) return new Redis(config.url, options);
  return new Redis({ ...options, host: config.host ?? '127.0.0.1', port: config.port ?? 6379 });
}

/** Connects a lazily created client and waits until it is ready. */
export async function connectClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') return;
  await client.connect();
}

export function isCluster(client: RedisClient): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}

/** The nodes that take writes: every cluster master, or the single (Sentinel-resolved) master. */
export function masterNodes(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('master') : [client];
}

/** WAITAOF after each enqueue: `numlocal` (0 or 1) local and `numreplicas` replica AOF fsyncs
 *  must be confirmed within `timeoutMs` (> 0) for the enqueue to succeed. */
export interface WaitAofDurability {
  mode: 'waitaof';
  numlocal: number;
  numreplicas: number;
  timeoutMs: number;
  /** Connections for waitaof writes, so destinations do not wait behind each other's WAITAOF (default 4). */
  connections?: number;
}

export type DurabilityMode = 'none' | 'fsync-always' | WaitAofDurability;

export interface ServerCheckOptions {
  durability: DurabilityMode;
  /** Refuse a server whose maxmemory-policy is not noeviction (default true). */
  checkEvictionPolicy: boolean;
  /** Verify appendonly/appendfsync (fsync-always) or the WAITAOF support (default true). */
  checkDurability: boolean;
}

function infoField(info: string, field: string): string | undefined {
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return match?.[1]?.trim();
}

async function configGet(node: Redis, parameter: string): Promise<string | undefined> {
  try {
    const reply = (await node.config('GET', parameter)) as unknown as string[];
    return reply[1];
  } catch {
    return undefined;
  }
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/**
 * Refuses a Redis that could lose accepted messages: an eviction policy other than `noeviction`,
 * or (per durability mode) AOF not fsynced on every write / no WAITAOF. Managed services that hide
 * CONFIG can skip the checks with `checkEvictionPolicy: false` / `checkDurability: false`.
 */
export async function verifyServer(client: RedisClient, options: ServerCheckOptions): Promise<void> {
  for (const node of masterNodes(client)) {
    const where = `${node.options.host ?? '?'}:${node.options.port ?? '?'}`;
    if (options.checkEvictionPolicy) {
      let policy: string | undefined;
      try {
        policy = infoField(await node.info('memory'), 'maxmemory_policy');
      } catch {
        policy = undefined;
      }
      policy ??= await configGet(node, 'maxmemory-policy');
      if (policy === undefined) {
        throw new ConfigurationError(
          'EVICTION_POLICY',
          `cannot read maxmemory-policy of Redis ${where}; if this managed Redis is known to use noeviction, set checkEvictionPolicy: false`,
        );
      }
      if (policy !== 'noeviction') {
        throw new ConfigurationError(
          'EVICTION_POLICY',
          `Redis ${where} has maxmemory-policy "${policy}": it may evict queued messages; configure "noeviction"`,
        );
      }
    }
    if (!options.checkDurability || options.durability === 'none') continue;
    if (options.durability === 'fsync-always') {
      const appendonly = await configGet(node, 'appendonly');
      const appendfsync = await configGet(node, 'appendfsync');
      if (appendonly === undefined || appendfsync === undefined) {
        throw new ConfigurationError(
          'FSYNC_POLICY',
          `cannot read appendonly/appendfsync of Redis ${where}; use durability waitaof or set checkDurability: false`,
        );
      }
      if (appendonly !== 'yes' || appendfsync !== 'always') {
        throw new ConfigurationError(
          'FSYNC_POLICY',
          `durability "fsync-always" needs appendonly yes and appendfsync always; Redis ${where} has appendonly ${appendonly}, appendfsync ${appendfsync}`,
        );
      }
    } else {
      const info = await node.info('server');
      const version = infoField(info, 'redis_version') ?? '0';
      if (!versionAtLeast(version, 7, 2)) {
        throw new ConfigurationError('WAITAOF_UNSUPPORTED', `WAITAOF needs Redis 7.2 or later; Redis ${where} is ${version}`);
      }
      if (options.durability.numlocal > 0) {
        const aof = infoField(await node.info('persistence'), 'aof_enabled');
        if (aof !== '1') {
          throw new ConfigurationError('WAITAOF_UNSUPPORTED', `WAITAOF numlocal > 0 needs appendonly yes on Redis ${where}`);
        }
      }
    }
  }
}
