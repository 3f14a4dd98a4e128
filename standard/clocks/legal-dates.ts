import type { MessageType } from '../codes/message-types';
import type { UnifiedMessage } from '../schema/message';

/**
 * The legal date a message states: the day the law counts from or to (receipt of the request,
 * day of arrest, service, judgment effective, report to community corrections …), as opposed to
 * the instant the message travelled. Clocks start and stop on it; where the message does not
 * state it, the send time stands in and the deadline is marked estimated.
 */
export interface LegalDate {
  /** `YYYY-MM-DD` or an ISO date-time with a zone. */
  at: string;
  /** Where it came from: `payload.<field>`, `documents[<type>].issuedAt`, `persons.custody.since`, or `sentAt`. */
  source: string;
  /** The send time stood in for a legal date the law counts from (the deadline is an estimate). */
  estimated: boolean;
}

interface LegalDateRule {
  /** Payload field holding the date, most specific first. */
  fields: readonly string[];
  /** The message's own legal document is dated on the act (受理回执, 决定书, 受理案件通知书): its issue date counts. */
  documentDated?: true;
  /** The act is an arrest: an arrested person's custody date counts (CPL 156). */
  arrestDate?: true;
}

/** The payload fields carrying each message type's legal date (standard 1.0 fields, plus the 1.x additions). */
export const LEGAL_DATE_RULES: Readonly<Partial<Record<MessageType, LegalDateRule>>> = {
  ACCEPTANCE_ACK: { fields: ['receivedAt'], documentDated: true },
  ARREST_APPROVAL: { fields: ['decisionDate'], documentDated: true },
  ARREST_DENIAL: { fields: ['decisionDate'], documentDated: true },
  ARREST_EXECUTION_RECEIPT: { fields: ['executedOn'], arrestDate: true },
  DENIAL_EXECUTION_RECEIPT: { fields: ['executedOn'] },
  RECONSIDERATION_DECISION: { fields: ['decisionDate'], documentDated: true },
  REVIEW_DECISION: { fields: ['decisionDate'], documentDated: true },
  SUPP_INV_RETURN: { fields: ['decisionDate'], documentDated: true },
  NON_PROSECUTION_DECISION: { fields: ['decisionDate'], documentDated: true },
  INDICTMENT: { fields: ['decisionDate'] },
  REVIEW_EXTENSION: { fields: ['decisionDate'], documentDated: true },
  DEADLINE_EXTENSION: { fields: ['decisionDate'], documentDated: true },
  CASE_ACCEPTED: { fields: ['acceptedOn'], documentDated: true },
  JUDGMENT: { fields: ['pronouncedOn'] },
  SERVICE_RECEIPT: { fields: ['servedAt'] },
  JUDGMENT_EFFECTIVE: { fields: ['effectiveDate'] },
  EXECUTION_RECEIPT: { fields: ['receivedAt'] },
  CC_RECEIPT: { fields: ['receivedAt'] },
  PRISONER_TRANSFER: { fields: ['transferredOn'] },
  ADMISSION_NOTICE: { fields: ['admittedOn'] },
  CC_REPORTED: { fields: ['reportedAt'] },
  // 1.x: supplementary investigation and change of jurisdiction during trial (CPL 205, 208), legal aid objection (LAL 49).
  TRIAL_POSTPONEMENT: { fields: ['decisionDate'], documentDated: true },
  TRIAL_RESUMPTION_REQUEST: { fields: ['transferredOn'] },
  TRIAL_JURISDICTION_CHANGE: { fields: ['decisionDate'], documentDated: true },
  LEGAL_AID_OBJECTION: { fields: ['receivedOn'] },
  LEGAL_AID_OBJECTION_DECISION: { fields: ['decisionDate'], documentDated: true },
};

/**
 * Messages whose clocks count from the other side's receipt (CPL 172: 审查起诉 from the day the
 * procuratorate receives the case), which only the acknowledgement states: until it arrives the
 * send time is an estimate.
 */
const COUNTED_FROM_RECEIPT: ReadonlySet<MessageType> = new Set<MessageType>(['PROSECUTION_OPINION', 'SUPP_INV_REPORT']);

function payloadDate(message: UnifiedMessage, field: string): string | undefined {
  const value = (message.payload as Record<string, unknown>)[field];
  return typeof value === 'string' && value.length >= 10 ? value : undefined;
}

/** The legal date of one message (see `LegalDate`); `field` asks for one payload field instead of the type's rule. */
export function legalDateOf(message: UnifiedMessage, field?: string): LegalDate {
  // The other side's receipt of this very message (no payload states it; electronic delivery is immediate).
  if (field === 'sentAt') return { at: message.sentAt, source: 'sentAt', estimated: false };
  if (field !== undefined) {
    const at = payloadDate(message, field);
    return at ? { at, source: `payload.${field}`, estimated: false } : { at: message.sentAt, source: 'sentAt', estimated: true };
  }
  const rule = LEGAL_DATE_RULES[message.messageType];
  if (!rule) return { at: message.sentAt, source: 'sentAt', estimated: COUNTED_FROM_RECEIPT.has(message.messageType) };
  for (const name of rule.fields) {
    const at = payloadDate(message, name);
    if (at) return { at, source: `payload.${name}`, estimated: false };
  }
  if (rule.documentDated) {
    const own = message.documents.find((d) => d.docType === message.messageType && d.issuedAt);
    if (own?.issuedAt) return { at: own.issuedAt, source: `documents[${message.messageType}].issuedAt`, estimated: false };
  }
  if (rule.arrestDate) {
    const arrested = message.persons.find((p) => p.custody?.measure === 'ARRESTED' && p.custody.since);
    if (arrested?.custody?.since) return { at: arrested.custody.since, source: 'persons.custody.since', estimated: false };
  }
  return { at: message.sentAt, source: 'sentAt', estimated: true };
}
