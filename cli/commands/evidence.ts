/**
 * `caselink evidence export | verify | key` — sealed delivery evidence (evidence/).
 *   export <caseUid> [--out file] [--redis URL] [--prefix cl]   writes the case's evidence package (JSON)
 *   verify <file> [--trust keys.json]                           offline: exit 0 valid, 2 refused, 1 unreadable
 *   key                                                         the public key of CASELINK_EVIDENCE_KEY, to publish as a trust anchor
 * Profile: CASELINK_CRYPTO_PROFILE (standard | national); seal key: CASELINK_EVIDENCE_KEY.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cryptoProfileFromEnv } from '../../security/crypto-profile';
import { connectFailFast } from '../../security/redis-guard';
import { exportEvidencePackage, verifyEvidencePackage, type EvidencePackage } from '../../evidence/package';
import { createSealer, type PublicSealKey } from '../../evidence/seal';
import type { CliIo } from '../main';
import { refuseArgs } from '../refusal';

export const summary = "export or verify a case's sealed delivery evidence (送达证据)";

const USAGE = `usage:
  caselink evidence export <caseUid> [--out evidence.json] [--redis URL] [--prefix cl]
  caselink evidence verify <evidence.json> [--trust keys.json]
  caselink evidence key
`;

function options(args: string[]): { positional: string[]; flags: Record<string, string> } | string {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const value = args[++i];
    if (value === undefined) return `${arg} needs a value (${arg}缺少取值)`;
    if (!['--out', '--redis', '--prefix', '--trust'].includes(arg)) return `unknown option ${arg} (未知选项)`;
    flags[arg.slice(2)] = value;
  }
  return { positional, flags };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = options(rest);
  if (typeof parsed === 'string') return refuseArgs(io, 'evidence', parsed, USAGE);
  const { positional, flags } = parsed;
  if (sub === 'key') {
    const sealer = createSealer(cryptoProfileFromEnv(), { keyText: process.env.CASELINK_EVIDENCE_KEY });
    io.stdout(`${JSON.stringify([sealer.key], null, 2)}\n`);
    return 0;
  }
  if (sub === 'export' && positional.length === 1) {
    const profile = cryptoProfileFromEnv();
    if (!process.env.CASELINK_EVIDENCE_KEY)
      io.stderr(
        'caselink evidence: CASELINK_EVIDENCE_KEY is not set: the package is sealed with a one-time key no one trusts yet (未设置证据签名密钥，证据包使用临时密钥签章)\n',
      );
    const sealer = createSealer(profile, { keyText: process.env.CASELINK_EVIDENCE_KEY });
    const url = flags.redis ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    let client;
    try {
      client = await connectFailFast(url);
    } catch (error) {
      io.stderr(`caselink evidence: cannot connect to Redis at ${url}: ${(error as Error).message} (无法连接Redis)\n`);
      return 1;
    }
    try {
      const pkg = await exportEvidencePackage(client, positional[0]!, { prefix: flags.prefix, profile, sealer });
      const text = `${JSON.stringify(pkg, null, 2)}\n`;
      if (flags.out) await writeFile(flags.out, text);
      else io.stdout(text);
      io.stderr(
        `caselink evidence: ${pkg.evidence.length} pieces of evidence, ${pkg.files.length} files, sealed by ${pkg.seal?.kid} (已导出证据${pkg.evidence.length}条)\n`,
      );
      return 0;
    } finally {
      client.disconnect();
    }
  }
  if (sub === 'verify' && positional.length === 1) {
    let pkg: EvidencePackage;
    let trusted: PublicSealKey[] | undefined;
    try {
      pkg = JSON.parse(await readFile(positional[0]!, 'utf8')) as EvidencePackage;
      if (flags.trust) trusted = JSON.parse(await readFile(flags.trust, 'utf8')) as PublicSealKey[];
    } catch (error) {
      io.stderr(`caselink evidence: cannot read: ${(error as Error).message} (无法读取)\n`);
      return 1;
    }
    const verdict = verifyEvidencePackage(pkg, trusted);
    if (verdict.ok) {
      const stages = Object.entries(verdict.stages)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ');
      io.stdout(
        `OK ${positional[0]}: case ${pkg.caseUid}, ${verdict.evidence} pieces of evidence (${stages}), ${pkg.profile} profile, every seal and audit link verified${trusted ? ' against the trusted keys' : ' (keys taken from the package: pass --trust to anchor them)'} (证据包验证通过)\n`,
      );
      return 0;
    }
    io.stdout(`REFUSED ${positional[0]}: ${verdict.problems.length} problems (证据包验证未通过):\n${verdict.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  io.stderr(USAGE);
  return 2;
}
