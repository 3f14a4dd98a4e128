import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../dist/security/audit-log.js';
import { claimCryptoProfile, CryptoProfileError, type CryptoProfile } from '../../dist/security/crypto-profile.js';
import { createSealer, EvidenceLedger, exportEvidencePackage, verifyEvidencePackage, type EvidenceAlert } from '../../dist/evidence/index.js';
import { main } from '../../dist/cli/main.js';
import { startRedisServer, type RedisServer } from '../support/redis-server';

const dir = mkdtempSync(join(tmpdir(), 'caselink-evidence-'));
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

const file = { fileName: '起诉书.pdf', size: 1234, sha256: 'a'.repeat(64) };

for (const profile of ['standard', 'national'] as CryptoProfile[]) {
  describe(`staged receipts, ${profile} profile`, () => {
    let redis: Redis;
    let clock = Date.parse('2026-12-01T08:00:00Z');
    const alerts: EvidenceAlert[] = [];
    const prefix = `ev-${profile}`;
    const sealer = createSealer(profile);
    let ledger: EvidenceLedger;
    let audit: AuditLog;
    const caseUid = `440105-PSB-2026-${profile === 'national' ? '0002' : '0001'}`;
    const parties = { caseUid, messageId: 'msg-1', sender: 'procuratorate-440105', receiver: 'court-440105' };

    beforeAll(async () => {
      redis = new Redis(server.url);
      audit = new AuditLog(redis, { prefix, hashAlgorithm: profile === 'national' ? 'sm3' : 'sha256', now: () => clock });
      ledger = new EvidenceLedger(redis, {
        prefix,
        sealer,
        audit,
        now: () => clock,
        timeouts: { businessAnswerMs: 3_600_000, serviceMs: 86_400_000 },
        onAlert: (alert) => alerts.push(alert),
      });
    });
    afterAll(() => redis.quit());

    it('seals technical receipt, business answer and 送达回证, each chained in the audit log', async () => {
      const technical = await ledger.technicalReceipt(parties, {
        files: [file],
        messageDigest: `sha256:${'b'.repeat(64)}`,
        receiverAnswer: 'FHDM 0',
        courtService: true,
      });
      expect(technical.record).toMatchObject({ stage: 'technical', files: [file] });
      expect(technical.seal.alg).toBe(profile === 'national' ? 'sm2-sm3' : 'ed25519');
      clock += 60_000;
      await ledger.businessAnswer(parties, { decision: 'RETURNED', reason: '材料不全 missing the indictment annex' });
      clock += 60_000;
      await ledger.serviceReceipt(parties, { servedAt: '2026-12-01T09:30:00+08:00', servedTo: '被告人 defendant', method: 'electronic' });
      const pieces = await ledger.forCase(caseUid);
      expect(pieces.map((p) => p.record.stage)).toEqual(['technical', 'business', 'service']);
      expect(pieces[1]!.record.previous).toBe(pieces[0]!.seal.digest);
      const verdict = await audit.verify();
      expect(verdict.ok).toBe(true);
      const records = (await audit.tail(3)).map((t) => JSON.parse(t));
      expect(records.map((r) => [r.action, r.outcome])).toEqual([
        ['evidence', 'technical'],
        ['evidence', 'business'],
        ['evidence', 'service'],
      ]);
      // Both stages came: nothing overdue, even long after.
      clock += 10 * 86_400_000;
      expect(await ledger.sweep()).toEqual([]);
    });

    it('a receiver that never answers yields non-delivery evidence and an alert', async () => {
      const silent = { ...parties, messageId: 'msg-2', receiver: 'court-440106' };
      await ledger.technicalReceipt(silent, { files: [], messageDigest: `sha256:${'c'.repeat(64)}` });
      clock += 3_599_000;
      expect(await ledger.sweep()).toEqual([]);
      clock += 2_000;
      const [made] = await ledger.sweep();
      expect(made!.record).toMatchObject({ stage: 'non-delivery', expectedStage: 'business', messageId: 'msg-2', receiver: 'court-440106' });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ expectedStage: 'business', receiver: 'court-440106' });
      expect(await ledger.sweep()).toEqual([]);
    });

    it('exports a package that verifies offline, and refuses tampered ones', async () => {
      const pkg = await exportEvidencePackage(redis, caseUid, { prefix, profile, sealer, now: () => clock });
      expect(pkg.evidence).toHaveLength(5);
      expect(pkg.files).toEqual([file]);
      expect(verifyEvidencePackage(pkg)).toMatchObject({ ok: true, problems: [] });

      const path = join(dir, `${profile}.json`);
      writeFileSync(path, JSON.stringify(pkg));
      const trust = join(dir, `${profile}-keys.json`);
      writeFileSync(trust, JSON.stringify([sealer.key]));
      const ok = await cli('evidence', 'verify', path, '--trust', trust);
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/^OK .*5 pieces of evidence/);

      const edited = structuredClone(pkg);
      edited.evidence[1]!.record.reason = '已受理';
      writeFileSync(path, JSON.stringify(edited));
      const refused = await cli('evidence', 'verify', path);
      expect(refused.code).toBe(2);
      expect(refused.out).toMatch(/REFUSED[\s\S]*evidence 2 \(business msg-1\): content digest/);

      const removed = structuredClone(pkg);
      removed.evidence.splice(1, 1);
      expect(verifyEvidencePackage(removed).problems.join('\n')).toMatch(/package seal[\s\S]*removed or reordered/);

      const otherKey = createSealer(profile);
      expect(verifyEvidencePackage(pkg, [otherKey.key]).problems[0]).toMatch(/unknown seal key/);
      // Resealed by someone else with their own key: refused against the trusted keys.
      const forged = structuredClone(pkg);
      forged.evidence[1]!.record.reason = '已受理';
      forged.evidence[1]!.seal = otherKey.seal(forged.evidence[1]!.record);
      forged.keys.push(otherKey.key);
      expect(verifyEvidencePackage(forged, [sealer.key]).ok).toBe(false);
      expect(readFileSync(trust, 'utf8')).toContain(sealer.key.kid);
    });
  });
}

describe('one cryptography profile per Redis', () => {
  it('refuses an instance of the other profile until migrated', async () => {
    const redis = new Redis(server.url);
    try {
      await claimCryptoProfile(redis, 'standard', { prefix: 'prof' });
      await claimCryptoProfile(redis, 'standard', { prefix: 'prof' });
      await expect(claimCryptoProfile(redis, 'national', { prefix: 'prof' })).rejects.toThrow(CryptoProfileError);
      await expect(claimCryptoProfile(redis, 'national', { prefix: 'prof' })).rejects.toThrow(/混用/);
      expect(await claimCryptoProfile(redis, 'national', { prefix: 'prof', migrate: true })).toEqual({ profile: 'national', previous: 'standard' });
      await claimCryptoProfile(redis, 'national', { prefix: 'prof' });
    } finally {
      await redis.quit();
    }
  });
});
