import type { Redis } from 'ioredis';
import { taggedKey } from '../core/key-scheme';
import type { ChainHashAlgorithm } from './audit-chain';
import { auditKey } from './keys';

/**
 * The cryptography profile of an installation. `standard` (default): SHA-256, HMAC-SHA256,
 * AES-256-GCM, Ed25519 seals. `national` (商用密码, for the GB/T 39786 assessment 密评): SM3 for
 * the audit chain, content addresses and seal digests, SM2 for seals and receipts, SM4 at rest.
 * One Redis holds one profile: its chain and content addresses cannot be read with the other.
 */
export type CryptoProfile = 'standard' | 'national';

export class CryptoProfileError extends Error {
  readonly code: 'CRYPTO_PROFILE_INVALID' | 'CRYPTO_PROFILE_MISMATCH';
  constructor(code: CryptoProfileError['code'], message: string) {
    super(message);
    this.name = 'CryptoProfileError';
    this.code = code;
  }
}

export function cryptoProfileFromEnv(env: NodeJS.ProcessEnv = process.env): CryptoProfile {
  const value = (env.CASELINK_CRYPTO_PROFILE ?? '').trim().toLowerCase();
  if (value === '' || value === 'standard') return 'standard';
  if (value === 'national' || value === 'sm') return 'national';
  throw new CryptoProfileError(
    'CRYPTO_PROFILE_INVALID',
    `CASELINK_CRYPTO_PROFILE="${value}" is not a profile: use "standard" or "national" (CASELINK_CRYPTO_PROFILE取值无效：应为standard或national)`,
  );
}

/** The digest of the audit chain, content addresses and seals in a profile. */
export function profileDigest(profile: CryptoProfile): ChainHashAlgorithm {
  return profile === 'national' ? 'sm3' : 'sha256';
}

export function cryptoProfileKey(prefix = 'cl'): string {
  return taggedKey(prefix, 'audit', 'crypto-profile');
}

/**
 * Claims the Redis for a profile at start: the first instance writes it, every later one must
 * match. `migrate: true` (an operator's explicit migration) rewrites it and returns the old one.
 */
export async function claimCryptoProfile(
  redis: Redis,
  profile: CryptoProfile,
  options: { prefix?: string; migrate?: boolean } = {},
): Promise<{ profile: CryptoProfile; previous?: CryptoProfile }> {
  const key = cryptoProfileKey(options.prefix);
  if (options.migrate) {
    const previous = (await redis.getset(key, profile)) as CryptoProfile | null;
    return previous && previous !== profile ? { profile, previous } : { profile };
  }
  await redis.set(key, profile, 'NX');
  const held = await redis.get(key);
  if (held !== profile) {
    throw new CryptoProfileError(
      'CRYPTO_PROFILE_MISMATCH',
      `this Redis holds data of the "${held}" cryptography profile, this instance is configured "${profile}": ` +
        `mixing them would make the audit chain and content addresses unverifiable; export and archive the audit chain, then run "caselink audit migrate-profile --to ${profile} --file <archive.jsonl>" with every runtime stopped ` +
        `(该Redis使用"${held}"密码配置，本实例配置为"${profile}"，混用将导致审计链与内容地址无法验证，请先导出归档审计链，停止所有运行实例后执行 caselink audit migrate-profile --to ${profile} --file <归档文件> 完成迁移)`,
    );
  }
  return { profile };
}

export interface ProfileMigration {
  from: CryptoProfile | undefined;
  to: CryptoProfile;
  /** Where the old profile's audit chain now is (`<prefix>:{audit}:log:archived:<from>:<ms>`), when there was one. */
  archivedAs?: string;
  /** Records in the archived chain. */
  archivedRecords: number;
}

/**
 * The migration `caselink audit migrate-profile` runs, with every runtime on the Redis stopped and
 * after the old chain was exported: the old chain is renamed aside (same hash slot, kept for the
 * record), the Redis is claimed for the new profile, and the next audit record starts a new chain.
 */
export async function migrateCryptoProfile(redis: Redis, to: CryptoProfile, options: { prefix?: string; now?: () => number } = {}): Promise<ProfileMigration> {
  const prefix = options.prefix ?? 'cl';
  const key = cryptoProfileKey(prefix);
  const from = ((await redis.get(key)) ?? undefined) as CryptoProfile | undefined;
  if (from === to) return { from, to, archivedRecords: 0 };
  const log = auditKey(prefix);
  const archivedRecords = await redis.llen(log);
  let archivedAs: string | undefined;
  if (archivedRecords > 0) {
    archivedAs = taggedKey(prefix, 'audit', 'log', 'archived', from ?? 'unclaimed', (options.now ?? Date.now)());
    await redis.rename(log, archivedAs);
  }
  await redis.set(key, to);
  return { from, to, ...(archivedAs ? { archivedAs } : {}), archivedRecords };
}
