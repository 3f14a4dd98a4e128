/**
 * A robbery case with two defendants (standard 1.1): 张三 (D1, arrested 2024-01-10, no plea, legal
 * aid defender) and 李四 (D2, arrested 2024-01-20, signed plea). Only 张三 appeals; the intermediate
 * court revises his sentence (改判). Every message passes validateMessage.
 */
import { validateMessage, type Agency, type MessageType, type PayloadOf, type Process, type UnifiedMessage } from '../../standard';

export const CASE_UID = 'GZ-440105-2024-000077';
export const ARRESTED_ON = { D1: '2024-01-10', D2: '2024-01-20' } as const;

const ORG: Partial<Record<Agency, { agency: Agency; division: string; orgCode: string }>> = {
  PSB: { agency: 'PSB', division: '440105', orgCode: '440105010000' },
  PROCURATORATE: { agency: 'PROCURATORATE', division: '440105', orgCode: '440105020000' },
  COURT: { agency: 'COURT', division: '440105', orgCode: '440105030000' },
};
/** 广州市中级人民法院, outside the pilot districts (its city division code stands in the org code). */
export const SECOND_COURT = { agency: 'COURT' as const, division: '440100', orgCode: '440100030000' };

const persons = (measure: 'ARRESTED' | 'DETAINED') => [
  {
    role: 'DEFENDANT' as const,
    name: '张三',
    personId: 'D1',
    charges: [{ code: 'CL263' }, { code: 'CL234' }],
    plea: 'NONE' as const,
    custody: { measure, since: measure === 'ARRESTED' ? ARRESTED_ON.D1 : '2024-01-03' },
    legalAid: { aidType: 'DEFENDER' as const, lawyer: { name: '王律师' } },
  },
  {
    role: 'DEFENDANT' as const,
    name: '李四',
    personId: 'D2',
    charges: [{ code: 'CL263' }],
    plea: 'SIGNED' as const,
    custody: { measure, since: measure === 'ARRESTED' ? ARRESTED_ON.D2 : '2024-01-13' },
  },
];

interface Extra {
  process?: Process;
  sender?: object;
  receiver?: object;
  measure?: 'ARRESTED' | 'DETAINED';
}

let sequence = 0;
export function caseMessage<T extends MessageType>(
  type: T,
  from: Agency,
  to: Agency,
  sentAt: string,
  payload: PayloadOf<T>,
  extra: Extra = {},
): UnifiedMessage {
  sequence += 1;
  const raw = {
    standardVersion: '1.1',
    messageId: `TWO-DEF-${String(sequence).padStart(3, '0')}-${type}`,
    messageType: type,
    process: extra.process ?? 'FIRST_INSTANCE_TRIAL',
    caseUid: CASE_UID,
    localCaseNumbers: [],
    sender: extra.sender ?? ORG[from],
    receiver: extra.receiver ?? ORG[to],
    sentAt,
    case: { name: '张三、李四抢劫案', charges: [{ code: 'CL263' }, { code: 'CL234' }], crimeDivision: '440105' },
    persons: persons(extra.measure ?? 'ARRESTED'),
    documents: [],
    payload,
  };
  const result = validateMessage(raw);
  if (!result.ok) throw new Error(`${type} invalid: ${JSON.stringify(result.issues)}`);
  return result.message;
}

/** The indictment of both defendants: 李四 (D2) with a sentencing recommendation and a plea affidavit signed on `pleaSignedAt`. */
export function indictmentOfBoth(pleaSignedAt: string): PayloadOf<'INDICTMENT'> {
  return {
    procedure: 'ORDINARY',
    defendants: [
      { personId: 'D1', charges: [{ code: 'CL263' }, { code: 'CL234' }] },
      {
        personId: 'D2',
        charges: [{ code: 'CL263' }],
        sentencingRecommendation: { principal: 'FIXED_TERM', kind: 'FIXED', termMonths: 24, probationMonths: 36 },
        pleaAffidavit: { signedAt: pleaSignedAt, status: 'SIGNED' },
      },
    ],
  };
}

/** From the intermediate court to the procuratorate, in the second instance. */
function fromSecondCourt<T extends MessageType>(type: T, sentAt: string, payload: PayloadOf<T>): UnifiedMessage {
  return caseMessage(type, 'COURT', 'PROCURATORATE', sentAt, payload, { process: 'SECOND_INSTANCE', sender: SECOND_COURT });
}

/** The first-instance court sends the case up to the intermediate court. */
function toSecondCourt(sentAt: string, payload: PayloadOf<'SECOND_INSTANCE_TRANSFER'>): UnifiedMessage {
  return caseMessage('SECOND_INSTANCE_TRANSFER', 'COURT', 'COURT', sentAt, payload, { process: 'SECOND_INSTANCE', receiver: SECOND_COURT });
}

/** The case from the arrest request to the second-instance judgment taking effect. */
export function twoDefendantAppealCase(): UnifiedMessage[] {
  return [...firstInstance(), ...appealByD1()];
}

/** The same case protested by the procuratorate (李四's sentence too light), remanded for retrial. */
export function twoDefendantProtestCase(): UnifiedMessage[] {
  const m = caseMessage;
  return [
    ...firstInstance(),
    m('PROTEST', 'PROCURATORATE', 'COURT', '2024-04-30T09:00:00+08:00', {
      protestedOn: '2024-04-30',
      against: 'JUDGMENT',
      personIds: ['D2'],
      grounds: '量刑畸轻',
    }),
    toSecondCourt('2024-05-06T09:00:00+08:00', { transferredOn: '2024-05-06', grounds: 'PROTEST', personIds: ['D2'] }),
    fromSecondCourt('SECOND_INSTANCE_ACCEPTED', '2024-05-08T09:00:00+08:00', { acceptedOn: '2024-05-08', hearing: 'OPEN_HEARING' }),
    fromSecondCourt('SECOND_INSTANCE_DECISION', '2024-06-14T09:00:00+08:00', {
      form: 'RULING',
      outcome: 'REMANDED',
      decidedOn: '2024-06-14',
      reason: '事实不清、证据不足',
    }),
  ];
}

function firstInstance(): UnifiedMessage[] {
  const m = caseMessage;
  return [
    m(
      'ARREST_REQUEST',
      'PSB',
      'PROCURATORATE',
      '2024-01-05T09:00:00+08:00',
      { detentionDate: '2024-01-03' },
      { process: 'ARREST_REVIEW', measure: 'DETAINED' },
    ),
    m('ACCEPTANCE_ACK', 'PROCURATORATE', 'PSB', '2024-01-05T10:00:00+08:00', {}, { process: 'ARREST_REVIEW', measure: 'DETAINED' }),
    m('ARREST_APPROVAL', 'PROCURATORATE', 'PSB', '2024-01-09T10:00:00+08:00', { decision: 'APPROVED' }, { process: 'ARREST_REVIEW', measure: 'DETAINED' }),
    m('ARREST_EXECUTION_RECEIPT', 'PSB', 'PROCURATORATE', '2024-01-20T16:00:00+08:00', { executedOn: '2024-01-20' }, { process: 'ARREST_REVIEW' }),
    m('PROSECUTION_OPINION', 'PSB', 'PROCURATORATE', '2024-03-01T09:00:00+08:00', {}, { process: 'PROSECUTION_REVIEW' }),
    m('INDICTMENT', 'PROCURATORATE', 'COURT', '2024-03-25T09:00:00+08:00', indictmentOfBoth('2024-03-20'), { process: 'PUBLIC_PROSECUTION' }),
    m(
      'CASE_ACCEPTED',
      'COURT',
      'PROCURATORATE',
      '2024-03-27T09:00:00+08:00',
      { procedure: 'ORDINARY', acceptedOn: '2024-03-27' },
      { process: 'PUBLIC_PROSECUTION' },
    ),
    m('HEARING_NOTICE', 'COURT', 'PROCURATORATE', '2024-04-08T09:00:00+08:00', { hearingAt: '2024-04-15T09:00:00+08:00' }),
    m('JUDGMENT', 'COURT', 'PROCURATORATE', '2024-04-22T09:00:00+08:00', {
      verdict: 'CONVICTED',
      pronouncedOn: '2024-04-22',
      defendants: [
        {
          personId: 'D1',
          verdict: 'CONVICTED',
          sentence: {
            principal: 'FIXED_TERM',
            term: { years: 6, months: 6 },
            accessories: [{ kind: 'FINE', amountYuan: 10000 }],
            termStart: '2024-01-10',
            termEnd: '2030-07-09',
          },
        },
        {
          personId: 'D2',
          verdict: 'CONVICTED',
          sentence: {
            principal: 'FIXED_TERM',
            term: { years: 2 },
            suspended: true,
            probation: { years: 3 },
            accessories: [{ kind: 'FINE', amountYuan: 3000 }],
          },
        },
      ],
    }),
    m('SERVICE_RECEIPT', 'PROCURATORATE', 'COURT', '2024-04-23T09:00:00+08:00', { servedAt: '2024-04-23' }),
  ];
}

function appealByD1(): UnifiedMessage[] {
  const m = caseMessage;
  return [
    m('APPEAL', 'COURT', 'PROCURATORATE', '2024-04-29T09:00:00+08:00', {
      personIds: ['D1'],
      appealedOn: '2024-04-28',
      against: 'JUDGMENT',
      lodgedWith: 'FIRST_INSTANCE_COURT',
    }),
    toSecondCourt('2024-04-30T09:00:00+08:00', { transferredOn: '2024-04-30', grounds: 'APPEAL', personIds: ['D1'] }),
    fromSecondCourt('SECOND_INSTANCE_ACCEPTED', '2024-05-06T09:00:00+08:00', {
      courtCaseNo: '(2024)粤01刑终88号',
      acceptedOn: '2024-05-06',
      hearing: 'OPEN_HEARING',
    }),
    fromSecondCourt('HEARING_NOTICE', '2024-05-20T09:00:00+08:00', { hearingAt: '2024-06-03T09:00:00+08:00' }),
    fromSecondCourt('SECOND_INSTANCE_DECISION', '2024-06-20T09:00:00+08:00', {
      form: 'JUDGMENT',
      outcome: 'REVISED',
      decidedOn: '2024-06-20',
      defendants: [
        {
          personId: 'D1',
          verdict: 'CONVICTED',
          sentence: {
            principal: 'FIXED_TERM',
            term: { years: 5 },
            accessories: [{ kind: 'FINE', amountYuan: 10000 }],
            termStart: '2024-01-10',
            termEnd: '2029-01-09',
          },
        },
      ],
    }),
    fromSecondCourt('JUDGMENT_EFFECTIVE', '2024-06-21T09:00:00+08:00', { effectiveDate: '2024-06-20' }),
  ];
}
