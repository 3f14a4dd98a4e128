import type { MessageType } from '../codes/message-types';
import type { Process } from '../codes/processes';
import type { Track } from '../schema/case-info';
import type { ExecutionBranch } from '../processes/types';

/** Identifiers of the statutory clocks (domain.md §3); multi-part rows are split into a/b/c…. */
export const CLOCK_IDS = [
  'C1',
  'C2',
  'C3a',
  'C3b',
  'C3c',
  'C3d',
  'C4',
  'C5',
  'C6',
  'C7',
  'C8',
  'C8s',
  'C9',
  'C10',
  'C11',
  'C12',
  'C13',
  'C14a',
  'C14b',
  'C14c',
  'C14d1',
  'C14d2',
  // Legal Aid Law art. 49 (1.x): the justice bureau decides an objection.
  'C14e',
  'C15',
  'C16',
  'C17a',
  'C17b',
  'C17c',
  // Standard 1.1: the second instance (CPL 231, 243).
  'C18',
  'C19',
  // 1.x: supplementary investigation during trial (CPL 204, 205).
  'C20',
] as const;
export type ClockId = (typeof CLOCK_IDS)[number];

/** Events the exchange does not carry; tracking reports them with their own date. */
export type ExternalClockEvent = 'DETENTION' | 'AID_NEED_FOUND' | 'AID_APPLICATION_RECEIVED';

export type ClockTrigger =
  /** The message was applied (copies and duplicates excluded), optionally in one process / with payload values. */
  | {
      message: MessageType;
      process?: Process;
      payload?: Readonly<Record<string, string | boolean>>;
      /** The trigger needs this payload field, and its value is the legal date (e.g. ACCEPTANCE_ACK.rightsNotifiedOn). */
      dateField?: string;
      /** Only when the message moves the process out of this state (a judgment given during supplementary investigation). */
      fromState?: string;
      /** The article the ledger names for this step, where it is not the clock's own (CPL 208 ¶3 for a trial restarted after supplementary investigation). */
      basis?: string;
    }
  /** The process came to rest in this state. */
  | { enter: string; process: Process }
  | { external: ExternalClockEvent };

export interface ClockDefinition {
  id: ClockId;
  zh: string;
  en: string;
  process: Process;
  /** DUTY: an agency must act in time (overdue → supervision). WINDOW: a party may act; expiry is not a fault. */
  kind: 'DUTY' | 'WINDOW';
  start: readonly ClockTrigger[];
  stop: readonly ClockTrigger[];
  /** Start a fresh full period (restart, not resume: time already used is discarded). */
  restart?: readonly ClockTrigger[];
  /** End the run without an outcome (not a completed step): the period starts again on a later start trigger (e.g. C5 after a jurisdiction transfer, CPL 172). */
  interrupt?: readonly ClockTrigger[];
  /** A later message that states the legal start date of a run begun on an estimate (the send time): the run is re-counted from it. */
  anchor?: readonly ClockTrigger[];
  /** CPL 105 exception: HELD = the person is always in custody; FREE = never; CASE = as the case says. */
  custody: 'HELD' | 'FREE' | 'CASE';
  /**
   * The law counts it per person (custody): one run per `persons[].personId` (standard 1.1), started
   * for each person whose custody is `ARRESTED`, from that person's `custody.since`. Messages without
   * person ids run it once per case, as in 1.0.
   */
  perPerson?: true;
  /** Runs only for cases matching these facts. */
  appliesWhen?: { procedure?: Track; branch?: ExecutionBranch; notBranch?: readonly ExecutionBranch[] };
  /** The rule as domain.md states it; the numbers live in DEFAULT_CLOCK_LIMITS. */
  rule: { en: string; zh: string };
  /** Statute reference and the substance of the provision (paraphrased, not a verbatim quotation). */
  basis: { ref: string; text: string };
  /** ✔ in domain.md; false = ○ (statute not re-checked: keep the limit configurable). */
  verified: boolean;
}

const m = (
  message: MessageType,
  extra: { process?: Process; payload?: Record<string, string | boolean>; dateField?: string; fromState?: string; basis?: string } = {},
): ClockTrigger => ({
  message,
  ...extra,
});
/** The procuratorate's acceptance receipt of a case for review: it states the day of receipt. */
const reviewReceipt = (extra: { dateField?: string } = {}): ClockTrigger => m('ACCEPTANCE_ACK', { process: 'PROSECUTION_REVIEW', ...extra });

/**
 * CPL 208 ¶2, ¶3: a change of jurisdiction and a postponement for supplementary investigation end
 * the running trial period; the receiving court's acceptance (from its receipt of the case) or the
 * case's return after the investigation starts a full new one.
 */
const trialPeriodEnds: readonly ClockTrigger[] = [
  m('TRIAL_POSTPONEMENT', { payload: { ground: 'SUPP_INV' }, basis: 'CPL 204, 208 ¶3' }),
  m('TRIAL_JURISDICTION_CHANGE', { basis: 'CPL 208 ¶2' }),
];
const trialPeriodStarts: readonly ClockTrigger[] = [
  m('CASE_ACCEPTED', { dateField: 'receivedOn', basis: 'CPL 208 ¶2' }),
  m('CASE_ACCEPTED'),
  m('TRIAL_RESUMPTION_REQUEST', { basis: 'CPL 208 ¶3' }),
];

/** The statutory clocks C1–C17 as data (domain.md §3). */
export const CLOCK_DEFINITIONS: { readonly [K in ClockId]: ClockDefinition & { id: K } } = {
  C1: {
    id: 'C1',
    zh: '拘留后提请批准逮捕',
    en: 'Detention to arrest request',
    process: 'ARREST_REVIEW',
    kind: 'DUTY',
    start: [{ external: 'DETENTION' }],
    stop: [m('ARREST_REQUEST')],
    custody: 'HELD',
    rule: {
      en: '3 days (+1 to 4 days in special cases; up to 30 days for roving, repeat or gang offenders)',
      zh: '三日（特殊情况延长一日至四日；流窜、多次、结伙作案的重大嫌疑分子可延长至三十日）',
    },
    basis: {
      ref: 'CPL 91 ✔',
      text: '刑事诉讼法第九十一条：公安机关对被拘留的人认为需要逮捕的，应当在拘留后三日以内提请审查批准；特殊情况下可延长一日至四日；对流窜作案、多次作案、结伙作案的重大嫌疑分子，可延长至三十日。',
    },
    verified: true,
  },
  C2: {
    id: 'C2',
    zh: '审查批准逮捕',
    en: 'Arrest review',
    process: 'ARREST_REVIEW',
    kind: 'DUTY',
    start: [m('ACCEPTANCE_ACK', { process: 'ARREST_REVIEW' })],
    stop: [m('ARREST_APPROVAL'), m('ARREST_DENIAL'), m('ARREST_REQUEST_WITHDRAWAL')],
    custody: 'CASE',
    rule: { en: '7 days if detained; 15 days if not (20 days if major or complex)', zh: '已拘留的七日；未拘留的十五日（重大、复杂的二十日）' },
    basis: {
      ref: 'CPL 91 ✔, 规则 282 ✔',
      text: '刑事诉讼法第九十一条：人民检察院应当自接到提请批准逮捕书后七日以内作出批准或不批准逮捕的决定。规则第二百八十二条：对未被拘留的犯罪嫌疑人，应当在十五日以内作出决定，重大、复杂案件不得超过二十日。',
    },
    verified: true,
  },
  C3a: {
    id: 'C3a',
    zh: '公安机关要求复议',
    en: 'PSB asks for reconsideration',
    process: 'ARREST_REVIEW',
    kind: 'WINDOW',
    // Counted from the PSB's receipt of the denial, not the day it was decided.
    start: [m('ARREST_DENIAL', { dateField: 'sentAt' })],
    stop: [m('RECONSIDERATION_REQUEST')],
    custody: 'FREE',
    rule: { en: 'PSB files within 5 days of the denial', zh: '收到不批准逮捕决定书后五日以内' },
    basis: { ref: '公安规定 ○', text: '公安机关认为不批准逮捕决定有错误的，可以在收到不批准逮捕决定书后五日以内要求同级人民检察院复议（须先执行释放）。' },
    verified: false,
  },
  C3b: {
    id: 'C3b',
    zh: '检察院复议',
    en: 'Procuratorate reconsiders',
    process: 'ARREST_REVIEW',
    kind: 'DUTY',
    start: [m('RECONSIDERATION_REQUEST')],
    stop: [m('RECONSIDERATION_DECISION')],
    custody: 'FREE',
    rule: { en: '7 days', zh: '七日' },
    basis: { ref: '规则 290 ○', text: '人民检察院应当在收到要求复议意见书后七日以内作出复议决定，通知公安机关。' },
    verified: false,
  },
  C3c: {
    id: 'C3c',
    zh: '公安机关提请复核',
    en: 'PSB asks the higher procuratorate for review',
    process: 'ARREST_REVIEW',
    kind: 'WINDOW',
    start: [m('RECONSIDERATION_DECISION', { payload: { outcome: 'UPHELD' }, dateField: 'sentAt' })],
    stop: [m('REVIEW_REQUEST')],
    custody: 'FREE',
    rule: { en: 'PSB files within 5 days of the reconsideration decision', zh: '收到复议决定书后五日以内' },
    basis: { ref: '公安规定 ○', text: '公安机关对复议决定仍有异议的，可以在收到复议决定书后五日以内提请上一级人民检察院复核。' },
    verified: false,
  },
  C3d: {
    id: 'C3d',
    zh: '上一级检察院复核',
    en: 'Higher procuratorate reviews',
    process: 'ARREST_REVIEW',
    kind: 'DUTY',
    start: [m('REVIEW_REQUEST')],
    stop: [m('REVIEW_DECISION')],
    custody: 'FREE',
    rule: { en: '15 days', zh: '十五日' },
    basis: { ref: '规则 291 ○', text: '上一级人民检察院应当在收到提请复核意见书后十五日以内作出复核决定。' },
    verified: false,
  },
  C4: {
    id: 'C4',
    zh: '逮捕后侦查羁押',
    en: 'Custody during investigation after arrest',
    process: 'ARREST_REVIEW',
    kind: 'DUTY',
    start: [m('ARREST_EXECUTION_RECEIPT')],
    stop: [m('PROSECUTION_OPINION')],
    custody: 'HELD',
    perPerson: true,
    rule: { en: '2 months (+1 month with approval of the higher procuratorate)', zh: '二个月（经上一级检察院批准可延长一个月）' },
    basis: {
      ref: 'CPL 156 ✔',
      text: '刑事诉讼法第一百五十六条：逮捕后的侦查羁押期限不得超过二个月；案情复杂、期限届满不能终结的，经上一级人民检察院批准可延长一个月。',
    },
    verified: true,
  },
  C5: {
    id: 'C5',
    zh: '审查起诉',
    en: 'Prosecution review',
    process: 'PROSECUTION_REVIEW',
    kind: 'DUTY',
    // Counted from the procuratorate's receipt (the acknowledgement states it); after a change of
    // jurisdiction from the new procuratorate's receipt (CPL 172), so the transfer only interrupts.
    start: [m('PROSECUTION_OPINION'), reviewReceipt()],
    stop: [m('INDICTMENT'), m('NON_PROSECUTION_DECISION'), m('SUPP_INV_RETURN')],
    restart: [m('SUPP_INV_REPORT')],
    interrupt: [m('JURISDICTION_TRANSFER')],
    anchor: [reviewReceipt({ dateField: 'receivedAt' })],
    custody: 'CASE',
    rule: {
      en: 'normal: 1 month (+15 days); fast track: 10 days, 15 days if the likely sentence exceeds 1 year',
      zh: '一般一个月（可延长十五日）；速裁十日，可能判处有期徒刑超过一年的十五日',
    },
    basis: {
      ref: 'CPL 172 ✔, 规则 273/351 ✔',
      text: '刑事诉讼法第一百七十二条：对移送起诉的案件应当在一个月以内作出决定，重大、复杂的可延长十五日；认罪认罚符合速裁条件的，应当在十日以内作出决定，可能判处有期徒刑超过一年的可延长至十五日。改变管辖、补充侦查完毕后重新计算。',
    },
    verified: true,
  },
  C6: {
    id: 'C6',
    zh: '退回补充侦查',
    en: 'Supplementary investigation',
    process: 'PROSECUTION_REVIEW',
    kind: 'DUTY',
    start: [m('SUPP_INV_RETURN')],
    stop: [m('SUPP_INV_REPORT')],
    custody: 'CASE',
    rule: { en: '1 month per round, at most 2 rounds; C5 restarts afterwards', zh: '每次一个月，以二次为限；完毕后重新计算审查起诉期限' },
    basis: {
      ref: 'CPL 175 ✔',
      text: '刑事诉讼法第一百七十五条：补充侦查应当在一个月以内完毕，以二次为限；补充侦查完毕移送后重新计算审查起诉期限；二次补充侦查后仍证据不足的，应当作出不起诉决定。',
    },
    verified: true,
  },
  C7: {
    id: 'C7',
    zh: '告知委托辩护人权利',
    en: 'Right-to-counsel notice',
    process: 'PROSECUTION_REVIEW',
    kind: 'DUTY',
    start: [m('PROSECUTION_OPINION')],
    // The notice itself is recorded on the acceptance receipt (rightsNotifiedOn, 1.x); a legal aid
    // notice or duty-lawyer request also shows it was given. A review that ends without either
    // closes the clock without an outcome (the ledger says so) instead of leaving it open.
    stop: [m('LEGAL_AID_NOTICE'), m('DUTY_LAWYER_REQUEST'), reviewReceipt({ dateField: 'rightsNotifiedOn' })],
    interrupt: [m('INDICTMENT'), m('NON_PROSECUTION_DECISION'), m('JURISDICTION_TRANSFER')],
    anchor: [reviewReceipt({ dateField: 'receivedAt' })],
    custody: 'CASE',
    rule: { en: '3 days after the procuratorate receives the case', zh: '收到移送审查起诉材料之日起三日以内' },
    basis: { ref: 'CPL 34 ○', text: '刑事诉讼法第三十四条：人民检察院自收到移送审查起诉的案件材料之日起三日以内，应当告知犯罪嫌疑人有权委托辩护人。' },
    verified: false,
  },
  C8: {
    id: 'C8',
    zh: '法院立案审查',
    en: 'Court acceptance review',
    process: 'PUBLIC_PROSECUTION',
    kind: 'DUTY',
    // Counted from the court's receipt of the indictment (its delivery), not the prosecution decision date.
    start: [m('INDICTMENT', { dateField: 'sentAt' })],
    stop: [m('CASE_ACCEPTED'), m('CASE_RETURNED'), m('SUPPLEMENT_REQUEST'), m('PROSECUTION_WITHDRAWAL')],
    custody: 'CASE',
    rule: { en: '7 days', zh: '七日' },
    basis: { ref: '解释 219 ✔ (secondary)', text: '刑诉法解释第二百一十九条：人民法院对提起公诉的案件，应当在七日以内审查完毕，决定是否受理。' },
    verified: true,
  },
  C8s: {
    id: 'C8s',
    zh: '检察院补送材料',
    en: 'Procuratorate supplies missing material',
    process: 'PUBLIC_PROSECUTION',
    kind: 'DUTY',
    start: [m('SUPPLEMENT_REQUEST')],
    stop: [m('INDICTMENT'), m('PROSECUTION_WITHDRAWAL')],
    custody: 'CASE',
    rule: { en: 'the procuratorate has 3 days', zh: '三日以内补送' },
    basis: { ref: '解释 219 ○', text: '刑诉法解释第二百一十九条：需要补充材料的，应当通知人民检察院在三日以内补送。' },
    verified: false,
  },
  C9: {
    id: 'C9',
    zh: '速裁程序审理',
    en: 'Trial, fast track (速裁)',
    process: 'FIRST_INSTANCE_TRIAL',
    kind: 'DUTY',
    start: trialPeriodStarts,
    stop: [m('JUDGMENT'), m('PROSECUTION_WITHDRAWAL'), m('PROCEDURE_CONVERSION')],
    interrupt: trialPeriodEnds,
    custody: 'CASE',
    appliesWhen: { procedure: 'FAST' },
    rule: { en: '10 days; 15 days if the likely sentence exceeds 1 year', zh: '十日；可能判处有期徒刑超过一年的十五日' },
    basis: {
      ref: 'CPL 225 ✔',
      text: '刑事诉讼法第二百二十五条：适用速裁程序审理案件，应当在受理后十日以内审结；对可能判处的有期徒刑超过一年的，可以延长至十五日。',
    },
    verified: true,
  },
  C10: {
    id: 'C10',
    zh: '简易程序审理',
    en: 'Trial, summary procedure (简易)',
    process: 'FIRST_INSTANCE_TRIAL',
    kind: 'DUTY',
    start: trialPeriodStarts,
    restart: [m('PROCEDURE_CONVERSION')],
    stop: [m('JUDGMENT'), m('PROSECUTION_WITHDRAWAL'), m('PROCEDURE_CONVERSION')],
    interrupt: trialPeriodEnds,
    custody: 'CASE',
    appliesWhen: { procedure: 'SIMPLIFIED' },
    rule: { en: '20 days; 1.5 months if the likely sentence exceeds 3 years', zh: '二十日；可能判处有期徒刑超过三年的一个半月' },
    basis: {
      ref: 'CPL 220 ✔',
      text: '刑事诉讼法第二百二十条：适用简易程序审理案件，应当在受理后二十日以内审结；对可能判处的有期徒刑超过三年的，可以延长至一个半月。',
    },
    verified: true,
  },
  C11: {
    id: 'C11',
    zh: '普通程序审理',
    en: 'Trial, ordinary procedure (普通)',
    process: 'FIRST_INSTANCE_TRIAL',
    kind: 'DUTY',
    // A case remanded for retrial (发回重审) is tried again with a new period from its return (CPL 239).
    start: [...trialPeriodStarts, m('SECOND_INSTANCE_DECISION', { payload: { outcome: 'REMANDED' } })],
    restart: [m('PROCEDURE_CONVERSION')],
    stop: [m('JUDGMENT'), m('PROSECUTION_WITHDRAWAL')],
    interrupt: trialPeriodEnds,
    custody: 'CASE',
    appliesWhen: { procedure: 'ORDINARY' },
    rule: {
      en: '2 months, at most 3 (court president, 解释 210); +3 months with the higher court’s approval; further only with the SPC’s',
      zh: '二个月，至迟不超过三个月（经院长批准）；经上一级法院批准可再延长三个月；因特殊情况还需延长的报最高人民法院批准',
    },
    basis: {
      ref: 'CPL 208 ✔',
      text: '刑事诉讼法第二百零八条：人民法院审理公诉案件，应当在受理后二个月以内宣判，至迟不超过三个月；法定情形经上一级人民法院批准可延长三个月。人民法院改变管辖的案件，从改变后的人民法院收到案件之日起计算审理期限；人民检察院补充侦查的案件，补充侦查完毕移送人民法院后，人民法院重新计算审理期限。',
    },
    verified: true,
  },
  C12: {
    id: 'C12',
    zh: '当庭宣判后送达判决书',
    en: 'In-court verdict to judgment served',
    process: 'FIRST_INSTANCE_TRIAL',
    kind: 'DUTY',
    start: [m('JUDGMENT', { payload: { pronouncedInCourt: true } })],
    stop: [{ enter: 'JUDGMENT_SERVED', process: 'FIRST_INSTANCE_TRIAL' }],
    custody: 'CASE',
    rule: { en: '5 days', zh: '五日' },
    basis: { ref: 'CPL 202 ✔', text: '刑事诉讼法第二百零二条：当庭宣告判决的，应当在五日以内将判决书送达当事人和提起公诉的人民检察院。' },
    verified: true,
  },
  C13: {
    id: 'C13',
    zh: '上诉、抗诉期限',
    en: 'Appeal / protest window',
    process: 'FIRST_INSTANCE_TRIAL',
    kind: 'WINDOW',
    start: [{ enter: 'JUDGMENT_SERVED', process: 'FIRST_INSTANCE_TRIAL' }],
    stop: [m('APPEAL'), m('PROTEST'), m('JUDGMENT_EFFECTIVE')],
    custody: 'CASE',
    rule: {
      en: '10 days for a judgment, 5 days for a ruling, from the day after receipt',
      zh: '不服判决的十日、不服裁定的五日，自接到判决书、裁定书的第二日起算',
    },
    basis: {
      ref: 'CPL 230 ✔',
      text: '刑事诉讼法第二百三十条：不服判决的上诉和抗诉的期限为十日，不服裁定的上诉和抗诉的期限为五日，从接到判决书、裁定书的第二日起算。',
    },
    verified: true,
  },
  C14a: {
    id: 'C14a',
    zh: '办案机关通知法律援助机构',
    en: 'Agency notifies the legal aid centre',
    process: 'LEGAL_AID',
    kind: 'DUTY',
    start: [{ external: 'AID_NEED_FOUND' }],
    stop: [m('LEGAL_AID_NOTICE')],
    custody: 'CASE',
    rule: { en: '3 days after finding an appointed-defence ground', zh: '发现应当通知辩护情形之日起三日内' },
    basis: { ref: 'LAL 36 ○', text: '法律援助法第三十六条：人民法院、人民检察院、公安机关发现有应当通知辩护情形的，应当在三日内通知法律援助机构指派律师。' },
    verified: false,
  },
  C14b: {
    id: 'C14b',
    zh: '法律援助机构指派律师',
    en: 'Legal aid centre assigns a lawyer',
    process: 'LEGAL_AID',
    kind: 'DUTY',
    start: [m('LEGAL_AID_NOTICE')],
    stop: [{ enter: 'ASSIGNED', process: 'LEGAL_AID' }],
    custody: 'CASE',
    rule: { en: '3 days after the notice', zh: '收到通知后三日内' },
    basis: { ref: 'LAL 36 ○', text: '法律援助法第三十六条：法律援助机构收到通知后，应当在三日内指派律师并通知办案机关。' },
    verified: false,
  },
  C14c: {
    id: 'C14c',
    zh: '转交法律援助申请',
    en: 'Forward a legal aid application',
    process: 'LEGAL_AID',
    kind: 'DUTY',
    start: [{ external: 'AID_APPLICATION_RECEIVED' }],
    stop: [m('LEGAL_AID_APPLICATION_FORWARD')],
    custody: 'CASE',
    rule: { en: '24 hours', zh: '二十四小时内' },
    basis: {
      ref: 'LAL 39 ○',
      text: '法律援助法第三十九条：被羁押的犯罪嫌疑人、被告人提出法律援助申请的，办案机关、监管场所应当在二十四小时内转交法律援助机构。',
    },
    verified: false,
  },
  C14d1: {
    id: 'C14d1',
    zh: '审查法律援助申请',
    en: 'Review a legal aid application',
    process: 'LEGAL_AID',
    kind: 'DUTY',
    start: [m('LEGAL_AID_APPLICATION_FORWARD')],
    stop: [m('LEGAL_AID_DECISION')],
    custody: 'CASE',
    rule: { en: '7 days to decide', zh: '收到申请之日起七日内作出决定' },
    basis: { ref: 'LAL 43 ○', text: '法律援助法第四十三条：法律援助机构应当自收到申请之日起七日内审查，作出是否给予法律援助的决定。' },
    verified: false,
  },
  C14d2: {
    id: 'C14d2',
    zh: '决定给予援助后指派',
    en: 'Assign after granting aid',
    process: 'LEGAL_AID',
    kind: 'DUTY',
    start: [{ enter: 'GRANTED', process: 'LEGAL_AID' }],
    stop: [{ enter: 'ASSIGNED', process: 'LEGAL_AID' }],
    custody: 'CASE',
    rule: { en: '3 days after the decision', zh: '作出决定之日起三日内指派' },
    basis: { ref: 'LAL 43 ○', text: '法律援助法第四十三条：决定给予法律援助的，应当自作出决定之日起三日内指派法律援助人员。' },
    verified: false,
  },
  C14e: {
    id: 'C14e',
    zh: '法律援助异议审查',
    en: 'Justice bureau decides a legal aid objection',
    process: 'LEGAL_AID',
    kind: 'DUTY',
    // Counted from the bureau's receipt of the objection (收到异议之日), which the objection states.
    start: [m('LEGAL_AID_OBJECTION')],
    stop: [m('LEGAL_AID_OBJECTION_DECISION')],
    // An administrative decision of the justice bureau, not a criminal-procedure period: the CPL 105
    // custody exception does not apply, a last day on a holiday moves to the next working day.
    custody: 'FREE',
    rule: { en: '5 days from the receipt of the objection', zh: '自收到异议之日起五日内' },
    basis: {
      ref: 'LAL 49 ○',
      text: '法律援助法第四十九条：申请人、受援人对法律援助机构不予法律援助、终止法律援助的决定有异议的，可以向设立该法律援助机构的司法行政部门提出；司法行政部门应当自收到异议之日起五日内进行审查，作出维持法律援助机构决定或者责令法律援助机构改正的决定。（五日，非旧《法律援助条例》第十九条的五个工作日。）',
    },
    verified: false,
  },
  C15: {
    id: 'C15',
    zh: '判决生效后送达执行文书',
    en: 'Judgment effective to execution documents',
    process: 'EXECUTION_HANDOVER',
    kind: 'DUTY',
    start: [m('JUDGMENT_EFFECTIVE')],
    stop: [m('EXECUTION_NOTICE'), m('CC_DOCUMENTS')],
    // A fine is executed by the court itself (CPL 271) and a served term means release: no documents to deliver.
    appliesWhen: { notBranch: ['FINE', 'RELEASE'] },
    custody: 'CASE',
    rule: { en: '10 days', zh: '十日' },
    basis: {
      ref: 'CPL 264 ✔ (解释 511 ○)',
      text: '刑事诉讼法第二百六十四条：交付执行的人民法院应当在判决生效后十日以内将有关法律文书送达公安机关、监狱或者其他执行机关。',
    },
    verified: true,
  },
  C16: {
    id: 'C16',
    zh: '送交监狱执行',
    en: 'Documents to prisoner in prison',
    process: 'EXECUTION_HANDOVER',
    kind: 'DUTY',
    start: [m('EXECUTION_NOTICE')],
    stop: [m('PRISONER_TRANSFER'), m('ADMISSION_NOTICE')],
    custody: 'HELD',
    appliesWhen: { branch: 'PRISON' },
    rule: { en: '1 month', zh: '一个月' },
    basis: { ref: '监狱法 15 ✔', text: '监狱法第十五条：公安机关应当自收到执行通知书、判决书之日起一个月内将该罪犯送交监狱执行刑罚。' },
    verified: true,
  },
  C17a: {
    id: 'C17a',
    zh: '通知社区矫正机构',
    en: 'Notify community corrections',
    process: 'EXECUTION_HANDOVER',
    kind: 'DUTY',
    start: [m('JUDGMENT_EFFECTIVE')],
    stop: [m('CC_NOTICE')],
    custody: 'FREE',
    appliesWhen: { branch: 'COMMUNITY_CORRECTIONS' },
    rule: { en: '5 days after the judgment takes effect', zh: '判决生效之日起五日内通知' },
    basis: { ref: 'CCL 20 ✔', text: '社区矫正法第二十条：社区矫正决定机关应当自判决、裁定生效之日起五日内通知执行地社区矫正机构。' },
    verified: true,
  },
  C17b: {
    id: 'C17b',
    zh: '送达社区矫正法律文书',
    en: 'Send community corrections documents',
    process: 'EXECUTION_HANDOVER',
    kind: 'DUTY',
    start: [m('JUDGMENT_EFFECTIVE')],
    stop: [m('CC_DOCUMENTS')],
    custody: 'FREE',
    appliesWhen: { branch: 'COMMUNITY_CORRECTIONS' },
    rule: { en: '10 days after the judgment takes effect', zh: '判决生效之日起十日内送达' },
    basis: { ref: 'CCL 20 ✔', text: '社区矫正法第二十条：并在十日内送达有关法律文书，同时抄送人民检察院和执行地公安机关。' },
    verified: true,
  },
  C17c: {
    id: 'C17c',
    zh: '社区矫正对象报到',
    en: 'Offender reports to community corrections',
    process: 'EXECUTION_HANDOVER',
    kind: 'DUTY',
    start: [m('JUDGMENT_EFFECTIVE')],
    stop: [m('CC_REPORTED')],
    custody: 'FREE',
    appliesWhen: { branch: 'COMMUNITY_CORRECTIONS' },
    rule: { en: '10 days after the judgment takes effect', zh: '判决生效之日起十日内报到' },
    basis: { ref: 'CCL 21 ✔', text: '社区矫正法第二十一条：判处管制、宣告缓刑的社区矫正对象，应当自判决、裁定生效之日起十日内到执行地社区矫正机构报到。' },
    verified: true,
  },
  C18: {
    id: 'C18',
    zh: '上诉案件移送二审法院',
    en: 'Appeal file to the second-instance court',
    process: 'SECOND_INSTANCE',
    kind: 'DUTY',
    start: [m('APPEAL')],
    stop: [m('SECOND_INSTANCE_TRANSFER')],
    custody: 'CASE',
    rule: { en: '3 days after the appeal reaches the first-instance court', zh: '收到上诉状后三日以内' },
    basis: {
      ref: 'CPL 231 ✔',
      text: '刑事诉讼法第二百三十一条：被告人通过原审人民法院提出上诉的，原审人民法院应当在三日以内将上诉状连同案卷、证据移送上一级人民法院，同时将上诉状副本送交同级人民检察院和对方当事人。',
    },
    verified: true,
  },
  C19: {
    id: 'C19',
    zh: '二审审理',
    en: 'Second-instance trial',
    process: 'SECOND_INSTANCE',
    kind: 'DUTY',
    start: [m('SECOND_INSTANCE_ACCEPTED')],
    stop: [m('SECOND_INSTANCE_DECISION')],
    custody: 'CASE',
    rule: {
      en: '2 months; +2 months with the provincial high court’s approval (CPL 158 cases)',
      zh: '二个月；有刑事诉讼法第一百五十八条情形的，经省、自治区、直辖市高级人民法院批准或者决定，可以延长二个月',
    },
    basis: {
      ref: 'CPL 243 ✔',
      text: '刑事诉讼法第二百四十三条：第二审人民法院受理上诉、抗诉案件，应当在二个月以内审结；对于可能判处死刑的案件或者附带民事诉讼的案件，以及有第一百五十八条规定情形之一的，经高级人民法院批准或者决定，可以延长二个月；因特殊情况还需要延长的，报请最高人民法院批准。最高人民法院受理的上诉、抗诉案件的审理期限，由最高人民法院决定。人民检察院查阅案卷的时间不计入审理期限（第二百三十五条）。',
    },
    verified: true,
  },
  C20: {
    id: 'C20',
    zh: '审判期间补充侦查',
    en: 'Supplementary investigation during trial',
    process: 'FIRST_INSTANCE_TRIAL',
    kind: 'DUTY',
    start: [m('TRIAL_POSTPONEMENT', { payload: { ground: 'SUPP_INV' } })],
    // The case's return, a withdrawal, or (after the month) the court deciding on the evidence it has.
    stop: [m('TRIAL_RESUMPTION_REQUEST'), m('PROSECUTION_WITHDRAWAL', { fromState: 'SUPP_INV' }), m('JUDGMENT', { fromState: 'SUPP_INV' })],
    custody: 'CASE',
    rule: {
      en: '1 month from the postponement; at most two postponements; the trial period restarts on the case’s return',
      zh: '延期审理后一个月以内补充侦查完毕；建议延期审理不得超过两次；补充侦查完毕移送人民法院后重新计算审理期限',
    },
    basis: {
      ref: 'CPL 204, 205, 208 ✔, 解释 274 ✔',
      text: '刑事诉讼法第二百零四条第二项：检察人员发现提起公诉的案件需要补充侦查，提出建议的，可以延期审理。第二百零五条：依照第二百零四条第二项的规定延期审理的案件，人民检察院应当在一个月以内补充侦查完毕。第二百零八条第三款：人民检察院补充侦查的案件，补充侦查完毕移送人民法院后，人民法院重新计算审理期限。刑诉法解释第二百七十四条：建议延期审理不得超过两次；补充侦查期限届满后，人民检察院未将补充的证据材料移送人民法院的，人民法院可以根据在案证据作出判决、裁定。',
    },
    verified: true,
  },
};
