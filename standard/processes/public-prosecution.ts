import type { UnifiedMessage } from '../schema/message';
import type { SentencingRecommendation } from '../schema/sentencing';
import { OPEN, STAY, payloadOf, type ProcessDefinition, type TransitionRow } from './definition';
import type { CaseProcessState, ProcessAttributes } from './types';

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

function acceptanceFacts(message: UnifiedMessage, known: ProcessAttributes | undefined): ProcessAttributes {
  return { procedure: payloadOf(message, 'CASE_ACCEPTED')?.procedure ?? known?.procedure };
}

/** The trial left the court that accepted it: the prosecution was withdrawn, or the jurisdiction changed. */
function trialLeftTheCourt(caseState: CaseProcessState): boolean {
  const trial = caseState.processes.FIRST_INSTANCE_TRIAL?.state;
  return trial === 'WITHDRAWN' || trial === 'TRANSFERRED';
}

const transitions: readonly Row[] = [
  { on: 'INDICTMENT', from: OPEN, to: 'FILED', set: ({ message }) => indictmentFacts(message) },
  { on: 'INDICTMENT', from: ['SUPPLEMENT_REQUESTED'], to: 'FILED', set: ({ message }) => indictmentFacts(message) },
  // 重新起诉: after a withdrawal (new facts or evidence, SPP Rules 2019 art. 424) or after the court returned the case (解释 219).
  { on: 'INDICTMENT', from: ['WITHDRAWN', 'RETURNED'], to: 'FILED', set: ({ message }) => indictmentFacts(message) },
  {
    // Also after a change of jurisdiction (CPL 208 ¶2) when the file comes back through the procuratorate.
    on: 'INDICTMENT',
    from: ['ACCEPTED'],
    to: 'FILED',
    guard: ({ caseState }) =>
      trialLeftTheCourt(caseState)
        ? undefined
        : {
            kind: 'PROCESS_CLOSED',
            en: 'the court has accepted this prosecution; a new indictment needs the prosecution withdrawn (or the jurisdiction changed) first',
            zh: '法院已受理本次起诉，撤回起诉（或改变管辖）后才能重新起诉',
          },
    set: ({ message }) => indictmentFacts(message),
  },
  {
    on: 'CASE_ACCEPTED',
    from: UNDER_COURT_REVIEW,
    to: 'ACCEPTED',
    set: ({ message, instance }) => acceptanceFacts(message, instance?.attributes),
  },
  {
    // 改变管辖: the court the case was transferred to accepts it (CPL 208 ¶2); the trial follows.
    on: 'CASE_ACCEPTED',
    from: ['ACCEPTED'],
    to: STAY,
    guard: ({ caseState }) =>
      caseState.processes.FIRST_INSTANCE_TRIAL?.state === 'TRANSFERRED'
        ? undefined
        : {
            kind: 'OUT_OF_ORDER',
            en: 'the court has already accepted this prosecution; another acceptance needs a new indictment or a change of jurisdiction (CPL 208) first',
            zh: '法院已受理本次起诉；须重新起诉或改变管辖（刑事诉讼法第二百零八条）后，才能再次受理',
          },
    set: ({ message, instance }) => acceptanceFacts(message, instance?.attributes),
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
