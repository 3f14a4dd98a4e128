import { OPEN, STAY, payloadOf, type ProcessDefinition, type TransitionRow } from './definition';
import type { ReviewTrack } from './types';

/** P2 审查起诉 (domain.md §2). SUPP_INV(n) is state SUPP_INV with attribute `suppInvRound` = n. */
export const PROSECUTION_REVIEW_STATES = [
  'RECEIVED',
  'ACCEPTED',
  'UNDER_REVIEW',
  'PLEA_NEGOTIATION',
  'PLEA_SIGNED',
  'PROSECUTED',
  'NON_PROSECUTED',
  'SUPP_INV',
  'RESUBMITTED',
  'TRANSFERRED',
] as const;
export type ProsecutionReviewState = (typeof PROSECUTION_REVIEW_STATES)[number];

/** At most two returns for supplementary investigation (CPL 175 ✔). */
export const MAX_SUPP_INV_ROUNDS = 2;

type Row = TransitionRow<ProsecutionReviewState>;
const REVIEWING = ['ACCEPTED', 'UNDER_REVIEW', 'PLEA_NEGOTIATION', 'PLEA_SIGNED'] as const;

const transitions: readonly Row[] = [
  {
    on: 'PROSECUTION_OPINION',
    from: OPEN,
    to: 'RECEIVED',
    set: ({ message }) => ({
      track: payloadOf(message, 'PROSECUTION_OPINION')?.fastTrackProposed === true || message.case.track === 'FAST' ? 'FAST' : 'NORMAL',
      suppInvRound: 0,
    }),
  },
  // A new review period starts on each acceptance: first receipt, after supplementary investigation, after a jurisdiction transfer.
  { on: 'ACCEPTANCE_ACK', from: ['RECEIVED', 'RESUBMITTED', 'TRANSFERRED'], to: 'ACCEPTED', set: () => ({ extended: false }) },
  { on: 'CUSTODY_TRANSFER', from: PROSECUTION_REVIEW_STATES, to: STAY },
  {
    on: 'SUPP_INV_RETURN',
    from: REVIEWING,
    to: 'SUPP_INV',
    guard: ({ instance, message }) => {
      const done = instance?.attributes.suppInvRound ?? 0;
      if (done >= MAX_SUPP_INV_ROUNDS) {
        return {
          kind: 'ROUND_LIMIT',
          en: `a case may be returned for supplementary investigation at most ${MAX_SUPP_INV_ROUNDS} times; after round ${MAX_SUPP_INV_ROUNDS}, insufficient evidence requires non-prosecution (CPL 175)`,
          zh: `退回补充侦查以${MAX_SUPP_INV_ROUNDS}次为限；第${MAX_SUPP_INV_ROUNDS}次补充侦查后仍证据不足的，应当作出不起诉决定（刑事诉讼法第一百七十五条）`,
        };
      }
      const stated = payloadOf(message, 'SUPP_INV_RETURN')?.round;
      if (stated !== undefined && stated !== done + 1) {
        return {
          kind: 'PAYLOAD_MISMATCH',
          en: `payload.round is ${stated} but this is return number ${done + 1}`,
          zh: `payload.round为${stated}，实际为第${done + 1}次退回补充侦查`,
        };
      }
      return undefined;
    },
    set: ({ instance }) => ({ suppInvRound: (instance?.attributes.suppInvRound ?? 0) + 1 }),
  },
  {
    on: 'SUPP_INV_REPORT',
    from: ['SUPP_INV'],
    to: 'RESUBMITTED',
    guard: ({ instance, message }) => {
      const stated = payloadOf(message, 'SUPP_INV_REPORT')?.round;
      const open = instance?.attributes.suppInvRound;
      return stated !== undefined && stated !== open
        ? { kind: 'PAYLOAD_MISMATCH', en: `payload.round is ${stated} but round ${open} is open`, zh: `payload.round为${stated}，当前为第${open}次补充侦查` }
        : undefined;
    },
  },
  {
    on: 'REVIEW_EXTENSION',
    from: REVIEWING,
    to: STAY,
    guard: ({ instance }) =>
      instance?.attributes.extended
        ? { en: 'this review period was already extended once (CPL 172)', zh: '本次审查起诉期限已经延长过一次（刑事诉讼法第一百七十二条）' }
        : undefined,
    // CPL 172: a fast-track review may be extended to 15 days; the track stays (tracking flags a limit past it).
    set: () => ({ extended: true }),
  },
  {
    on: 'DEADLINE_EXTENSION',
    from: ['RECEIVED', ...REVIEWING],
    to: STAY,
    guard: ({ instance, message }) =>
      payloadOf(message, 'DEADLINE_EXTENSION')?.clock === 'C5' && instance?.attributes.extended
        ? { en: 'this review period was already extended once (CPL 172)', zh: '本次审查起诉期限已经延长过一次（刑事诉讼法第一百七十二条）' }
        : undefined,
    set: ({ message }) => (payloadOf(message, 'DEADLINE_EXTENSION')?.clock === 'C5' ? { extended: true } : {}),
  },
  {
    // 撤回起诉后作出不起诉决定 (SPP Rules 2019 art. 424): the review ended in prosecution, then the prosecution was withdrawn.
    on: 'NON_PROSECUTION_DECISION',
    from: ['PROSECUTED'],
    to: 'NON_PROSECUTED',
    guard: ({ caseState }) =>
      caseState.processes.PUBLIC_PROSECUTION?.state === 'WITHDRAWN' || caseState.processes.FIRST_INSTANCE_TRIAL?.state === 'WITHDRAWN'
        ? undefined
        : {
            kind: 'PROCESS_CLOSED',
            en: 'the case was prosecuted; non-prosecution is possible only after the prosecution is withdrawn',
            zh: '案件已提起公诉，撤回起诉后才能作出不起诉决定',
          },
    set: ({ message }) => ({ nonProsecutionType: payloadOf(message, 'NON_PROSECUTION_DECISION')?.type }),
  },
  {
    on: 'NON_PROSECUTION_DECISION',
    from: REVIEWING,
    to: 'NON_PROSECUTED',
    set: ({ message }) => ({ nonProsecutionType: payloadOf(message, 'NON_PROSECUTION_DECISION')?.type }),
  },
  { on: 'NON_PROS_RECONSIDERATION', from: ['NON_PROSECUTED'], to: STAY },
  { on: 'JURISDICTION_TRANSFER', from: ['RECEIVED', ...REVIEWING], to: 'TRANSFERRED' },
  { on: 'INDICTMENT', from: REVIEWING, to: 'PROSECUTED', follow: true },
];

function trackOf(track: string | undefined): ReviewTrack | undefined {
  if (track === undefined) return undefined;
  return track === 'FAST' ? 'FAST' : 'NORMAL';
}

export const PROSECUTION_REVIEW: ProcessDefinition<ProsecutionReviewState> = {
  process: 'PROSECUTION_REVIEW',
  states: PROSECUTION_REVIEW_STATES,
  initial: ['RECEIVED'],
  terminal: ['PROSECUTED', 'NON_PROSECUTED'],
  transitions,
  internal: [
    { event: 'REVIEW_STARTED', from: ['ACCEPTED'], to: 'UNDER_REVIEW', en: 'the prosecutor started the review', zh: '检察官开始审查' },
    { event: 'PLEA_NEGOTIATION_STARTED', from: ['UNDER_REVIEW'], to: 'PLEA_NEGOTIATION', en: 'plea negotiation started', zh: '开始认罪认罚协商' },
    {
      event: 'PLEA_NEGOTIATION_ENDED',
      from: ['PLEA_NEGOTIATION'],
      to: 'UNDER_REVIEW',
      en: 'plea negotiation ended without signing',
      zh: '认罪认罚协商结束，未签署具结书',
    },
    { event: 'PLEA_SIGNED', from: ['PLEA_NEGOTIATION'], to: 'PLEA_SIGNED', en: 'the plea affidavit was signed', zh: '已签署认罪认罚具结书' },
    {
      event: 'FAST_TRACK_UNSUITABLE',
      from: ['RECEIVED', ...REVIEWING, 'SUPP_INV', 'RESUBMITTED', 'TRANSFERRED'],
      to: STAY,
      en: 'fast track found unsuitable; continue on the normal track (规则 273)',
      zh: '不宜适用速裁程序，转为普通程序办理（规则第二百七十三条）',
      set: () => ({ track: 'NORMAL' }),
    },
  ],
  // The procuratorate decides the track during review; its snapshots carry the current one.
  observe: ({ message }) => (message.sender.agency === 'PROCURATORATE' ? { track: trackOf(message.case.track) } : {}),
};
