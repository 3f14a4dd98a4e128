/**
 * `caselink audit verify | tail | export` — the hash-chained audit log (security/audit-log.ts).
 *   verify [--redis URL] [--prefix cl] [--file audit.jsonl]   exit 0 intact, 2 broken (names the first broken link), 1 error
 *   tail   [--redis URL] [--prefix cl] [-n 20] [--follow]    the last records, one JSON per line
 *   export --file audit.jsonl [--redis URL] [--prefix cl]     appends the records the file does not hold yet
 *   migrate-profile --to standard|national --file archive.jsonl [--redis URL] [--prefix cl]
 *                                                             exports the old chain, sets it aside, claims the Redis for the new profile
 */
import type { Redis } from 'ioredis';
import { AuditLog, verifyJsonlFile, type ChainVerdict } from '../../security/audit-log';
import { connectFailFast } from '../../security/redis-guard';
import { cryptoProfileFromEnv, migrateCryptoProfile, type CryptoProfile } from '../../security/crypto-profile';
import type { CliIo } from '../main';
import { refuseArgs } from '../refusal';
import { parseArgs } from 'node:util';

export const summary = 'verify, tail or export the hash-chained audit log (审计日志)';

const USAGE = `usage:
  caselink audit verify [--redis URL] [--prefix cl] [--file audit.jsonl]
  caselink audit tail [--redis URL] [--prefix cl] [-n 20] [--follow]
  caselink audit export --file audit.jsonl [--redis URL] [--prefix cl]
  caselink audit migrate-profile --to standard|national --file archive.jsonl [--redis URL] [--prefix cl]
Redis defaults to $REDIS_URL, else redis://127.0.0.1:6379.
`;

interface Options {
  redis?: string;
  prefix: string;
  file?: string;
  lines: number;
  follow: boolean;
  to?: string;
}

function parse(args: string[]): Options | string {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        redis: { type: 'string' },
        prefix: { type: 'string', default: 'cl' },
        file: { type: 'string' },
        lines: { type: 'string', short: 'n' },
        follow: { type: 'boolean', short: 'f', default: false },
        to: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return `${(error as Error).message} (选项有误)`;
  }
  const options: Options = { prefix: values.prefix, lines: 20, follow: values.follow };
  if (values.redis !== undefined) options.redis = values.redis;
  if (values.file !== undefined) options.file = values.file;
  if (values.to !== undefined) options.to = values.to;
  if (values.lines !== undefined) {
    options.lines = Number(values.lines);
    if (!Number.isInteger(options.lines) || options.lines < 1) return '-n must be a positive whole number (-n应为正整数)';
  }
  return options;
}

function describe(verdict: ChainVerdict, where: string): string {
  return verdict.ok
    ? `OK ${where}: ${verdict.count} records, chain intact, head seq ${verdict.headSeq} hash ${verdict.headHash} (审计链完整)\n`
    : `BROKEN ${where}: first broken link at seq ${verdict.seq}: ${verdict.reason} (审计链断裂，${verdict.count}条记录完好)\n`;
}

async function withLog<T>(options: Options, io: CliIo, work: (log: AuditLog, client: Redis) => Promise<T>): Promise<T | undefined> {
  const url = options.redis ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let client: Redis;
  try {
    client = await connectFailFast(url);
  } catch (error) {
    io.stderr(`caselink audit: cannot connect to Redis at ${url}: ${(error as Error).message} (无法连接Redis)\n`);
    return undefined;
  }
  try {
    return await work(new AuditLog(client, { prefix: options.prefix }), client);
  } finally {
    client.disconnect();
  }
}

async function verify(options: Options, io: CliIo): Promise<number> {
  let broken = false;
  if (options.file !== undefined) {
    let verdict: ChainVerdict;
    try {
      verdict = await verifyJsonlFile(options.file);
    } catch (error) {
      io.stderr(`caselink audit: cannot read ${options.file}: ${(error as Error).message} (无法读取文件)\n`);
      return 1;
    }
    (verdict.ok ? io.stdout : io.stderr)(describe(verdict, options.file));
    broken ||= !verdict.ok;
    if (options.redis === undefined) return broken ? 2 : 0;
  }
  const verdict = await withLog(options, io, (log) => log.verify());
  if (verdict === undefined) return 1;
  (verdict.ok ? io.stdout : io.stderr)(describe(verdict, `redis ${options.prefix}:{audit}:log`));
  return broken || !verdict.ok ? 2 : 0;
}

async function tail(options: Options, io: CliIo): Promise<number> {
  const done = await withLog(options, io, async (log) => {
    for (const line of await log.tail(options.lines)) io.stdout(`${line}\n`);
    if (!options.follow) return true;
    let seen = await log.length();
    let stop = false;
    process.once('SIGINT', () => (stop = true));
    while (!stop) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const length = await log.length();
      if (length > seen) for (const line of await log.range(seen, length - seen)) io.stdout(`${line}\n`);
      seen = length;
    }
    return true;
  });
  return done ? 0 : 1;
}

async function exportFile(options: Options, io: CliIo): Promise<number> {
  const file = options.file;
  if (file === undefined) {
    io.stderr(`caselink audit export needs --file (缺少--file)\n${USAGE}`);
    return 2;
  }
  try {
    const result = await withLog(options, io, (log) => log.exportJsonl(file));
    if (result === undefined) return 1;
    io.stdout(`exported ${result.exported} records to ${file}, now up to seq ${result.lastSeq} (已导出)\n`);
    return 0;
  } catch (error) {
    io.stderr(`caselink audit export: ${(error as Error).message}\n`);
    return 2;
  }
}

/**
 * Moves a Redis to another cryptography profile (every runtime on it stopped first): the old chain
 * is exported to --file and checked there, then set aside; the new chain starts in the new profile.
 */
async function migrateProfile(options: Options, io: CliIo): Promise<number> {
  let to: CryptoProfile;
  try {
    to = cryptoProfileFromEnv({ CASELINK_CRYPTO_PROFILE: options.to ?? '?' });
  } catch (error) {
    io.stderr(`caselink audit migrate-profile: --to: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const file = options.file;
  if (file === undefined) {
    io.stderr(`caselink audit migrate-profile needs --file, where the old chain is archived (缺少--file：旧审计链的归档文件)\n${USAGE}`);
    return 2;
  }
  try {
    const result = await withLog(options, io, async (log, client) => {
      const exported = await log.exportJsonl(file);
      const archive = await verifyJsonlFile(file);
      if (!archive.ok) throw new Error(`the archive ${file} does not verify: ${archive.reason} (归档文件校验失败，未迁移)`);
      return { exported, migration: await migrateCryptoProfile(client, to, { prefix: options.prefix }) };
    });
    if (result === undefined) return 1;
    const { migration } = result;
    if (migration.from === to) {
      io.stdout(`the Redis (prefix ${options.prefix}) already holds the ${to} profile: nothing to migrate (该Redis已是${to}配置，无需迁移)\n`);
      return 0;
    }
    io.stdout(
      `migrated prefix ${options.prefix} from ${migration.from ?? '(unclaimed)'} to ${to}: ${migration.archivedRecords} audit records archived in ${file}` +
        `${migration.archivedAs ? ` and kept in Redis as ${migration.archivedAs}` : ''}; the next record starts a ${to} chain ` +
        `(已迁移至${to}配置：旧审计链${migration.archivedRecords}条已归档，新记录开始新链)\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`caselink audit migrate-profile: ${(error as Error).message}\n`);
    return 2;
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const options = parse(rest);
  if (typeof options === 'string') return refuseArgs(io, 'audit', options, USAGE);
  switch (sub) {
    case 'verify':
      return verify(options, io);
    case 'tail':
      return tail(options, io);
    case 'export':
      return exportFile(options, io);
    case 'migrate-profile':
      return migrateProfile(options, io);
    default:
      io.stderr(USAGE);
      return sub === '--help' || sub === '-h' ? 0 : 2;
  }
}
