import type { Seal } from './seal';

/**
 * Staged delivery evidence (e-CODEX delivery evidences, the German eEB, the court's 送达回证):
 *   technical     — the receiver's system took the message: what it was given, with hashes;
 *   business      — the receiving agency's answer: 受理 (ACCEPTED) or 退回 (RETURNED) with a reason;
 *   service       — a court document served: 送达回证 with the time of service and recipient;
 *   non-delivery  — an expected stage did not come in its configured time.
 */
export const EVIDENCE_STAGES = ['technical', 'business', 'service', 'non-delivery'] as const;
export type EvidenceStage = (typeof EVIDENCE_STAGES)[number];

export const STAGE_LABELS: Record<EvidenceStage, { 'zh-CN': string; 'en-US': string }> = {
  technical: { 'zh-CN': '技术回执（已接收）', 'en-US': 'Technical receipt (received)' },
  business: { 'zh-CN': '业务回执（受理/退回）', 'en-US': 'Business answer (accepted/returned)' },
  service: { 'zh-CN': '电子送达回证', 'en-US': 'Certificate of service' },
  'non-delivery': { 'zh-CN': '未送达证明', 'en-US': 'Non-delivery evidence' },
};

export interface EvidenceFile {
  fileName: string;
  size: number;
  sha256: string;
  sm3?: string;
}

export interface EvidenceRecord {
  format: 'caselink-evidence-v1';
  id: string;
  stage: EvidenceStage;
  caseUid: string;
  messageId: string;
  /** Sender and receiver system instances or agencies (`psb-440105`, `court-440105`). */
  sender: string;
  receiver: string;
  /** ISO 8601, when the platform recorded it. */
  at: string;
  /** What the receiver was given (technical receipt) — the hashes of the files. */
  files?: EvidenceFile[];
  /** Digest of the delivered unified message (canonical JSON), `sha256:`/`sm3:`. */
  messageDigest?: string;
  /** The receiver system's own answer text or code, as it gave it. */
  receiverAnswer?: string;
  decision?: 'ACCEPTED' | 'RETURNED';
  reason?: string;
  /** 送达回证: when and to whom the document was served, and how. */
  servedAt?: string;
  servedTo?: string;
  serviceMethod?: string;
  /** non-delivery: which stage was expected by when. */
  expectedStage?: EvidenceStage;
  dueAt?: string;
  /** The seal digest of this message's previous evidence (a chain per message). */
  previous?: string;
}

export interface SealedEvidence {
  record: EvidenceRecord;
  /** The platform's seal; an agency system's own seal, where it signs, rides beside it. */
  seal: Seal;
  agencySeal?: Seal;
  /** The audit log record that chains this evidence (seq). */
  auditSeq?: number;
}
