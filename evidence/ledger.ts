import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AuditLog } from '../security/audit-log';
import type { EvidenceFile, EvidenceRecord, EvidenceStage, SealedEvidence } from './records';
import type { PublicSealKey, Seal, Sealer } from './seal';

export interface EvidenceTimeouts {
  /** After the technical receipt, the business answer (受理/退回) is due within this time. Unset: not expected. */
  businessAnswerMs?: number;
  /** For documents a court serves, the 送达回证 is due within this time after the technical receipt. */
  serviceMs?: number;
  /** After a delivery attempt starts, the technical receipt is due within this time. */
  technicalMs?: number;
}

export interface EvidenceAlert {
  caseUid: string;
  messageId: string;
  receiver: string;
  expectedStage: EvidenceStage;
  dueAt: string;
  evidence: SealedEvidence;
}

export interface EvidenceLedgerOptions {
  prefix?: string;
  sealer: Sealer;
  audit: AuditLog;
  timeouts?: EvidenceTimeouts;
  now?: () => number;
  onAlert?: (alert: EvidenceAlert) => void;
}

interface Parties {
  caseUid: string;
  messageId: string;
  sender: string;
  receiver: string;
}

interface Due extends Parties {
  stage: EvidenceStage;
}

/** An expected stage is known by (stage, receiver, message); the parties are kept beside it. */
function dueMember(p: Pick<Parties, 'messageId' | 'receiver'>, stage: EvidenceStage): string {
  return `${stage}|${p.receiver}|${p.messageId}`;
}

function partiesField(p: Pick<Parties, 'messageId' | 'receiver'>): string {
  return `${p.receiver}|${p.messageId}`;
}

/**
 * Records, seals and chains delivery evidence: each piece is sealed, appended to the audit log
 * (fail closed: no audit record, no evidence), and kept per case in Redis
 * (`<prefix>:{evidence}:case:<caseUid>`). Expected stages wait in `<prefix>:{evidence}:due`
 * (sorted by deadline); `sweep()` turns overdue ones into non-delivery evidence and an alert.
 */
export class EvidenceLedger {
  private readonly prefix: string;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly options: EvidenceLedgerOptions,
  ) {
    this.prefix = options.prefix ?? 'cl';
    this.now = options.now ?? Date.now;
  }

  caseKey(caseUid: string): string {
    return `${this.prefix}:{evidence}:case:${caseUid}`;
  }
  private get dueKey(): string {
    return `${this.prefix}:{evidence}:due`;
  }
  private get partiesKey(): string {
    return `${this.prefix}:{evidence}:parties`;
  }
  private get keysKey(): string {
    return `${this.prefix}:{evidence}:keys`;
  }
  private lastKey(messageId: string, receiver: string): string {
    return `${this.prefix}:{evidence}:last:${receiver}:${messageId}`;
  }

  /** The delivery started: the technical receipt is due (when `technicalMs` is set). */
  async deliveryStarted(parties: Parties): Promise<void> {
    if (this.options.timeouts?.technicalMs) await this.expect({ ...parties, stage: 'technical' }, this.options.timeouts.technicalMs);
  }

  /**
   * The receiver's system took the message. Schedules the business answer (unless `businessAnswer`
   * is false: a delivery no agency answers) and, for a court document served, the 送达回证.
   */
  async technicalReceipt(
    parties: Parties,
    detail: { files: EvidenceFile[]; messageDigest: string; receiverAnswer?: string; businessAnswer?: boolean; courtService?: boolean },
  ): Promise<SealedEvidence> {
    const sealed = await this.record(parties, 'technical', { files: detail.files, messageDigest: detail.messageDigest, receiverAnswer: detail.receiverAnswer });
    const { businessAnswerMs, serviceMs } = this.options.timeouts ?? {};
    if (businessAnswerMs && detail.businessAnswer !== false) await this.expect({ ...parties, stage: 'business' }, businessAnswerMs);
    if (detail.courtService && serviceMs) await this.expect({ ...parties, stage: 'service' }, serviceMs);
    return sealed;
  }

  /** The receiving agency's 受理/退回. `agencySeal`: the agency system's own signature, where it signs. */
  businessAnswer(parties: Parties, answer: { decision: 'ACCEPTED' | 'RETURNED'; reason?: string; agencySeal?: Seal }): Promise<SealedEvidence> {
    if (answer.decision === 'RETURNED' && !answer.reason) throw new TypeError('a return (退回) needs its reason (退回须说明理由)');
    return this.record(parties, 'business', { decision: answer.decision, ...(answer.reason ? { reason: answer.reason } : {}) }, answer.agencySeal);
  }

  /** The court's 送达回证: the document was served at `servedAt` to `servedTo`. */
  serviceReceipt(parties: Parties, service: { servedAt: string; servedTo: string; method: string; agencySeal?: Seal }): Promise<SealedEvidence> {
    return this.record(parties, 'service', { servedAt: service.servedAt, servedTo: service.servedTo, serviceMethod: service.method }, service.agencySeal);
  }

  /** Turns every expected stage past its time into non-delivery evidence and an alert. */
  async sweep(): Promise<SealedEvidence[]> {
    const overdue = await this.redis.zrangebyscore(this.dueKey, 0, this.now(), 'WITHSCORES');
    const made: SealedEvidence[] = [];
    for (let i = 0; i < overdue.length; i += 2) {
      const member = overdue[i]!;
      const [stage, receiver, ...rest] = member.split('|');
      const messageId = rest.join('|');
      const known = await this.redis.hget(this.partiesKey, `${receiver}|${messageId}`);
      const due: Due = {
        ...(known ? (JSON.parse(known) as Parties) : { caseUid: 'unknown', sender: 'unknown', receiver: receiver!, messageId }),
        stage: stage as EvidenceStage,
      };
      // Only one sweeper wins a member; others skip it.
      if ((await this.redis.zrem(this.dueKey, member)) !== 1) continue;
      const dueAt = new Date(Number(overdue[i + 1])).toISOString();
      const evidence = await this.record(due, 'non-delivery', { expectedStage: due.stage, dueAt });
      made.push(evidence);
      this.options.onAlert?.({ caseUid: due.caseUid, messageId: due.messageId, receiver: due.receiver, expectedStage: due.stage, dueAt, evidence });
    }
    return made;
  }

  async forCase(caseUid: string): Promise<SealedEvidence[]> {
    return (await this.redis.lrange(this.caseKey(caseUid), 0, -1)).map((text) => JSON.parse(text) as SealedEvidence);
  }

  /** Every public key that ever sealed evidence here (rotation keeps old ones verifiable). */
  async keys(): Promise<PublicSealKey[]> {
    return Object.values(await this.redis.hgetall(this.keysKey)).map((text) => JSON.parse(text) as PublicSealKey);
  }

  private async expect(due: Due, withinMs: number): Promise<void> {
    await this.redis.zadd(this.dueKey, this.now() + withinMs, dueMember(due, due.stage));
  }

  /**
   * The parties of an answered delivery as the technical receipt recorded them (case, original sender),
   * for an answer that names only the message it answers and who answers.
   */
  async partiesOf(messageId: string, receiver: string): Promise<Parties | undefined> {
    const known = await this.redis.hget(this.partiesKey, partiesField({ messageId, receiver }));
    return known ? (JSON.parse(known) as Parties) : undefined;
  }

  private async record(parties: Parties, stage: EvidenceStage, fields: Partial<EvidenceRecord>, agencySeal?: Seal): Promise<SealedEvidence> {
    const previous = (await this.redis.get(this.lastKey(parties.messageId, parties.receiver))) ?? undefined;
    const record: EvidenceRecord = {
      format: 'caselink-evidence-v1',
      id: randomUUID(),
      stage,
      caseUid: parties.caseUid,
      messageId: parties.messageId,
      sender: parties.sender,
      receiver: parties.receiver,
      at: new Date(this.now()).toISOString(),
      ...fields,
      ...(previous ? { previous } : {}),
    };
    const seal = this.options.sealer.seal(record);
    // Chained in the audit log first (throws AuditUnavailableError: the caller retries).
    const auditRecord = await this.options.audit.append({
      actor: 'evidence',
      action: 'evidence',
      subject: parties.messageId,
      outcome: stage,
      detail: { evidenceId: record.id, digest: seal.digest, kid: seal.kid, receiver: parties.receiver },
    });
    const sealed: SealedEvidence = { record, seal, ...(agencySeal ? { agencySeal } : {}), auditSeq: auditRecord.seq };
    const key = this.options.sealer.key;
    const fulfilled = stage === 'non-delivery' ? [] : [dueMember(parties, stage)];
    const multi = this.redis
      .multi()
      .rpush(this.caseKey(parties.caseUid), JSON.stringify(sealed))
      .set(this.lastKey(parties.messageId, parties.receiver), seal.digest)
      .hset(this.keysKey, key.kid, JSON.stringify(key))
      .hset(
        this.partiesKey,
        partiesField(parties),
        JSON.stringify({ caseUid: parties.caseUid, messageId: parties.messageId, sender: parties.sender, receiver: parties.receiver }),
      );
    for (const member of fulfilled) multi.zrem(this.dueKey, member);
    await multi.exec();
    return sealed;
  }
}
