/**
 * A guilty-plea theft case (认罪认罚 盗窃) through all six processes, as unified messages: the demo
 * traffic of `npm start`, the end-to-end test and the platform benchmark. Every message is built
 * for one district and a case number so many cases can run side by side.
 */
import type { SystemKind } from '../adapters/types';
import { DIVISIONS, type Division, type PilotDivision } from '../standard/codes/divisions';
import type { Agency } from '../standard/codes/agencies';
import type { UnifiedMessage } from '../standard/schema/message';
import type { Process } from '../standard/codes/processes';
import { BUILTIN_ADAPTERS } from '../adapters/builtins';

/** The built-in system serving an agency type (the demo plays the built-in systems). */
const SYSTEM_OF_AGENCY = (agency: Agency): string | undefined => BUILTIN_ADAPTERS.find((a) => a.agencies.includes(agency))?.kind;

export interface DemoStep {
  /** The legacy system that sends it: psb/procuratorate push, court/justice write to their outbox. */
  from: SystemKind;
  /** The legacy system that must receive it. */
  to: SystemKind;
  message: UnifiedMessage;
}

const ORG_TYPE: Record<Agency, string> = {
  PSB: '01',
  PROCURATORATE: '02',
  COURT: '03',
  LEGAL_AID_CENTER: '04',
  DETENTION_CENTER: '05',
  COMMUNITY_CORRECTIONS: '06',
  PRISON: '00',
};

function org(agency: Agency, division: Division) {
  return { agency, division, orgCode: `${division}${ORG_TYPE[agency]}0000` };
}

/** GB 11643 check character (ISO 7064 MOD 11-2). */
export function residentIdCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The 13 messages of one case, in the order the agencies send them. `seq` 1…9999 numbers the case
 * within its district. They carry no platform case id: the platform assigns it (case tracking) and
 * the legacy systems echo it back once they have received it (see demo-driver's case memory).
 */
export function demoCase(division: Division, seq: number, options: { idPrefix?: string } = {}): DemoStep[] {
  const d = DIVISIONS[division as PilotDivision] ?? { zh: `${division}区`, en: division, courtCode: `粤${division.slice(2)}`, abbr: '区' };
  const district = d.zh;
  const idPrefix = options.idPrefix ?? 'DEMO';
  const n4 = pad(seq, 4);
  const n6 = pad(seq, 6);
  const psbNo = `A${division}010000202212${n4}`;
  const arrestNo = `穗${d.abbr}检刑捕受〔2022〕${division}${n6}号`;
  const reviewNo = `穗${d.abbr}检刑诉受〔2022〕${division}${n6}号`;
  const courtNo = `(2022)${d.courtCode}刑初${seq}号`;
  const first17 = `${division}19900101${pad((seq * 2 + 1) % 1000, 3)}`;
  const idNumber = first17 + residentIdCheck(first17);
  const name = `张${['三', '四', '五', '六'][Object.keys(DIVISIONS).indexOf(division)] ?? '三'}${seq > 1 ? seq : ''}`;
  const place = `广州市${district}看守所`;
  const address = `广州市${district}新港中路${100 + (seq % 900)}号`;
  let serial = 0;

  const suspect = (role: 'SUSPECT' | 'DEFENDANT', measure: 'DETAINED' | 'ARRESTED') => ({
    role,
    name,
    gender: '1' as const,
    birthDate: '1990-01-01',
    ethnicity: '01' as const,
    idType: 'RESIDENT_ID' as const,
    idNumber,
    address,
    custody: { measure, since: measure === 'DETAINED' ? '2022-12-02' : '2022-12-09', place },
  });
  const caseInfo = {
    name: `${name}盗窃案`,
    charge: { code: 'THEFT' as const },
    amountYuan: 5000,
    guiltyPlea: true,
    crimeDivision: division,
    occurredOn: '2022-12-01',
  };

  const step = (
    from: Agency,
    to: Agency,
    messageType: string,
    process: Process,
    day: string,
    extra: {
      numbers: Array<{ system: Agency; number: string }>;
      payload?: Record<string, unknown>;
      docNo: string;
      title: string;
      role?: 'SUSPECT' | 'DEFENDANT';
      measure?: 'DETAINED' | 'ARRESTED';
      track?: 'FAST';
      inReplyTo?: string;
    },
  ): DemoStep => {
    serial++;
    const message = {
      standardVersion: '1.0',
      messageId: `${idPrefix}-${division}-${n6}-${pad(serial, 2)}`,
      messageType,
      process,
      localCaseNumbers: extra.numbers,
      sender: org(from, division),
      receiver: org(to, division),
      sentAt: `2022-12-${day}T10:${pad(serial, 2)}:00+08:00`,
      ...(extra.inReplyTo ? { inReplyTo: extra.inReplyTo } : {}),
      case: { ...caseInfo, ...(extra.track ? { track: extra.track } : {}) },
      persons: [suspect(extra.role ?? 'SUSPECT', extra.measure ?? 'ARRESTED')],
      documents: [{ docType: messageType, docNo: extra.docNo, title: extra.title, issuedAt: `2022-12-${day}`, attachments: [] }],
      payload: extra.payload ?? {},
    } as unknown as UnifiedMessage;
    return { from: SYSTEM_OF_AGENCY(from)!, to: SYSTEM_OF_AGENCY(to)!, message };
  };

  const psb = [{ system: 'PSB' as const, number: psbNo }];
  const arrest = [{ system: 'PROCURATORATE' as const, number: arrestNo }, ...psb];
  const review = [{ system: 'PROCURATORATE' as const, number: reviewNo }, ...psb];
  const trial = [{ system: 'COURT' as const, number: courtNo }, { system: 'PROCURATORATE' as const, number: reviewNo }];
  const id = (k: number) => `${idPrefix}-${division}-${n6}-${pad(k, 2)}`;

  return [
    // P1 审查逮捕
    step('PSB', 'PROCURATORATE', 'ARREST_REQUEST', 'ARREST_REVIEW', '05', {
      numbers: psb, docNo: `穗公${d.abbr}提捕字〔2022〕${seq}号`, title: '提请批准逮捕书', measure: 'DETAINED',
    }),
    step('PROCURATORATE', 'PSB', 'ACCEPTANCE_ACK', 'ARREST_REVIEW', '06', {
      numbers: arrest, docNo: `穗${d.abbr}检捕受〔2022〕${seq}号`, title: '受理回执', measure: 'DETAINED', inReplyTo: id(1),
      payload: { receivedAt: '2022-12-06' },
    }),
    step('PROCURATORATE', 'PSB', 'ARREST_APPROVAL', 'ARREST_REVIEW', '09', {
      numbers: arrest, docNo: `穗${d.abbr}检捕〔2022〕${seq}号`, title: '批准逮捕决定书', measure: 'DETAINED', inReplyTo: id(1),
      payload: { decision: 'APPROVED', decisionDate: '2022-12-09' },
    }),
    step('PSB', 'PROCURATORATE', 'ARREST_EXECUTION_RECEIPT', 'ARREST_REVIEW', '09', {
      numbers: psb, docNo: `穗公${d.abbr}捕执字〔2022〕${seq}号`, title: '逮捕执行回执', inReplyTo: id(3),
      payload: { executedOn: '2022-12-09' },
    }),
    // P2 审查起诉
    step('PSB', 'PROCURATORATE', 'PROSECUTION_OPINION', 'PROSECUTION_REVIEW', '12', {
      numbers: psb, docNo: `穗公${d.abbr}诉字〔2022〕${seq}号`, title: '起诉意见书', track: 'FAST',
    }),
    // P5 法律援助
    step('PROCURATORATE', 'LEGAL_AID_CENTER', 'LEGAL_AID_NOTICE', 'LEGAL_AID', '13', {
      numbers: review, docNo: `穗${d.abbr}检援〔2022〕${seq}号`, title: '提供法律援助通知书',
      payload: { stage: 'REVIEW', aidType: 'DUTY_LAWYER' },
    }),
    step('LEGAL_AID_CENTER', 'PROCURATORATE', 'LAWYER_ASSIGNMENT', 'LEGAL_AID', '14', {
      numbers: review, docNo: `穗${d.abbr}援指〔2022〕${seq}号`, title: '指派通知书', inReplyTo: id(6),
      payload: { lawyer: { name: '李律师', licenceNo: '14401201810000000', firm: '广东某律师事务所', phone: '020-12345678' }, aidType: 'DUTY_LAWYER', stage: 'REVIEW' },
    }),
    // P3 提起公诉
    step('PROCURATORATE', 'COURT', 'INDICTMENT', 'PUBLIC_PROSECUTION', '20', {
      numbers: review, docNo: `穗${d.abbr}检刑诉〔2022〕${seq}号`, title: '起诉书', role: 'DEFENDANT', track: 'FAST',
    }),
    step('COURT', 'PROCURATORATE', 'CASE_ACCEPTED', 'PUBLIC_PROSECUTION', '21', {
      numbers: trial, docNo: courtNo, title: '受理案件通知书', role: 'DEFENDANT', track: 'FAST', inReplyTo: id(8),
    }),
    // P4 一审审理
    step('COURT', 'PROCURATORATE', 'HEARING_NOTICE', 'FIRST_INSTANCE_TRIAL', '22', {
      numbers: trial, docNo: `${courtNo.slice(0, -1)}之一号`, title: '出庭通知书', role: 'DEFENDANT', track: 'FAST',
    }),
    step('COURT', 'PROCURATORATE', 'JUDGMENT', 'FIRST_INSTANCE_TRIAL', '27', {
      numbers: trial, docNo: courtNo, title: '刑事判决书', role: 'DEFENDANT', track: 'FAST',
      payload: { sentence: { principal: 'FIXED_TERM', termMonths: 8 }, recommendationAdopted: true },
    }),
    // P6 交付执行
    step('COURT', 'DETENTION_CENTER', 'EXECUTION_NOTICE', 'EXECUTION_HANDOVER', '30', {
      numbers: trial, docNo: `${courtNo.slice(0, -1)}执号`, title: '执行通知书', role: 'DEFENDANT',
    }),
    step('DETENTION_CENTER', 'COURT', 'EXECUTION_RECEIPT', 'EXECUTION_HANDOVER', '31', {
      numbers: [{ system: 'COURT', number: courtNo }, ...psb], docNo: `穗${d.abbr}看回〔2022〕${seq}号`, title: '执行回执', role: 'DEFENDANT',
      inReplyTo: id(12),
    }),
  ];
}
