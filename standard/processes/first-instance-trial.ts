import type { Track } from '../schema/case-info';
import { addDays, addMonths, beijingDateOf, isIsoDate, parseInstant } from '../clocks/calendar-date';
import type { UnifiedMessage } from '../schema/message';
import { isSuspended, sentenceProbationMonths, sentenceTermMonths } from '../schema/sentencing';
import { defendantFacts } from './defendants';
import { OPEN, STAY, payloadOf, type ProcessDefinition, type Refusal, type TransitionRow } from './definition';
import type { ProcessAttributes, TransitionContext } from './types';

/** P4 一审审理 (domain.md §2). */
export const FIRST_INSTANCE_TRIAL_STATES = [
  'ACCEPTED',
  'SCHEDULED',
  'HEARD',
  'SENTENCED',
  'JUDGMENT_SERVED',
  'APPEAL_WINDOW',
  'EFFECTIVE',
  'APPEALED',
  'CONVERTED',
  'SUPP_INV',
  'TRANSFERRED',
  'WITHDRAWN',
  'TERMINATED',
] as const;
export type FirstInstanceTrialState = (typeof FIRST_INSTANCE_TRIAL_STATES)[number];

type Row = TransitionRow<FirstInstanceTrialState>;
const BEFORE_JUDGMENT = ['ACCEPTED', 'SCHEDULED', 'HEARD', 'CONVERTED'] as const;
const AFTER_JUDGMENT = ['SENTENCED', 'JUDGMENT_SERVED', 'APPEAL_WINDOW'] as const;

/** 速裁 → 简易 → 普通: a conversion only ever moves to a fuller procedure (CPL 221, 226). */
const PROCEDURE_WEIGHT: Record<Track, number> = { FAST: 0, SIMPLIFIED: 1, ORDINARY: 2 };

const judgmentFacts: Row['set'] = ({ message, instance }) => {
  const payload = payloadOf(message, 'JUDGMENT');
  const sentence = payload?.sentence;
  return {
    verdict: payload?.verdict,
    penalty: sentence?.principal,
    termMonths: sentence ? sentenceTermMonths(sentence) : undefined,
    probationMonths: sentence && isSuspended(sentence) ? sentenceProbationMonths(sentence) : undefined,
    termEnd: sentence?.termEnd,
    pronouncedInCourt: payload?.pronouncedInCourt,
    documentKind: payload?.documentKind,
    ...(payload?.defendants && { defendants: defendantFacts(payload.defendants, instance?.attributes.defendants) }),
  };
};

/** Days of the appeal and protest window against a judgment (CPL 230; 5 days against a ruling). */
export const APPEAL_WINDOW_DAYS = { JUDGMENT: 10, RULING: 5 } as const;

/** Beijing date of a date or date-time value. */
function dayOf(value: string): string {
  if (isIsoDate(value)) return value;
  const instant = parseInstant(value);
  return instant === undefined ? value.slice(0, 10) : beijingDateOf(instant);
}

/** CPL 224: a fast-track judgment is pronounced in court. */
function fastTrackPronouncement({ message, instance }: TransitionContext): Refusal | undefined {
  if (instance?.attributes.procedure !== 'FAST' || payloadOf(message, 'JUDGMENT')?.pronouncedInCourt !== false) return undefined;
  return { en: 'a fast-track (速裁) judgment must be pronounced in court (CPL 224)', zh: '适用速裁程序审理案件，应当当庭宣判（刑事诉讼法第二百二十四条）' };
}

/** CPL 187: in ordinary procedure the notices reach the parties at least three days before the hearing. */
function hearingNoticeLead({ message, instance }: TransitionContext): Refusal | undefined {
  const hearingAt = payloadOf(message, 'HEARING_NOTICE')?.hearingAt;
  if (instance?.attributes.procedure !== 'ORDINARY' || hearingAt === undefined) return undefined;
  const noticeDay = dayOf(message.sentAt);
  const hearingDay = dayOf(hearingAt);
  if (hearingDay >= addDays(noticeDay, 3)) return undefined;
  return {
    en: `the hearing on ${hearingDay} is less than three days after the notice of ${noticeDay} (CPL 187)`,
    zh: `开庭日期${hearingDay}距通知日期${noticeDay}不足三日（刑事诉讼法第一百八十七条）`,
  };
}

function servedOn(message: UnifiedMessage): string {
  return dayOf(payloadOf(message, 'SERVICE_RECEIPT')?.servedAt ?? message.sentAt);
}

/** CPL 230: the judgment takes effect only after the appeal period (10 days, 5 for a ruling) from the day after service. */
function appealPeriodOver({ message, instance }: TransitionContext): Refusal | undefined {
  const served = instance?.attributes.servedOn;
  if (served === undefined) return undefined;
  const days = APPEAL_WINDOW_DAYS[instance?.attributes.documentKind ?? 'JUDGMENT'];
  const lastDay = addDays(served, days);
  const effective = dayOf(payloadOf(message, 'JUDGMENT_EFFECTIVE')?.effectiveDate ?? message.sentAt);
  if (effective > lastDay) return undefined;
  return {
    kind: 'OUT_OF_ORDER',
    en: `effective on ${effective} while the appeal period (${days} days from the day after service on ${served}) runs until ${lastDay} (CPL 230)`,
    zh: `生效日期${effective}在上诉、抗诉期限内（${served}送达，期限至${lastDay}）（刑事诉讼法第二百三十条）`,
  };
}

/** 解释 274: the procurator may propose postponing the trial for supplementary investigation at most twice. */
export const TRIAL_SUPP_INV_ROUNDS = 2;

function postponementRound({ instance }: TransitionContext): Refusal | undefined {
  const done = instance?.attributes.trialSuppInvRound ?? 0;
  if (done < TRIAL_SUPP_INV_ROUNDS) return undefined;
  return {
    kind: 'ROUND_LIMIT',
    en: `the trial was already postponed ${done} times for supplementary investigation; at most ${TRIAL_SUPP_INV_ROUNDS} (解释 274)`,
    zh: `本案已${done}次因补充侦查延期审理，建议延期审理不得超过两次（刑诉法解释第二百七十四条）`,
  };
}

/** The day a message states for its act (the payload field), else its send day. */
function statedDay(message: UnifiedMessage, field: string): string {
  const value = (message.payload as Record<string, unknown>)[field];
  return dayOf(typeof value === 'string' ? value : message.sentAt);
}

/**
 * CPL 205, 解释 274: while the procuratorate investigates (one month), the court waits; once the
 * month has passed without the case coming back, the court may decide on the evidence it has.
 */
function suppInvPeriodOver({ message, instance }: TransitionContext): Refusal | undefined {
  const since = instance?.attributes.trialSuppInvSince;
  if (since === undefined) return undefined;
  const lastDay = addMonths(since, 1);
  const judged = statedDay(message, 'pronouncedOn');
  if (judged > lastDay) return undefined;
  return {
    kind: 'OUT_OF_ORDER',
    en: `judgment on ${judged} while the supplementary investigation (one month from ${since}, until ${lastDay}) is running; the court decides on the evidence only after it (CPL 205, 解释 274)`,
    zh: `判决日期${judged}在补充侦查期限内（${since}起一个月，至${lastDay}）；补充侦查期限届满后检察院未移送的，法院方可根据在案证据作出判决（刑事诉讼法第二百零五条，刑诉法解释第二百七十四条）`,
  };
}

function conversionRefusal(current: Track | undefined, next: Track | undefined): Refusal | undefined {
  if (next === undefined) return { kind: 'PAYLOAD_REQUIRED', en: 'payload.newProcedure is required', zh: '缺少 payload.newProcedure' };
  if (current === undefined || PROCEDURE_WEIGHT[next] > PROCEDURE_WEIGHT[current]) return undefined;
  return {
    en: `a procedure conversion goes from fast track to summary or ordinary, not from ${current} to ${next} (CPL 226)`,
    zh: `程序转换只能由速裁转为简易或普通程序、由简易转为普通程序，不能由${current}转为${next}（刑事诉讼法第二百二十六条）`,
  };
}

/** What an accepted case opens the trial with: the procedure (the court's, else the indictment's, else the case's) and the recommended term. */
function acceptedAttributes({ message, caseState }: TransitionContext): ProcessAttributes {
  const filed = caseState.processes.PUBLIC_PROSECUTION?.attributes;
  return {
    procedure: payloadOf(message, 'CASE_ACCEPTED')?.procedure ?? filed?.procedure ?? message.case.track,
    recommendedTermMonths: filed?.recommendedTermMonths,
  };
}

const transitions: readonly Row[] = [
  {
    on: 'CASE_ACCEPTED',
    from: OPEN,
    to: 'ACCEPTED',
    follow: true,
    set: acceptedAttributes,
  },
  {
    // 重新受理: the case comes back after a withdrawal and a new indictment.
    on: 'CASE_ACCEPTED',
    from: ['WITHDRAWN'],
    to: 'ACCEPTED',
    follow: true,
    set: (ctx) => ({ ...acceptedAttributes(ctx), verdict: undefined, servedOn: undefined, trialSuppInvRound: undefined }),
  },
  {
    // 改变管辖: the court the case was transferred to accepts it (CPL 208 ¶2).
    on: 'CASE_ACCEPTED',
    from: ['TRANSFERRED'],
    to: 'ACCEPTED',
    follow: true,
    set: ({ message, instance }) => ({
      procedure: payloadOf(message, 'CASE_ACCEPTED')?.procedure ?? instance?.attributes.procedure,
      trialSuppInvRound: undefined,
    }),
  },
  { on: 'HEARING_NOTICE', from: ['ACCEPTED', 'HEARD', 'CONVERTED'], to: 'SCHEDULED', guard: hearingNoticeLead },
  { on: 'HEARING_NOTICE', from: ['SCHEDULED'], to: STAY, guard: hearingNoticeLead },
  { on: 'DEADLINE_EXTENSION', from: BEFORE_JUDGMENT, to: STAY },
  { on: 'SENTENCING_ADJUSTMENT', from: BEFORE_JUDGMENT, to: STAY },
  {
    on: 'PROCEDURE_CONVERSION',
    from: BEFORE_JUDGMENT,
    to: 'CONVERTED',
    guard: ({ message, instance }) => conversionRefusal(instance?.attributes.procedure, payloadOf(message, 'PROCEDURE_CONVERSION')?.newProcedure),
    set: ({ message }) => ({ procedure: payloadOf(message, 'PROCEDURE_CONVERSION')?.newProcedure }),
  },
  // 撤回起诉 also ends a supplementary investigation during trial (SPP Rules 2019: 提请恢复法庭审理或者撤回起诉).
  { on: 'PROSECUTION_WITHDRAWAL', from: [...BEFORE_JUDGMENT, 'SUPP_INV'], to: 'WITHDRAWN' },
  // CPL 204(2), 205, 208 ¶3; 解释 274: postponed for supplementary investigation (at most twice); the
  // case's return restarts the trial period; after the month the court may decide on the evidence.
  {
    on: 'TRIAL_POSTPONEMENT',
    from: BEFORE_JUDGMENT,
    to: 'SUPP_INV',
    guard: postponementRound,
    set: ({ message, instance }) => ({
      trialSuppInvRound: (instance?.attributes.trialSuppInvRound ?? 0) + 1,
      trialSuppInvSince: statedDay(message, 'decisionDate'),
    }),
  },
  { on: 'TRIAL_RESUMPTION_REQUEST', from: ['SUPP_INV'], to: 'ACCEPTED', set: () => ({ trialSuppInvSince: undefined }) },
  {
    on: 'JUDGMENT',
    from: ['SUPP_INV'],
    to: 'SENTENCED',
    guard: (ctx) => suppInvPeriodOver(ctx) ?? fastTrackPronouncement(ctx),
    set: judgmentFacts,
  },
  // CPL 208 ¶2: a change of jurisdiction; the receiving court's acceptance starts a new trial period.
  { on: 'TRIAL_JURISDICTION_CHANGE', from: BEFORE_JUDGMENT, to: 'TRANSFERRED' },
  { on: 'JUDGMENT', from: ['SCHEDULED', 'HEARD'], to: 'SENTENCED', guard: fastTrackPronouncement, set: judgmentFacts },
  {
    // Fast track needs no advance hearing notice (CPL 224), so a judgment may follow acceptance directly.
    on: 'JUDGMENT',
    from: ['ACCEPTED'],
    to: 'SENTENCED',
    guard: (ctx) =>
      ctx.instance?.attributes.procedure === 'FAST'
        ? fastTrackPronouncement(ctx)
        : {
            kind: 'OUT_OF_ORDER',
            en: 'a judgment before any hearing notice is only possible in fast-track (速裁) cases',
            zh: '只有速裁案件可以未经开庭通知即作出判决',
          },
    set: judgmentFacts,
  },
  { on: 'SERVICE_RECEIPT', from: ['SENTENCED'], to: 'JUDGMENT_SERVED', set: ({ message }) => ({ servedOn: servedOn(message) }) },
  { on: 'SERVICE_RECEIPT', from: BEFORE_JUDGMENT, to: STAY },
  {
    // A later service (another party) moves the end of the appeal period.
    on: 'SERVICE_RECEIPT',
    from: ['JUDGMENT_SERVED', 'APPEAL_WINDOW'],
    to: STAY,
    set: ({ message, instance }) => {
      const day = servedOn(message);
      const known = instance?.attributes.servedOn;
      return { servedOn: known !== undefined && known > day ? known : day };
    },
  },
  { on: 'APPEAL', from: AFTER_JUDGMENT, to: 'APPEALED' },
  { on: 'PROTEST', from: AFTER_JUDGMENT, to: 'APPEALED' },
  { on: 'APPEAL', from: ['APPEALED'], to: STAY },
  { on: 'PROTEST', from: ['APPEALED'], to: STAY },
  { on: 'JUDGMENT_EFFECTIVE', from: ['JUDGMENT_SERVED', 'APPEAL_WINDOW'], to: 'EFFECTIVE', guard: appealPeriodOver },
  // 发回重审 (CPL 236, 239): the first-instance court tries the case again, with a new trial period.
  {
    on: 'SECOND_INSTANCE_DECISION',
    from: ['APPEALED'],
    to: 'ACCEPTED',
    follow: true,
    when: {
      test: ({ message }) => payloadOf(message, 'SECOND_INSTANCE_DECISION')?.outcome === 'REMANDED',
      en: 'the second instance remanded the case for retrial',
      zh: '二审发回重审',
    },
    set: () => ({
      remanded: true,
      verdict: undefined,
      penalty: undefined,
      termMonths: undefined,
      probationMonths: undefined,
      termEnd: undefined,
      servedOn: undefined,
      trialSuppInvRound: undefined,
    }),
  },
];

export const FIRST_INSTANCE_TRIAL: ProcessDefinition<FirstInstanceTrialState> = {
  process: 'FIRST_INSTANCE_TRIAL',
  states: FIRST_INSTANCE_TRIAL_STATES,
  initial: ['ACCEPTED'],
  terminal: ['EFFECTIVE', 'APPEALED', 'WITHDRAWN', 'TERMINATED'],
  transitions,
  internal: [
    { event: 'HEARING_HELD', from: ['SCHEDULED'], to: 'HEARD', en: 'the hearing took place', zh: '已开庭审理' },
    { event: 'APPEAL_WINDOW_OPENED', from: ['JUDGMENT_SERVED'], to: 'APPEAL_WINDOW', en: 'the appeal period is running', zh: '上诉、抗诉期间开始' },
    { event: 'TRIAL_TERMINATED', from: BEFORE_JUDGMENT, to: 'TERMINATED', en: 'the trial was terminated (终止审理)', zh: '终止审理' },
  ],
};
