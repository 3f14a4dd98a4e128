/**
 * A guilty-plea theft case (认罪认罚 盗窃) through all six processes, as unified messages: the demo
 * traffic of `npm start`, the end-to-end test and the platform benchmark. Every message is built
 * for one district and a case number so many cases can run side by side.
 */
import type { SystemKind } from '../adapters/types';
import { DIVISIONS, GB2260_DIVISIONS, type Division, type PilotDivision } from '../standard/codes/divisions';
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
export interface DemoCaseOptions {
  idPrefix?: string;
  /**
   * Beijing calendar date (YYYY-MM-DD) of the first message; every other date keeps its distance
   * from it. Default 2022-12-05, the fixed dates the tests use; the demo traffic ends its cases yesterday.
   */
  start?: string;
  /**
   * Also send what closes every process the pilot's legacy interfaces can close: the
   * procuratorate's acceptance of the review (so the indictment closes it) and a sentence short
   * enough to be served in the detention centre (so the execution receipt closes the handover).
   * The first-instance trial and legal aid stay open: their closing messages (SERVICE_RECEIPT to the
   * court, LEGAL_AID_CLOSURE) have no message type in the court's, procuratorate's and justice
   * bureau's legacy interfaces (docs/console.md says so).
   */
  complete?: boolean;
}

const DAY_MS = 86_400_000;

/** The Beijing calendar date `days` after `start` (YYYY-MM-DD). */
function addDays(start: string, days: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The first message's Beijing date for a case whose last message is sent `daysAgo` days before `now`. */
export function demoStartFor(now: number, daysAgo = 0): string {
  const span = 26;
  return new Date(now + 8 * 3_600_000 - (span + daysAgo) * DAY_MS).toISOString().slice(0, 10);
}

export function demoCase(division: Division, seq: number, options: DemoCaseOptions = {}): DemoStep[] {
  const start = options.start ?? '2022-12-05';
  const complete = options.complete === true;
  /** The date of the template's December day `dd` (the template starts on the 5th). */
  const on = (dd: string | number) => addDays(start, Number(dd) - 5);
  const year = start.slice(0, 4);
  const named = GB2260_DIVISIONS[division];
  const d = DIVISIONS[division as PilotDivision] ?? {
    zh: named?.zh ?? `${division}区`,
    en: named?.en ?? division,
    courtCode: `粤${division.slice(2)}`,
    abbr: (named?.zh ?? '区').slice(0, 1),
  };
  const district = d.zh;
  const idPrefix = options.idPrefix ?? 'DEMO';
  const n4 = pad(seq, 4);
  const n6 = pad(seq, 6);
  const psbNo = `A${division}010000${start.slice(0, 4)}${start.slice(5, 7)}${n4}`;
  const arrestNo = `穗${d.abbr}检刑捕受〔${year}〕${division}${n6}号`;
  const reviewNo = `穗${d.abbr}检刑诉受〔${year}〕${division}${n6}号`;
  const courtNo = `(${year})${d.courtCode}刑初${seq}号`;
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
    custody: { measure, since: measure === 'DETAINED' ? on('02') : on('09'), place },
  });
  const caseInfo = {
    name: `${name}盗窃案`,
    charge: { code: 'THEFT' as const },
    amountYuan: 5000,
    guiltyPlea: true,
    crimeDivision: division,
    occurredOn: on('01'),
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
      sentAt: `${on(day)}T10:${pad(serial, 2)}:00+08:00`,
      ...(extra.inReplyTo ? { inReplyTo: extra.inReplyTo } : {}),
      case: { ...caseInfo, ...(extra.track ? { track: extra.track } : {}) },
      persons: [suspect(extra.role ?? 'SUSPECT', extra.measure ?? 'ARRESTED')],
      documents: [{ docType: messageType, docNo: extra.docNo, title: extra.title, issuedAt: on(day), attachments: [] }],
      payload: extra.payload ?? {},
    } as unknown as UnifiedMessage;
    return { from: SYSTEM_OF_AGENCY(from)!, to: SYSTEM_OF_AGENCY(to)!, message };
  };

  const psb = [{ system: 'PSB' as const, number: psbNo }];
  const arrest = [{ system: 'PROCURATORATE' as const, number: arrestNo }, ...psb];
  const review = [{ system: 'PROCURATORATE' as const, number: reviewNo }, ...psb];
  const trial = [
    { system: 'COURT' as const, number: courtNo },
    { system: 'PROCURATORATE' as const, number: reviewNo },
  ];

  const steps: DemoStep[] = [];
  const add = (made: DemoStep) => {
    steps.push(made);
    return made.message.messageId;
  };
  // P1 审查逮捕
  const arrestRequest = add(
    step('PSB', 'PROCURATORATE', 'ARREST_REQUEST', 'ARREST_REVIEW', '05', {
      numbers: psb,
      docNo: `穗公${d.abbr}提捕字〔${year}〕${seq}号`,
      title: '提请批准逮捕书',
      measure: 'DETAINED',
    }),
  );
  add(
    step('PROCURATORATE', 'PSB', 'ACCEPTANCE_ACK', 'ARREST_REVIEW', '06', {
      numbers: arrest,
      docNo: `穗${d.abbr}检捕受〔${year}〕${seq}号`,
      title: '受理回执',
      measure: 'DETAINED',
      inReplyTo: arrestRequest,
      payload: { receivedAt: on('06') },
    }),
  );
  const approval = add(
    step('PROCURATORATE', 'PSB', 'ARREST_APPROVAL', 'ARREST_REVIEW', '09', {
      numbers: arrest,
      docNo: `穗${d.abbr}检捕〔${year}〕${seq}号`,
      title: '批准逮捕决定书',
      measure: 'DETAINED',
      inReplyTo: arrestRequest,
      payload: { decision: 'APPROVED', decisionDate: on('09') },
    }),
  );
  add(
    step('PSB', 'PROCURATORATE', 'ARREST_EXECUTION_RECEIPT', 'ARREST_REVIEW', '09', {
      numbers: psb,
      docNo: `穗公${d.abbr}捕执字〔${year}〕${seq}号`,
      title: '逮捕执行回执',
      inReplyTo: approval,
      payload: { executedOn: on('09') },
    }),
  );
  // P2 审查起诉
  const opinion = add(
    step('PSB', 'PROCURATORATE', 'PROSECUTION_OPINION', 'PROSECUTION_REVIEW', '12', {
      numbers: psb,
      docNo: `穗公${d.abbr}诉字〔${year}〕${seq}号`,
      title: '起诉意见书',
      track: 'FAST',
    }),
  );
  // P5 法律援助
  const aidNotice = add(
    step('PROCURATORATE', 'LEGAL_AID_CENTER', 'LEGAL_AID_NOTICE', 'LEGAL_AID', '13', {
      numbers: review,
      docNo: `穗${d.abbr}检援〔${year}〕${seq}号`,
      title: '提供法律援助通知书',
      payload: { stage: 'REVIEW', aidType: 'DUTY_LAWYER' },
    }),
  );
  add(
    step('LEGAL_AID_CENTER', 'PROCURATORATE', 'LAWYER_ASSIGNMENT', 'LEGAL_AID', '14', {
      numbers: review,
      docNo: `穗${d.abbr}援指〔${year}〕${seq}号`,
      title: '指派通知书',
      inReplyTo: aidNotice,
      payload: {
        lawyer: { name: '李律师', licenceNo: '14401201810000000', firm: '广东某律师事务所', phone: '020-12345678' },
        aidType: 'DUTY_LAWYER',
        stage: 'REVIEW',
      },
    }),
  );
  if (complete) {
    // The procuratorate accepts the case for review (受理回执), which the indictment needs to close the review.
    add(
      step('PROCURATORATE', 'PSB', 'ACCEPTANCE_ACK', 'PROSECUTION_REVIEW', '14', {
        numbers: review,
        docNo: `穗${d.abbr}检诉受〔${year}〕${seq}号`,
        title: '受理回执',
        inReplyTo: opinion,
        payload: { receivedAt: on('14') },
      }),
    );
  }
  // P3 提起公诉
  const indictment = add(
    step('PROCURATORATE', 'COURT', 'INDICTMENT', 'PUBLIC_PROSECUTION', '20', {
      numbers: review,
      docNo: `穗${d.abbr}检刑诉〔${year}〕${seq}号`,
      title: '起诉书',
      role: 'DEFENDANT',
      track: 'FAST',
    }),
  );
  add(
    step('COURT', 'PROCURATORATE', 'CASE_ACCEPTED', 'PUBLIC_PROSECUTION', '21', {
      numbers: trial,
      docNo: courtNo,
      title: '受理案件通知书',
      role: 'DEFENDANT',
      track: 'FAST',
      inReplyTo: indictment,
    }),
  );
  // P4 一审审理
  add(
    step('COURT', 'PROCURATORATE', 'HEARING_NOTICE', 'FIRST_INSTANCE_TRIAL', '22', {
      numbers: trial,
      docNo: `${courtNo.slice(0, -1)}之一号`,
      title: '出庭通知书',
      role: 'DEFENDANT',
      track: 'FAST',
    }),
  );
  add(
    step('COURT', 'PROCURATORATE', 'JUDGMENT', 'FIRST_INSTANCE_TRIAL', '27', {
      numbers: trial,
      docNo: courtNo,
      title: '刑事判决书',
      role: 'DEFENDANT',
      track: 'FAST',
      // Complete: criminal detention (拘役, Criminal Law art. 43), served in the detention centre, so
      // execution closes there; otherwise fixed-term imprisonment of at least six months (art. 45).
      payload: { sentence: { principal: complete ? 'SHORT_DETENTION' : 'FIXED_TERM', termMonths: complete ? 3 : 8 }, recommendationAdopted: true },
    }),
  );
  // P6 交付执行
  const executionDay = 30;
  const notice = add(
    step('COURT', 'DETENTION_CENTER', 'EXECUTION_NOTICE', 'EXECUTION_HANDOVER', String(executionDay), {
      numbers: trial,
      docNo: `${courtNo.slice(0, -1)}执号`,
      title: '执行通知书',
      role: 'DEFENDANT',
      // Complete: three months or less left to serve, so the detention centre carries it out (CPL 264).
      ...(complete ? { payload: { executor: 'DETENTION_CENTER' } } : {}),
    }),
  );
  add(
    step('DETENTION_CENTER', 'COURT', 'EXECUTION_RECEIPT', 'EXECUTION_HANDOVER', String(executionDay + 1), {
      numbers: [{ system: 'COURT', number: courtNo }, ...psb],
      docNo: `穗${d.abbr}看回〔${year}〕${seq}号`,
      title: '执行回执',
      role: 'DEFENDANT',
      inReplyTo: notice,
    }),
  );
  return steps;
}
