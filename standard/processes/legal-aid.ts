import type { Agency } from '../codes/agencies';
import type { UnifiedMessage } from '../schema/message';
import { OPEN, STAY, allOf, payloadField, payloadIs, type Guard, type ProcessDefinition, type Refusal, type Selector, type TransitionRow } from './definition';
import type { AidStage, AidType, InstanceKey } from './types';

/** P5 法律援助 (domain.md §2). One instance per procedural stage: `LEGAL_AID:<stage>`. */
export const LEGAL_AID_STATES = ['NOTIFIED', 'APPLIED', 'UNDER_REVIEW', 'GRANTED', 'DENIED', 'ASSIGNED', 'ACTIVE', 'CLOSED', 'TERMINATED', 'OBJECTED'] as const;
export type LegalAidState = (typeof LEGAL_AID_STATES)[number];

type Row = TransitionRow<LegalAidState>;

const STAGE_OF_AGENCY: Partial<Record<Agency, AidStage>> = { PSB: 'INVESTIGATION', PROCURATORATE: 'REVIEW', COURT: 'TRIAL' };

/** The stage a legal-aid message concerns: stated in the payload, else the case agency taking part. */
export function legalAidStage(message: UnifiedMessage): AidStage | undefined {
  const stated = payloadField(message, 'stage');
  if (stated === 'INVESTIGATION' || stated === 'REVIEW' || stated === 'TRIAL') return stated;
  return STAGE_OF_AGENCY[message.sender.agency] ?? STAGE_OF_AGENCY[message.receiver.agency];
}

function instanceKey(message: UnifiedMessage): InstanceKey | Refusal {
  const stage = legalAidStage(message);
  if (stage) return `LEGAL_AID:${stage}`;
  return {
    kind: 'PAYLOAD_REQUIRED',
    en: 'payload.stage is required when neither party is the PSB, procuratorate or court',
    zh: '收发双方均非公安机关、检察院或法院时，须提供 payload.stage',
  };
}

const hasLawyer: Selector = {
  test: ({ message }) => payloadField(message, 'lawyer') !== undefined,
  en: 'payload.lawyer is given',
  zh: '已提供 payload.lawyer',
};

const oneAssignmentPerStage: Guard = ({ options }) =>
  options.legalAidReassignmentInStage
    ? undefined
    : { en: 'a lawyer is already assigned for this stage (one assignment per stage)', zh: '本诉讼阶段已指派律师（每一阶段只指派一次）' };

const aidTypeOf = (message: UnifiedMessage, fallback: AidType): AidType => {
  const stated = payloadField(message, 'aidType');
  return stated === 'DUTY_LAWYER' || stated === 'DEFENDER' ? stated : fallback;
};

const ENDED = ['DENIED', 'TERMINATED'] as const;
const PENDING = ['NOTIFIED', 'APPLIED', 'UNDER_REVIEW', 'GRANTED'] as const;
const IN_DECISION = ['APPLIED', 'UNDER_REVIEW'] as const;

const notice = (message: UnifiedMessage, fallback: AidType) => ({
  stage: legalAidStage(message),
  aidType: aidTypeOf(message, fallback),
  granted: undefined,
  objectionAgainst: undefined,
  objectionOutcome: undefined,
});

/**
 * Legal Aid Law art. 49: one objection to the justice bureau per refusal or termination; after the
 * bureau upholds it, the remedy is administrative reconsideration or litigation, not another objection.
 */
const oneObjection: Guard = ({ instance }) =>
  instance?.attributes.objectionOutcome !== 'UPHELD'
    ? undefined
    : {
        en: 'the justice bureau has already decided an objection to this decision; what remains is administrative reconsideration or litigation (Legal Aid Law art. 49)',
        zh: '司法行政部门已对该决定的异议作出决定；不服的，可以依法申请行政复议或者提起行政诉讼（法律援助法第四十九条）',
      };

const objectionOf = (state: 'DENIED' | 'TERMINATED'): Selector => ({
  test: ({ instance }) => (instance?.attributes.objectionAgainst ?? 'DENIAL') === (state === 'DENIED' ? 'DENIAL' : 'TERMINATION'),
  en: `the objection was against the ${state === 'DENIED' ? 'refusal' : 'termination'}`,
  zh: state === 'DENIED' ? '异议针对不予法律援助的决定' : '异议针对终止法律援助的决定',
});

const transitions: readonly Row[] = [
  // A new notice or application may follow a denial or a termination in the same stage.
  { on: 'LEGAL_AID_NOTICE', from: OPEN, to: 'NOTIFIED', set: ({ message }) => notice(message, 'DEFENDER') },
  { on: 'LEGAL_AID_NOTICE', from: ENDED, to: 'NOTIFIED', set: ({ message }) => notice(message, 'DEFENDER') },
  { on: 'DUTY_LAWYER_REQUEST', from: OPEN, to: 'NOTIFIED', set: ({ message }) => notice(message, 'DUTY_LAWYER') },
  { on: 'DUTY_LAWYER_REQUEST', from: ENDED, to: 'NOTIFIED', set: ({ message }) => notice(message, 'DUTY_LAWYER') },
  { on: 'LEGAL_AID_APPLICATION_FORWARD', from: OPEN, to: 'APPLIED', set: ({ message }) => notice(message, 'DEFENDER') },
  { on: 'LEGAL_AID_APPLICATION_FORWARD', from: ENDED, to: 'APPLIED', set: ({ message }) => notice(message, 'DEFENDER') },
  {
    on: 'LEGAL_AID_DECISION',
    from: IN_DECISION,
    when: allOf(payloadIs('granted', true), hasLawyer),
    to: 'ASSIGNED',
    via: ['GRANTED'],
    set: () => ({ granted: true }),
  },
  { on: 'LEGAL_AID_DECISION', from: IN_DECISION, when: payloadIs('granted', true), to: 'GRANTED', set: () => ({ granted: true }) },
  { on: 'LEGAL_AID_DECISION', from: IN_DECISION, when: payloadIs('granted', false), to: 'DENIED', set: () => ({ granted: false }) },
  { on: 'LAWYER_ASSIGNMENT', from: ['NOTIFIED', 'GRANTED'], to: 'ASSIGNED' },
  { on: 'LAWYER_ASSIGNMENT', from: ['ASSIGNED', 'ACTIVE'], to: STAY, guard: oneAssignmentPerStage },
  { on: 'DUTY_LAWYER_ASSIGNMENT', from: ['NOTIFIED', 'GRANTED'], to: 'ASSIGNED' },
  { on: 'DUTY_LAWYER_ASSIGNMENT', from: ['ASSIGNED', 'ACTIVE'], to: STAY, guard: oneAssignmentPerStage },
  { on: 'LEGAL_AID_CLOSURE', from: ['ASSIGNED', 'ACTIVE'], to: 'CLOSED' },
  { on: 'LEGAL_AID_TERMINATION', from: [...PENDING, 'ASSIGNED', 'ACTIVE'], to: 'TERMINATED' },
  // Legal Aid Law art. 49: an objection to the refusal or the termination goes to the justice bureau,
  // which upholds the decision or orders the centre to correct it (provide aid) within 5 days.
  {
    on: 'LEGAL_AID_OBJECTION',
    from: ['DENIED'],
    to: 'OBJECTED',
    guard: oneObjection,
    set: () => ({ objectionAgainst: 'DENIAL' }),
  },
  {
    on: 'LEGAL_AID_OBJECTION',
    from: ['TERMINATED'],
    to: 'OBJECTED',
    guard: oneObjection,
    set: () => ({ objectionAgainst: 'TERMINATION' }),
  },
  {
    on: 'LEGAL_AID_OBJECTION_DECISION',
    from: ['OBJECTED'],
    when: allOf(payloadIs('outcome', 'UPHELD'), objectionOf('DENIED')),
    to: 'DENIED',
    set: () => ({ objectionOutcome: 'UPHELD' }),
  },
  {
    on: 'LEGAL_AID_OBJECTION_DECISION',
    from: ['OBJECTED'],
    when: allOf(payloadIs('outcome', 'UPHELD'), objectionOf('TERMINATED')),
    to: 'TERMINATED',
    set: () => ({ objectionOutcome: 'UPHELD' }),
  },
  {
    on: 'LEGAL_AID_OBJECTION_DECISION',
    from: ['OBJECTED'],
    when: payloadIs('outcome', 'AID_ORDERED'),
    to: 'GRANTED',
    set: () => ({ objectionOutcome: 'AID_ORDERED', granted: true }),
  },
];

export const LEGAL_AID: ProcessDefinition<LegalAidState> = {
  process: 'LEGAL_AID',
  states: LEGAL_AID_STATES,
  initial: ['NOTIFIED', 'APPLIED'],
  terminal: ['DENIED', 'CLOSED', 'TERMINATED'],
  transitions,
  internal: [
    { event: 'REVIEW_STARTED', from: ['APPLIED'], to: 'UNDER_REVIEW', en: 'the legal aid centre is reviewing the application', zh: '法律援助机构开始审查申请' },
    { event: 'LAWYER_ENGAGED', from: ['ASSIGNED'], to: 'ACTIVE', en: 'the lawyer has taken up the case', zh: '律师已开展援助工作' },
  ],
  instanceKey,
};
