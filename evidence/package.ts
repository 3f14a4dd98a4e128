import type { Redis } from 'ioredis';
import { auditKey } from '../security/audit-log';
import { type AuditRecord, type ChainHashAlgorithm, recordHash } from '../security/audit-chain';
import type { CryptoProfile } from '../security/crypto-profile';
import type { EvidenceFile, SealedEvidence } from './records';
import { checkSeal, type PublicSealKey, type Seal, type Sealer } from './seal';

/**
 * An evidence package for one case: every sealed piece of evidence, the audit records that chain
 * them, the public keys, the files' hashes — and the platform's seal over all of it. Checked
 * offline by `verifyEvidencePackage` (`caselink evidence verify`), with no Redis and no network.
 */
export interface EvidencePackage {
  format: 'caselink-evidence-package-v1';
  profile: CryptoProfile;
  caseUid: string;
  exportedAt: string;
  keys: PublicSealKey[];
  evidence: SealedEvidence[];
  audit: AuditRecord[];
  files: EvidenceFile[];
  seal?: Seal;
}

export async function exportEvidencePackage(
  redis: Redis,
  caseUid: string,
  options: { prefix?: string; profile: CryptoProfile; sealer: Sealer; now?: () => number },
): Promise<EvidencePackage> {
  const prefix = options.prefix ?? 'cl';
  const evidence = (await redis.lrange(`${prefix}:{evidence}:case:${caseUid}`, 0, -1)).map((t) => JSON.parse(t) as SealedEvidence);
  const keys = Object.values(await redis.hgetall(`${prefix}:{evidence}:keys`)).map((t) => JSON.parse(t) as PublicSealKey);
  if (!keys.some((k) => k.kid === options.sealer.key.kid)) keys.push(options.sealer.key);
  const audit: AuditRecord[] = [];
  for (const piece of evidence) {
    if (piece.auditSeq === undefined) continue;
    const text = await redis.lindex(auditKey(prefix), piece.auditSeq - 1);
    if (text !== null) audit.push(JSON.parse(text) as AuditRecord);
  }
  const files = new Map<string, EvidenceFile>();
  for (const piece of evidence) for (const file of piece.record.files ?? []) files.set(file.sha256, file);
  const body: EvidencePackage = {
    format: 'caselink-evidence-package-v1',
    profile: options.profile,
    caseUid,
    exportedAt: new Date((options.now ?? Date.now)()).toISOString(),
    keys,
    evidence,
    audit,
    files: [...files.values()],
  };
  return { ...body, seal: options.sealer.seal(body) };
}

export interface PackageVerdict {
  ok: boolean;
  problems: string[];
  evidence: number;
  stages: Record<string, number>;
}

/**
 * Checks a package offline. `trusted`: the platform's and agencies' published public keys; when
 * given, a key in the package that is not among them (same kid, same key) is refused.
 */
export function verifyEvidencePackage(pkg: EvidencePackage, trusted?: PublicSealKey[]): PackageVerdict {
  const problems: string[] = [];
  const stages: Record<string, number> = {};
  if (pkg?.format !== 'caselink-evidence-package-v1') {
    return { ok: false, problems: ['not a CaseLink evidence package (不是CaseLink证据包)'], evidence: 0, stages };
  }
  const keyOf = (kid: string): PublicSealKey | undefined => {
    const inPackage = pkg.keys.find((k) => k.kid === kid);
    if (!trusted) return inPackage;
    const anchor = trusted.find((k) => k.kid === kid);
    if (!anchor || !inPackage || anchor.publicKey !== inPackage.publicKey || anchor.alg !== inPackage.alg) return undefined;
    return anchor;
  };
  const expectedAlg = pkg.profile === 'national' ? 'sm2-sm3' : 'ed25519';
  const { seal, ...body } = pkg;
  if (!seal) problems.push('the package has no seal (证据包缺少签章)');
  else {
    const problem = checkSeal(body, seal, keyOf(seal.kid));
    if (problem) problems.push(`package seal: ${problem}`);
  }
  const chainHash: ChainHashAlgorithm = pkg.profile === 'national' ? 'sm3' : 'sha256';
  const auditBySeq = new Map(pkg.audit.map((r) => [r.seq, r]));
  const lastDigest = new Map<string, string>();
  const files = new Set(pkg.files.map((f) => f.sha256));
  for (const [index, piece] of pkg.evidence.entries()) {
    const where = `evidence ${index + 1} (${piece.record?.stage} ${piece.record?.messageId})`;
    stages[piece.record.stage] = (stages[piece.record.stage] ?? 0) + 1;
    if (piece.record.caseUid !== pkg.caseUid) problems.push(`${where}: belongs to case ${piece.record.caseUid} (属于其他案件)`);
    if (piece.seal.alg !== expectedAlg) problems.push(`${where}: sealed with ${piece.seal.alg} in a ${pkg.profile} package (签章算法与密码配置不符)`);
    const problem = checkSeal(piece.record, piece.seal, keyOf(piece.seal.kid));
    if (problem) problems.push(`${where}: ${problem}`);
    if (piece.agencySeal) {
      const agencyProblem = checkSeal(piece.record, piece.agencySeal, keyOf(piece.agencySeal.kid));
      if (agencyProblem) problems.push(`${where}: agency seal: ${agencyProblem}`);
    }
    const chainKey = `${piece.record.receiver}/${piece.record.messageId}`;
    const previous = lastDigest.get(chainKey);
    if (piece.record.previous !== previous) {
      problems.push(
        `${where}: does not follow the previous evidence of this message: evidence removed or reordered (与本消息前一证据不衔接：证据被删除或调换)`,
      );
    }
    lastDigest.set(chainKey, piece.seal.digest);
    const auditRecord = piece.auditSeq === undefined ? undefined : auditBySeq.get(piece.auditSeq);
    if (!auditRecord) problems.push(`${where}: no audit record chains it (缺少审计链记录)`);
    else {
      const { hash, ...rest } = auditRecord;
      if (recordHash(rest, chainHash) !== hash) problems.push(`${where}: its audit record ${auditRecord.seq} does not match its hash (审计记录被篡改)`);
      const detail = auditRecord.detail ?? {};
      if (auditRecord.action !== 'evidence' || detail.evidenceId !== piece.record.id || detail.digest !== piece.seal.digest) {
        problems.push(`${where}: audit record ${auditRecord.seq} names other evidence (审计记录与证据不符)`);
      }
    }
    for (const file of piece.record.files ?? [])
      if (!files.has(file.sha256)) problems.push(`${where}: file ${file.sha256} missing from the file list (文件清单缺少该文件)`);
  }
  return { ok: problems.length === 0, problems, evidence: pkg.evidence.length, stages };
}
