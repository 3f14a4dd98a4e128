/**
 * Builders of valid unified messages for tests and benchmarks. Every message passes the real
 * schema (`validateMessage`); an invalid one throws naming the fields.
 */
import {
  MESSAGE_TYPES,
  standardVersionFor,
  validateMessage,
  type Agency,
  type CustodyMeasure,
  type MessageType,
  type PayloadOf,
  type Process,
  type Track,
  type UnifiedMessage,
} from '../../standard';

const ORG_TYPE: Record<Agency, string> = {
  PSB: '01',
  PROCURATORATE: '02',
  COURT: '03',
  LEGAL_AID_CENTER: '04',
  DETENTION_CENTER: '05',
  COMMUNITY_CORRECTIONS: '06',
  PRISON: '05', // prisons have no platform org type; reached through the provincial gateway
};

export function org(agency: Agency, division = '440105'): { agency: Agency; division: string; orgCode: string } {
  return { agency, division, orgCode: `${division}${ORG_TYPE[agency]}0000` };
}

export interface CaseContext {
  /** Crime division (and the agencies' division); default 440105 海珠. */
  division?: string;
  /** Set on every message when given (outgoing messages carry the uid). */
  caseUid?: string;
  localCaseNumbers?: Array<{ system: Agency; number: string }>;
  track?: Track;
  /** Custody measure of the suspect; null = no custody information. Default DETAINED. */
  custody?: CustodyMeasure | null;
  custodySince?: string;
  suspect?: string;
  /** Limit-selecting circumstances on every snapshot (standard 1.x). */
  circumstances?: Array<'ROVING' | 'REPEATED' | 'GANG' | 'MAJOR_COMPLEX'>;
}

export interface MessageExtra {
  from?: Agency;
  to?: Agency;
  messageId?: string;
  process?: Process;
  /** Extra local case numbers on this message only. */
  numbers?: Array<{ system: Agency; number: string }>;
  docNo?: string;
  /** Overrides the context's caseUid for this message (null = none). */
  caseUid?: string | null;
  /** Check against the schema (default true); bulk generators of known-good messages may skip it. */
  validate?: boolean;
}

let sequence = 0;

/** A fresh message id (unique in this process). */
export function nextMessageId(prefix = 'MSG'): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

/** One valid unified message of `type`, from/to the usual agencies of its route unless given. */
export function unifiedMessage<T extends MessageType>(
  type: T,
  sentAt: string,
  payload: PayloadOf<T>,
  context: CaseContext = {},
  extra: MessageExtra = {},
): UnifiedMessage {
  const info = MESSAGE_TYPES[type];
  const division = context.division ?? '440105';
  const caseUid = extra.caseUid === null ? undefined : (extra.caseUid ?? context.caseUid);
  const custody = context.custody === undefined ? 'DETAINED' : context.custody;
  const raw = {
    standardVersion: '1.0' as string,
    messageId: extra.messageId ?? nextMessageId(),
    messageType: type,
    process: extra.process ?? info.processes[0],
    ...(caseUid && { caseUid }),
    localCaseNumbers: [...(context.localCaseNumbers ?? []), ...(extra.numbers ?? [])],
    sender: org(extra.from ?? info.from[0]!, division),
    receiver: org(extra.to ?? info.to[0]!, division),
    sentAt,
    case: {
      charge: { code: 'THEFT' },
      amountYuan: 5000,
      guiltyPlea: true,
      crimeDivision: division,
      ...(context.track && { track: context.track }),
      ...(context.circumstances && { circumstances: context.circumstances }),
    },
    persons: [
      {
        role: 'SUSPECT',
        name: context.suspect ?? '张三',
        ...(custody !== null && { custody: { measure: custody, ...(context.custodySince && { since: context.custodySince }) } }),
      },
    ],
    documents: extra.docNo ? [{ docType: type, docNo: extra.docNo, attachments: [] }] : [],
    payload,
  };
  // The lowest version that holds the message, as the adapters write it (1.x additions need 1.1).
  raw.standardVersion = standardVersionFor(raw);
  if (extra.validate === false) return raw as UnifiedMessage;
  const result = validateMessage(raw);
  if (!result.ok) throw new Error(`test message ${type} is invalid: ${JSON.stringify(result.issues)}`);
  return result.message;
}

/** Messages of one case: shares the context (numbers, track, custody, caseUid once known). */
export class CaseMessages {
  constructor(public context: CaseContext = {}) {}

  msg<T extends MessageType>(type: T, sentAt: string, payload: PayloadOf<T>, extra: MessageExtra = {}): UnifiedMessage {
    return unifiedMessage(type, sentAt, payload, this.context, extra);
  }

  /** Later messages carry this caseUid. */
  withUid(caseUid: string): this {
    this.context = { ...this.context, caseUid };
    return this;
  }
}

/** Beijing wall-clock time `YYYY-MM-DD[THH:mm]` → ISO 8601 with +08:00. */
export function bj(dateTime: string): string {
  const [date, time = '09:00'] = dateTime.split('T');
  return `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`;
}

/** Epoch ms of a Beijing wall-clock time. */
export function bjMs(dateTime: string): number {
  return Date.parse(bj(dateTime));
}
