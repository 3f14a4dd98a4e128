import type { Track } from '../schema/case-info';
import { addDays, beijingDateOf, parseInstant } from '../clocks/calendar-date';
import { isSuspended, sentenceProbationMonths, sentenceTermMonths } from '../schema/sentencing';
import { defendantFacts } from './defendants';
import { OPEN, STAY, payloadOf, type ProcessDefinition, type Refusal, type TransitionRow } from './definition';

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
    ...(payload?.defendants && { defendants: defendantFacts(payload.defendants, instance?.attributes.defendants) }),
  };
};

/** Days of the appeal and protest window against a judgment (CPL 230; 5 days against a ruling). */
export const APPEAL_WINDOW_DAYS = { JUDGMENT: 10, RULING: 5 } as const;

/**
 * A first-instance judgment takes effect only when the window has closed without appeal or protest
 * (CPL 230, 259): an effective date inside the window is refused. The window may end later than
 * counted here when its last day is a holiday (CPL 105), never earlier.
 */
function effectiveTooEarly(effectiveDate: string | undefined, servedOn: string | undefined): Refusal | undefined {
  if (effectiveDate === undefined || servedOn === undefined) return undefined;
  const lastDay = addDays(servedOn, APPEAL_WINDOW_DAYS.JUDGMENT);
  if (effectiveDate > lastDay) return undefined;
  return {
    kind: 'OUT_OF_ORDER',
    en: `the judgment served on ${servedOn} can take effect only after the appeal and protest window ends on ${lastDay} (CPL 230)`,
    zh: `判决于${servedOn}送达，上诉、抗诉期限至${lastDay}届满，届满前判决不发生法律效力（刑事诉讼法第二百三十条）`,
  };
}

function servedOnOf(servedAt: string | undefined): string | undefined {
  if (servedAt === undefined) return undefined;
  if (servedAt.length === 10) return servedAt;
  const instant = parseInstant(servedAt);
  return instant === undefined ? undefined : beijingDateOf(instant);
}

function conversionRefusal(current: Track | undefined, next: Track | undefined): Refusal | undefined {
  if (next === undefined) return { kind: 'PAYLOAD_REQUIRED', en: 'payload.newProcedure is required', zh: '缺少 payload.newProcedure' };
  if (current === undefined || PROCEDURE_WEIGHT[next] > PROCEDURE_WEIGHT[current]) return undefined;
  return {
    en: `a procedure conversion goes from fast track to summary or ordinary, not from ${current} to ${next} (CPL 226)`,
    zh: `程序转换只能由速裁转为简易或普通程序、由简易转为普通程序，不能由${current}转为${next}（刑事诉讼法第二百二十六条）`,
  };
}

const transitions: readonly Row[] = [
  {
    on: 'CASE_ACCEPTED',
    from: OPEN,
    to: 'ACCEPTED',
    follow: true,
    set: ({ message, caseState }) => {
      const filed = caseState.processes.PUBLIC_PROSECUTION?.attributes;
      return {
        procedure: payloadOf(message, 'CASE_ACCEPTED')?.procedure ?? filed?.procedure ?? message.case.track,
        recommendedTermMonths: filed?.recommendedTermMonths,
      };
    },
  },
  { on: 'HEARING_NOTICE', from: ['ACCEPTED', 'HEARD', 'CONVERTED'], to: 'SCHEDULED' },
  { on: 'HEARING_NOTICE', from: ['SCHEDULED'], to: STAY },
  { on: 'SENTENCING_ADJUSTMENT', from: BEFORE_JUDGMENT, to: STAY },
  {
    on: 'PROCEDURE_CONVERSION',
    from: BEFORE_JUDGMENT,
    to: 'CONVERTED',
    guard: ({ message, instance }) => conversionRefusal(instance?.attributes.procedure, payloadOf(message, 'PROCEDURE_CONVERSION')?.newProcedure),
    set: ({ message }) => ({ procedure: payloadOf(message, 'PROCEDURE_CONVERSION')?.newProcedure }),
  },
  { on: 'PROSECUTION_WITHDRAWAL', from: BEFORE_JUDGMENT, to: 'WITHDRAWN' },
  { on: 'JUDGMENT', from: ['SCHEDULED', 'HEARD'], to: 'SENTENCED', set: judgmentFacts },
  {
    // Fast track needs no advance hearing notice (CPL 224), so a judgment may follow acceptance directly.
    on: 'JUDGMENT',
    from: ['ACCEPTED'],
    to: 'SENTENCED',
    guard: ({ instance }) =>
      instance?.attributes.procedure === 'FAST'
        ? undefined
        : { kind: 'OUT_OF_ORDER', en: 'a judgment before any hearing notice is only possible in fast-track (速裁) cases', zh: '只有速裁案件可以未经开庭通知即作出判决' },
    set: judgmentFacts,
  },
  { on: 'SERVICE_RECEIPT', from: ['SENTENCED'], to: 'JUDGMENT_SERVED', set: ({ message }) => ({ servedOn: servedOnOf(payloadOf(message, 'SERVICE_RECEIPT')?.servedAt) }) },
  { on: 'SERVICE_RECEIPT', from: [...BEFORE_JUDGMENT, 'JUDGMENT_SERVED', 'APPEAL_WINDOW'], to: STAY },
  { on: 'APPEAL', from: AFTER_JUDGMENT, to: 'APPEALED' },
  { on: 'PROTEST', from: AFTER_JUDGMENT, to: 'APPEALED' },
  { on: 'APPEAL', from: ['APPEALED'], to: STAY },
  { on: 'PROTEST', from: ['APPEALED'], to: STAY },
  {
    on: 'JUDGMENT_EFFECTIVE',
    from: ['JUDGMENT_SERVED', 'APPEAL_WINDOW'],
    to: 'EFFECTIVE',
    guard: ({ message, instance }) => effectiveTooEarly(payloadOf(message, 'JUDGMENT_EFFECTIVE')?.effectiveDate, instance?.attributes.servedOn),
  },
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
    set: () => ({ remanded: true, verdict: undefined, penalty: undefined, termMonths: undefined, probationMonths: undefined, termEnd: undefined, servedOn: undefined }),
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
