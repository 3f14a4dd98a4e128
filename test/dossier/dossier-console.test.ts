import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleDownload } from '../../dist/console/api.js';
import { dossierDownload, dossierView } from '../../dist/console/dossier-view.js';
import { CONSOLE_ROUTES } from '../../dist/console/routes.js';
import { DossierIndex, dossierEntriesOf, externaliseAttachments, FsBlobStore } from '../../dist/dossier/index.js';
import { createSealer, EvidenceLedger } from '../../dist/evidence/index.js';
import { AuditLog } from '../../dist/security/audit-log.js';
import { startRedisServer, type RedisServer } from '../support/redis-server';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the dossier of a case in the console API', () => {
  const root = mkdtempSync(join(tmpdir(), 'caselink-dossier-'));
  let server: RedisServer;
  let redis: Redis;
  let sources: { store: FsBlobStore; index: DossierIndex; ledger: EvidenceLedger };
  let audit: AuditLog;
  const caseUid = '440105-PSB-2026-000123';
  const pdf = Buffer.from('%PDF-1.7 提请批准逮捕书');
  const video = Buffer.alloc(300_000, 7);

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
    audit = new AuditLog(redis, { prefix: 'dz' });
    sources = {
      store: new FsBlobStore(root),
      index: new DossierIndex(redis, 'dz'),
      ledger: new EvidenceLedger(redis, { prefix: 'dz', audit, sealer: createSealer('standard') }),
    };
    const message = {
      messageId: 'psb-msg-1',
      caseUid,
      sender: { agency: 'PSB', orgCode: '440105010000', division: '440105' },
      documents: [
        {
          docType: 'ARREST_REQUEST' as const,
          docNo: '穗公(海)提捕字[2026]123号',
          attachments: [
            { fileName: '提请批准逮捕书.pdf', mediaType: 'application/pdf', size: pdf.length, sha256: sha256(pdf), content: pdf.toString('base64') },
            { fileName: '讯问录像.mp4', mediaType: 'video/mp4', size: video.length, sha256: sha256(video), content: video.toString('base64') },
          ],
        },
      ],
    };
    const { message: out, stored } = await externaliseAttachments(message, sources.store);
    await sources.index.add(caseUid, dossierEntriesOf(out, stored, Date.parse('2026-12-01T08:00:00Z')));
    await sources.ledger.technicalReceipt(
      { caseUid, messageId: 'psb-msg-1', sender: 'PSB 440105010000', receiver: 'procuratorate-440105' },
      {
        files: [
          { fileName: '提请批准逮捕书.pdf', size: pdf.length, sha256: sha256(pdf) },
          { fileName: '讯问录像.mp4', size: video.length, sha256: sha256(video) },
        ],
        messageDigest: `sha256:${'d'.repeat(64)}`,
      },
    );
  });
  afterAll(async () => {
    await redis.quit();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists every file with hash, sender, size and who received it when, and the receipt stages', async () => {
    const view = await dossierView(sources, caseUid);
    expect(view.files.map((f) => [f.fileName, f.size, f.sha256, f.sender, f.docType])).toEqual(
      [
        ['提请批准逮捕书.pdf', pdf.length, sha256(pdf), 'PSB 440105010000', 'ARREST_REQUEST'],
        ['讯问录像.mp4', video.length, sha256(video), 'PSB 440105010000', 'ARREST_REQUEST'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(view.files[0]!.receivedBy).toEqual([{ receiver: 'procuratorate-440105', at: expect.any(String) }]);
    expect(view.evidence).toEqual([
      expect.objectContaining({ stage: 'technical', label: { 'zh-CN': '技术回执（已接收）', 'en-US': 'Technical receipt (received)' } }),
    ]);
  });

  it('gives a file out only with a reason, audited first, streamed', async () => {
    await expect(dossierDownload(sources, audit, caseUid, sha256(video), 'wang', '')).rejects.toThrow(/下载须填写原因/);
    const file = await dossierDownload(sources, audit, caseUid, sha256(video), 'wang', '庭前核对 pre-trial check');
    expect(file.constructor.name).toBe(ConsoleDownload.name);
    const parts: Buffer[] = [];
    for await (const part of file.body) parts.push(part as Buffer);
    expect(Buffer.concat(parts).equals(video)).toBe(true);
    const [last] = (await audit.tail(1)).map((t) => JSON.parse(t));
    expect(last).toMatchObject({ actor: 'console:wang', action: 'dossier-access', outcome: 'download' });
    await expect(dossierDownload(sources, audit, caseUid, '0'.repeat(64), 'wang', 'x y')).rejects.toThrow(/卷宗中无此文件/);
  });

  it('is routed: the list for caselink.read, the download for caselink.write only', () => {
    const list = CONSOLE_ROUTES.find((r) => r.path === '/cases/:caseUid/dossier');
    const download = CONSOLE_ROUTES.find((r) => r.path === '/cases/:caseUid/dossier/:sha256/download');
    expect(list).toMatchObject({ method: 'get', permission: 'caselink.read' });
    expect(download).toMatchObject({ method: 'post', permission: 'caselink.write' });
  });
});
