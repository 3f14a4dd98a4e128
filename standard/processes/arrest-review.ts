import { OPEN, STAY, payloadIs, payloadOf, type ProcessDefinition, type TransitionRow } from './definition';

/** P1 审查逮捕 (domain.md §2). REVERSED is transient: a reversed decision lands in APPROVED. */
export const ARREST_REVIEW_STATES = [
  'SUBMITTED',
  'ACCEPTED',
  'UNDER_REVIEW',
  'APPROVED',
  'EXECUTED',
  'NOT_APPROVED',
  'RELEASED',
  'RECONSIDERATION',
  'REVIEW',
  'UPHELD',
  'REVERSED',
  'WITHDRAWN',
] as const;
export type ArrestReviewState = (typeof ARREST_REVIEW_STATES)[number];

type Row = TransitionRow<ArrestReviewState>;
const BEFORE_DECISION = ['SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW'] as const;
const DECIDING = ['ACCEPTED', 'UNDER_REVIEW'] as const;

const transitions: readonly Row[] = [
  {
    on: 'ARREST_REQUEST',
    from: OPEN,
    to: 'SUBMITTED',
    set: ({ message }) => ({ submissions: 1, requestPeriodExtended: payloadOf(message, 'ARREST_REQUEST')?.requestPeriodExtended }),
  },
  {
    // 重新提请批准逮捕: a new request after withdrawal, release or an upheld denial.
    on: 'ARREST_REQUEST',
    from: ['WITHDRAWN', 'RELEASED', 'UPHELD'],
    to: 'SUBMITTED',
    set: ({ instance, message }) => ({
      submissions: (instance?.attributes.submissions ?? 1) + 1,
      denialReason: undefined,
      lastReview: undefined,
      reversedBy: undefined,
      requestPeriodExtended: payloadOf(message, 'ARREST_REQUEST')?.requestPeriodExtended,
    }),
  },
  // Extensions of the custody period after arrest (CPL 156/158/159) arrive once the arrest is executed; tracking checks them.
  { on: 'DEADLINE_EXTENSION', from: ARREST_REVIEW_STATES, to: STAY },
  { on: 'ACCEPTANCE_ACK', from: ['SUBMITTED'], to: 'ACCEPTED' },
  { on: 'ARREST_APPROVAL', from: DECIDING, to: 'APPROVED' },
  { on: 'ARREST_DENIAL', from: DECIDING, to: 'NOT_APPROVED', set: ({ message }) => ({ denialReason: payloadOf(message, 'ARREST_DENIAL')?.reasonCode }) },
  {
    on: 'ARREST_REQUEST_WITHDRAWAL',
    from: BEFORE_DECISION,
    to: 'WITHDRAWN',
    guard: ({ options }) =>
      options.arrestRequestWithdrawal ? undefined : { en: 'withdrawing an arrest request is disabled by configuration', zh: '按配置不允许撤回提请批准逮捕' },
  },
  { on: 'ARREST_EXECUTION_RECEIPT', from: ['APPROVED'], to: 'EXECUTED' },
  { on: 'DENIAL_EXECUTION_RECEIPT', from: ['NOT_APPROVED'], to: 'RELEASED' },
  // CPL 92: the PSB may ask for reconsideration only after executing the release.
  { on: 'RECONSIDERATION_REQUEST', from: ['RELEASED'], to: 'RECONSIDERATION' },
  {
    on: 'RECONSIDERATION_DECISION',
    from: ['RECONSIDERATION'],
    when: payloadIs('outcome', 'UPHELD'),
    to: 'UPHELD',
    set: () => ({ lastReview: 'RECONSIDERATION' }),
  },
  {
    on: 'RECONSIDERATION_DECISION',
    from: ['RECONSIDERATION'],
    when: payloadIs('outcome', 'REVERSED'),
    to: 'APPROVED',
    via: ['REVERSED'],
    set: () => ({ lastReview: 'RECONSIDERATION', reversedBy: 'RECONSIDERATION' }),
  },
  {
    on: 'REVIEW_REQUEST',
    from: ['UPHELD'],
    to: 'REVIEW',
    guard: ({ instance }) =>
      instance?.attributes.lastReview === 'RECONSIDERATION'
        ? undefined
        : {
            kind: 'PROCESS_CLOSED',
            en: 'the higher procuratorate has already decided the review (复核); no further review',
            zh: '上一级检察院已作出复核决定，不能再提请复核',
          },
  },
  { on: 'REVIEW_DECISION', from: ['REVIEW'], when: payloadIs('outcome', 'UPHELD'), to: 'UPHELD', set: () => ({ lastReview: 'REVIEW' }) },
  {
    on: 'REVIEW_DECISION',
    from: ['REVIEW'],
    when: payloadIs('outcome', 'REVERSED'),
    to: 'APPROVED',
    via: ['REVERSED'],
    set: () => ({ lastReview: 'REVIEW', reversedBy: 'REVIEW' }),
  },
];

export const ARREST_REVIEW: ProcessDefinition<ArrestReviewState> = {
  process: 'ARREST_REVIEW',
  states: ARREST_REVIEW_STATES,
  initial: ['SUBMITTED'],
  terminal: ['EXECUTED', 'RELEASED', 'UPHELD', 'WITHDRAWN'],
  transitions,
  internal: [{ event: 'REVIEW_STARTED', from: ['ACCEPTED'], to: 'UNDER_REVIEW', en: 'the prosecutor started the review', zh: '检察官开始审查' }],
};
