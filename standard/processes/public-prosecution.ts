import type { UnifiedMessage } from '../schema/message';
import type { SentencingRecommendation } from '../schema/sentencing';
import { OPEN, STAY, payloadOf, type ProcessDefinition, type TransitionRow } from './definition';
import type { ProcessAttributes } from './types';

/** P3 提起公诉 (domain.md §2). WITHDRAWN is added for PROSECUTION_WITHDRAWAL before acceptance. */
export const PUBLIC_PROSECUTION_STATES = ['FILED', 'ACCEPTANCE_REVIEW', 'ACCEPTED', 'SUPPLEMENT_REQUESTED', 'RETURNED', 'WITHDRAWN'] as const;
export type PublicProsecutionState = (typeof PUBLIC_PROSECUTION_STATES)[number];

type Row = TransitionRow<PublicProsecutionState>;
const UNDER_COURT_REVIEW = ['FILED', 'ACCEPTANCE_REVIEW'] as const;

/** Upper end of a recommendation in months: the fixed term, or the top of the range. */
export function recommendedMonths(recommendation: SentencingRecommendation | undefined): number | undefined {
  if (!recommendation) return undefined;
  return recommendation.kind === 'RANGE' ? (recommendation.range?.max ?? recommendation.termMonths) : recommendation.termMonths;
}

function indictmentFacts(message: UnifiedMessage): ProcessAttributes {
  const payload = payloadOf(message, 'INDICTMENT');
  return {
    procedure: payload?.procedure ?? message.case.track,
    recommendedTermMonths: recommendedMonths(payload?.sentencingRecommendation ?? payload?.pleaAffidavit?.recommendation),
  };
}

const transitions: readonly Row[] = [
  { on: 'INDICTMENT', from: OPEN, to: 'FILED', set: ({ message }) => indictmentFacts(message) },
  { on: 'INDICTMENT', from: ['SUPPLEMENT_REQUESTED'], to: 'FILED', set: ({ message }) => indictmentFacts(message) },
  // 重新起诉: after a withdrawal (new facts or evidence, SPP Rules 2019 art. 424) or after the court returned the case (解释 219).
  { on: 'INDICTMENT', from: ['WITHDRAWN', 'RETURNED'], to: 'FILED', set: ({ message }) => indictmentFacts(message) },
  {
    on: 'INDICTMENT',
    from: ['ACCEPTED'],
    to: 'FILED',
    guard: ({ caseState }) =>
      caseState.processes.FIRST_INSTANCE_TRIAL?.state === 'WITHDRAWN'
        ? undefined
        : {
            kind: 'PROCESS_CLOSED',
            en: 'the court has accepted this prosecution; a new indictment needs the prosecution withdrawn first',
            zh: '法院已受理本次起诉，撤回起诉后才能重新起诉',
          },
    set: ({ message }) => indictmentFacts(message),
  },
  {
    on: 'CASE_ACCEPTED',
    from: UNDER_COURT_REVIEW,
    to: 'ACCEPTED',
    set: ({ message, instance }) => ({ procedure: payloadOf(message, 'CASE_ACCEPTED')?.procedure ?? instance?.attributes.procedure }),
  },
  { on: 'SUPPLEMENT_REQUEST', from: UNDER_COURT_REVIEW, to: 'SUPPLEMENT_REQUESTED' },
  { on: 'CASE_RETURNED', from: UNDER_COURT_REVIEW, to: 'RETURNED' },
  { on: 'PROSECUTION_WITHDRAWAL', from: [...UNDER_COURT_REVIEW, 'SUPPLEMENT_REQUESTED'], to: 'WITHDRAWN' },
  { on: 'CUSTODY_TRANSFER', from: PUBLIC_PROSECUTION_STATES, to: STAY },
  { on: 'SERVICE_RECEIPT', from: [...UNDER_COURT_REVIEW, 'SUPPLEMENT_REQUESTED', 'ACCEPTED'], to: STAY },
];

export const PUBLIC_PROSECUTION: ProcessDefinition<PublicProsecutionState> = {
  process: 'PUBLIC_PROSECUTION',
  states: PUBLIC_PROSECUTION_STATES,
  initial: ['FILED'],
  terminal: ['ACCEPTED', 'RETURNED', 'WITHDRAWN'],
  transitions,
  internal: [
    { event: 'ACCEPTANCE_REVIEW_STARTED', from: ['FILED'], to: 'ACCEPTANCE_REVIEW', en: 'the court started its acceptance review', zh: '法院开始立案审查' },
  ],
};
