import type { ConnectionOptions } from 'node:tls';
import type { DurabilityMode, RedisConfig, RedisNodeAddress } from '../../core/index';
import type { ForwarderOptions } from '../../core/index';
import { isValidKeyPrefix } from '../../core/key-scheme';
import { bilingual } from '../../standard/bilingual';

export type RedisMode = 'standalone' | 'cluster' | 'sentinel';

/** What the Redis config node's form holds. */
export interface RedisSettings {
  mode?: string;
  /** Standalone: redis:// or rediss:// URL; empty (or an unset ${REDIS_URL}) → $REDIS_URL → redis://127.0.0.1:6379. */
  url?: string;
  /** Cluster seed nodes, `host:port` separated by commas or spaces. */
  nodes?: string;
  /** Sentinels, `host:port` separated by commas or spaces. */
  sentinels?: string;
  /** Sentinel master group name. */
  masterName?: string;
  db?: string | number;
  /** Key prefix shared by every CaseLink key, default `cl`. */
  prefix?: string;
  credentials?: { username?: string; password?: string; sentinelPassword?: string };
  /** TLS options (from a tls-config node) or true for default TLS. */
  tls?: ConnectionOptions | boolean;
  /** fsync-always | waitaof | none; empty → $CASELINK_REDIS_DURABILITY → fsync-always. */
  durability?: string;
  /** WAITAOF: replicas that must confirm (numlocal is always 1). */
  waitReplicas?: string | number;
  /** Refuse a Redis with eviction or without the durability the mode needs (default true). */
  checkServer?: boolean;
  /** Delivery attempts before a message is dead-lettered (default 10). */
  maxAttempts?: string | number;
  /** First retry delay, ms (default 1000). */
  retryInitialMs?: string | number;
  /** Longest retry delay, ms (default 300000). */
  retryMaxMs?: string | number;
  /** Undelivered messages per destination above which senders hear "busy" (default 100000). */
  maxBacklog?: string | number;
}

export type RedisSettingsResult = { ok: true; config: RedisConfig; prefix: string; mode: RedisMode; where: string } | { ok: false; errors: string[] };

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || /^\$\{[^}]*\}$/.test(value.trim());
}

function parseAddresses(text: string | undefined, field: string, errors: string[]): RedisNodeAddress[] {
  const addresses: RedisNodeAddress[] = [];
  for (const item of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const match = /^(\[[0-9a-fA-F:]+\]|[^\s:]+):(\d{1,5})$/.exec(item);
    const port = match ? Number(match[2]) : NaN;
    if (!match || port < 1 || port > 65535) {
      errors.push(bilingual(`${field}: "${item}" must be host:port`, `${field} 中的“${item}”应为 主机:端口`));
    } else addresses.push({ host: match[1]!.replace(/^\[|\]$/g, ''), port });
  }
  if (addresses.length === 0 && !errors.some((e) => e.startsWith(field))) {
    errors.push(bilingual(`${field} must list at least one host:port`, `${field} 至少应有一个 主机:端口`));
  }
  return addresses;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

/** Turns the config node's settings into the core's RedisConfig, reporting every bad field. */
export function toRedisConfig(settings: RedisSettings, env: NodeJS.ProcessEnv = process.env): RedisSettingsResult {
  const errors: string[] = [];
  // Every form field left blank (or an unset ${VAR}) falls back to the environment, so `npm start`
  // and containers choose Redis without editing the flow (docs/operations.md).
  const fromEnv = (value: string | undefined, name: string): string | undefined => (blank(value) ? env[name] : value);
  settings = {
    ...settings,
    mode: fromEnv(settings.mode, 'CASELINK_REDIS_MODE'),
    nodes: fromEnv(settings.nodes, 'CASELINK_REDIS_NODES'),
    sentinels: fromEnv(settings.sentinels, 'CASELINK_REDIS_SENTINELS'),
    masterName: fromEnv(settings.masterName, 'CASELINK_REDIS_MASTER'),
    credentials: {
      ...settings.credentials,
      username: fromEnv(settings.credentials?.username, 'CASELINK_REDIS_USERNAME'),
      password: fromEnv(settings.credentials?.password, 'CASELINK_REDIS_PASSWORD'),
      sentinelPassword: fromEnv(settings.credentials?.sentinelPassword, 'CASELINK_REDIS_SENTINEL_PASSWORD'),
    },
  };
  const mode = (settings.mode || 'standalone') as RedisMode;
  if (!['standalone', 'cluster', 'sentinel'].includes(mode)) {
    return { ok: false, errors: [bilingual(`mode "${settings.mode}" must be standalone, cluster or sentinel`, '模式应为单机、集群或哨兵')] };
  }
  const prefix = blank(settings.prefix) ? 'cl' : settings.prefix!.trim();
  if (!isValidKeyPrefix(prefix)) errors.push(bilingual(`prefix "${prefix}" must not contain braces or whitespace`, '键前缀不得含花括号或空白'));

  let db: number | undefined;
  if (settings.db !== undefined && !blank(String(settings.db))) {
    db = Number(settings.db);
    if (!Number.isInteger(db) || db < 0 || db > 15) errors.push(bilingual(`db "${settings.db}" must be 0 to 15`, '数据库编号应为0至15'));
    if (mode === 'cluster' && db) errors.push(bilingual('a Redis Cluster has only db 0', 'Redis 集群只有 0 号库'));
  }

  const credentials = settings.credentials ?? {};
  const config: RedisConfig = {};
  if (!blank(credentials.username)) config.username = credentials.username;
  if (!blank(credentials.password)) config.password = credentials.password;
  if (db !== undefined) config.db = db;
  // Commands issued in the same tick (many enqueues and completions at once) share one socket write.
  config.options = { enableAutoPipelining: true, ...(settings.tls ? { tls: settings.tls === true ? {} : settings.tls } : {}) };

  let where: string;
  if (mode === 'standalone') {
    const url = (blank(settings.url) ? env.REDIS_URL || DEFAULT_REDIS_URL : settings.url!).trim();
    if (!/^rediss?:\/\/[^\s]+$/.test(url)) errors.push(bilingual(`url "${redactUrl(url)}" must be redis:// or rediss://`, '地址应为 redis:// 或 rediss://'));
    config.url = url;
    where = redactUrl(url);
  } else if (mode === 'cluster') {
    const nodes = parseAddresses(settings.nodes, 'nodes', errors);
    config.cluster = {
      nodes,
      options: { enableAutoPipelining: true, ...(settings.tls ? { redisOptions: { tls: settings.tls === true ? {} : settings.tls } } : {}) },
    };
    where = `cluster ${nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  } else {
    const sentinels = parseAddresses(settings.sentinels, 'sentinels', errors);
    const name = (settings.masterName ?? '').trim();
    if (name === '') errors.push(bilingual('masterName must name the Sentinel master group', '应填写哨兵主节点组名'));
    config.sentinel = {
      sentinels,
      name,
      ...(blank(credentials.sentinelPassword) ? {} : { sentinelPassword: credentials.sentinelPassword }),
    };
    where = `sentinel ${name}@${sentinels.map((n) => `${n.host}:${n.port}`).join(',')}`;
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config, prefix, mode, where };
}

function integer(value: string | number | undefined, fallback: number, min: number, max: number, field: string, errors: string[]): number {
  if (value === undefined || blank(String(value))) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push(bilingual(`${field} "${value}" must be a whole number from ${min} to ${max}`, `${field} 应为 ${min} 至 ${max} 的整数`));
    return fallback;
  }
  return n;
}

/** The durability mode: the form's choice, else $CASELINK_REDIS_DURABILITY, else fsync-always. */
export function durabilityOf(settings: RedisSettings, env: NodeJS.ProcessEnv, errors: string[]): DurabilityMode {
  const choice = (blank(settings.durability) ? env.CASELINK_REDIS_DURABILITY || 'fsync-always' : settings.durability!).trim();
  if (choice === 'fsync-always' || choice === 'none') return choice;
  if (choice === 'waitaof') {
    const replicas = blank(settings.waitReplicas === undefined ? undefined : String(settings.waitReplicas))
      ? env.CASELINK_REDIS_WAIT_REPLICAS
      : settings.waitReplicas;
    return {
      mode: 'waitaof',
      numlocal: 1,
      numreplicas: integer(replicas, 0, 0, 16, 'waitReplicas', errors),
      timeoutMs: integer(env.CASELINK_REDIS_WAIT_TIMEOUT_MS, 1000, 1, 60_000, 'CASELINK_REDIS_WAIT_TIMEOUT_MS', errors),
      connections: integer(env.CASELINK_REDIS_WAIT_CONNECTIONS, 4, 1, 64, 'CASELINK_REDIS_WAIT_CONNECTIONS', errors),
    };
  }
  errors.push(bilingual(`durability "${choice}" must be fsync-always, waitaof or none`, '持久化方式应为 fsync-always、waitaof 或 none'));
  return 'fsync-always';
}

/** Everything Forwarder.create needs, from the Redis config node's form and the environment. */
export function toForwarderOptions(
  settings: RedisSettings,
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; options: ForwarderOptions; where: string } | { ok: false; errors: string[] } {
  const redis = toRedisConfig(settings, env);
  const errors = redis.ok ? [] : [...redis.errors];
  const durability = durabilityOf(settings, env, errors);
  const maxAttempts = integer(settings.maxAttempts, 10, 1, 1000, 'maxAttempts', errors);
  const initialMs = integer(settings.retryInitialMs, 1000, 10, 3_600_000, 'retryInitialMs', errors);
  const maxMs = integer(settings.retryMaxMs, 300_000, 10, 86_400_000, 'retryMaxMs', errors);
  if (maxMs < initialMs) errors.push(bilingual('retryMaxMs must not be below retryInitialMs', '最长重试间隔不得小于首次重试间隔'));
  const maxBacklog = integer(settings.maxBacklog, 100_000, 0, 100_000_000, 'maxBacklog', errors);
  if (!redis.ok || errors.length > 0) return { ok: false, errors };
  const check = settings.checkServer !== false;
  return {
    ok: true,
    where: redis.where,
    options: {
      redis: redis.config,
      prefix: redis.prefix,
      durability,
      checkEvictionPolicy: check,
      checkDurability: check,
      defaults: { maxAttempts, maxBacklog, backoff: { initialMs, maxMs } },
    },
  };
}
