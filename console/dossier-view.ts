import type { Readable } from 'node:stream';
import type { BlobStore } from '../dossier/blob-store';
import type { ContentAddress } from '../dossier/digests';
import type { DossierIndex, DossierEntry } from '../dossier/dossier-index';
import { BlobError } from '../dossier/errors';
import type { EvidenceLedger } from '../evidence/ledger';
import { STAGE_LABELS, type EvidenceStage } from '../evidence/records';
import type { AuditLog } from '../security/audit-log';
import { ConsoleError, bilingual, notFound, unavailable } from './errors';

/** What the dossier view reads: the runtime's attachment store, the case index and the evidence ledger of the Redis. */
export interface DossierSources {
  store: BlobStore;
  index: DossierIndex;
  ledger: EvidenceLedger;
}

export interface DossierFileView extends DossierEntry {
  /** Which receiver's system took this file, and when (technical receipts). */
  receivedBy: Array<{ receiver: string; at: string }>;
}

export interface DossierView {
  caseUid: string;
  files: DossierFileView[];
  /** Every piece of delivery evidence of the case, oldest first: the case timeline's receipt stages. */
  evidence: Array<{
    stage: EvidenceStage;
    label: { 'zh-CN': string; 'en-US': string };
    messageId: string;
    receiver: string;
    at: string;
    decision?: string;
    reason?: string;
    servedAt?: string;
    expectedStage?: string;
    sealedBy: string;
    digest: string;
  }>;
}

export async function dossierView(sources: DossierSources, caseUid: string): Promise<DossierView> {
  const [entries, evidence] = await Promise.all([sources.index.list(caseUid), sources.ledger.forCase(caseUid)]);
  const receipts = evidence.filter((e) => e.record.stage === 'technical');
  return {
    caseUid,
    files: entries.map((entry) => ({
      ...entry,
      receivedBy: receipts
        .filter((r) => r.record.messageId === entry.messageId && (r.record.files ?? []).some((f) => f.sha256 === entry.sha256))
        .map((r) => ({ receiver: r.record.receiver, at: r.record.at })),
    })),
    evidence: evidence.map(({ record, seal }) => ({
      stage: record.stage,
      label: STAGE_LABELS[record.stage],
      messageId: record.messageId,
      receiver: record.receiver,
      at: record.at,
      ...(record.decision ? { decision: record.decision } : {}),
      ...(record.reason ? { reason: record.reason } : {}),
      ...(record.servedAt ? { servedAt: record.servedAt } : {}),
      ...(record.expectedStage ? { expectedStage: record.expectedStage } : {}),
      sealedBy: seal.kid,
      digest: seal.digest,
    })),
  };
}

/** A file the console answers as a streamed download instead of JSON. */
export class ConsoleDownload {
  constructor(
    readonly fileName: string,
    readonly mediaType: string,
    readonly size: number,
    readonly body: Readable,
  ) {}
}

/**
 * A file of the case's dossier, for an operator with caselink.write: audited (`dossier-access`,
 * fail closed: no record, no file) before the first byte, streamed and verified.
 */
export async function dossierDownload(
  sources: DossierSources,
  audit: AuditLog | undefined,
  caseUid: string,
  sha256: string,
  user: string,
  reason: unknown,
): Promise<ConsoleDownload> {
  if (typeof reason !== 'string' || reason.trim().length < 2) {
    throw new ConsoleError(400, 'REASON_REQUIRED', bilingual('a reason for the download is required', '下载须填写原因'));
  }
  if (!audit) throw unavailable('the audit log is not available, so no file is given out', '审计日志不可用，不提供下载');
  const entry = (await sources.index.list(caseUid)).find((e) => e.sha256 === sha256);
  if (!entry) throw notFound(`no file ${sha256} in the dossier of ${caseUid}`, '该案卷宗中无此文件');
  try {
    await audit.append({
      actor: `console:${user}`,
      action: 'dossier-access',
      subject: caseUid,
      outcome: 'download',
      detail: { contentRef: entry.contentRef, fileName: entry.fileName, reason: reason.trim().slice(0, 200) },
    });
  } catch (error) {
    throw unavailable(`download refused: ${(error as Error).message}`, '审计记录失败，拒绝下载');
  }
  try {
    return new ConsoleDownload(entry.fileName, entry.mediaType, entry.size, await sources.store.open(entry.contentRef as ContentAddress));
  } catch (error) {
    if (error instanceof BlobError) throw new ConsoleError(error.retryable ? 503 : error.code === 'BLOB_MISSING' ? 404 : 500, error.code, error.message);
    throw error;
  }
}
