import type { Track } from '../schema/case-info';
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

const judgmentFacts: Row['set'] = ({ message }) => {
  const payload = payloadOf(message, 'JUDGMENT');
  return {
    verdict: payload?.verdict,
    penalty: payload?.sentence?.principal,
    termMonths: payload?.sentence?.termMonths,
    probationMonths: payload?.sentence?.probationMonths,
    termEnd: payload?.sentence?.termEnd,
    pronouncedInCourt: payload?.pronouncedInCourt,
  };
};

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
  { on: 'SERVICE_RECEIPT', from: ['SENTENCED'], to: 'JUDGMENT_SERVED' },
  { on: 'SERVICE_RECEIPT', from: [...BEFORE_JUDGMENT, 'JUDGMENT_SERVED', 'APPEAL_WINDOW'], to: STAY },
  { on: 'APPEAL', from: AFTER_JUDGMENT, to: 'APPEALED' },
  { on: 'PROTEST', from: AFTER_JUDGMENT, to: 'APPEALED' },
  { on: 'APPEAL', from: ['APPEALED'], to: STAY },
  { on: 'PROTEST', from: ['APPEALED'], to: STAY },
  { on: 'JUDGMENT_EFFECTIVE', from: ['JUDGMENT_SERVED', 'APPEAL_WINDOW'], to: 'EFFECTIVE' },
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
