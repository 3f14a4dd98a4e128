import { OPEN, STAY, payloadOf, type ProcessDefinition, type Selector, type TransitionRow } from './definition';
import { defendantFacts } from './defendants';
import type { ProcessAttributes } from './types';

/**
 * P7 二审 (standard 1.1; CPL 227–245). An APPEAL (上诉, forwarded by the first-instance court) or a
 * PROTEST (抗诉) in P4 opens it; the first-instance court sends the file to the court one level up
 * (CPL 231, 232: within 3 days), which accepts it, hears the case or decides on the file (CPL 234),
 * and rules 维持原判 / 发回重审 or gives a judgment 改判 (CPL 236). A joint-crime case goes up as a
 * whole when any defendant appeals (CPL 233: the second instance reviews the whole case).
 */
export const SECOND_INSTANCE_STATES = ['LODGED', 'TRANSFERRED', 'ACCEPTED', 'SCHEDULED', 'UPHELD', 'REVISED', 'REMANDED'] as const;
export type SecondInstanceState = (typeof SECOND_INSTANCE_STATES)[number];

type Row = TransitionRow<SecondInstanceState>;

const BEFORE_DECISION = ['LODGED', 'TRANSFERRED', 'ACCEPTED', 'SCHEDULED'] as const;

function outcomeIs(outcome: 'UPHELD' | 'REVISED' | 'REMANDED'): Selector {
  return {
    test: ({ message }) => payloadOf(message, 'SECOND_INSTANCE_DECISION')?.outcome === outcome,
    en: `payload.outcome is ${outcome}`,
    zh: `payload.outcome为${outcome}`,
  };
}

/** Who brought the case up: the appeal, the protest, or both. */
function groundsAfter(current: ProcessAttributes['secondInstanceGrounds'], added: 'APPEAL' | 'PROTEST'): ProcessAttributes['secondInstanceGrounds'] {
  if (current === undefined || current === added) return added;
  return 'APPEAL_AND_PROTEST';
}

const lodged =
  (kind: 'APPEAL' | 'PROTEST'): Row['set'] =>
  ({ instance }) => ({ secondInstanceGrounds: groundsAfter(instance?.attributes.secondInstanceGrounds, kind) });

const decisionFacts: Row['set'] = ({ message, instance }) => {
  const payload = payloadOf(message, 'SECOND_INSTANCE_DECISION');
  return {
    secondInstanceOutcome: payload?.outcome,
    ...(payload?.defendants && { defendants: defendantFacts(payload.defendants, instance?.attributes.defendants) }),
  };
};

const transitions: readonly Row[] = [
  { on: 'APPEAL', from: OPEN, to: 'LODGED', follow: true, set: lodged('APPEAL') },
  { on: 'PROTEST', from: OPEN, to: 'LODGED', follow: true, set: lodged('PROTEST') },
  // Another defendant's appeal, or the protest next to an appeal: noted, the case is already up.
  { on: 'APPEAL', from: BEFORE_DECISION, to: STAY, follow: true, set: lodged('APPEAL') },
  { on: 'PROTEST', from: BEFORE_DECISION, to: STAY, follow: true, set: lodged('PROTEST') },
  {
    on: 'SECOND_INSTANCE_TRANSFER',
    from: ['LODGED'],
    to: 'TRANSFERRED',
    set: ({ message, instance }) => ({
      secondInstanceGrounds: payloadOf(message, 'SECOND_INSTANCE_TRANSFER')?.grounds ?? instance?.attributes.secondInstanceGrounds,
    }),
  },
  // The appeal or protest may have reached the platform on paper: the transfer then opens the process.
  {
    on: 'SECOND_INSTANCE_TRANSFER',
    from: OPEN,
    to: 'TRANSFERRED',
    set: ({ message }) => ({ secondInstanceGrounds: payloadOf(message, 'SECOND_INSTANCE_TRANSFER')?.grounds }),
  },
  { on: 'SECOND_INSTANCE_TRANSFER', from: ['TRANSFERRED'], to: STAY },
  {
    on: 'SECOND_INSTANCE_ACCEPTED',
    from: ['TRANSFERRED'],
    to: 'ACCEPTED',
    set: ({ message }) => ({ secondInstanceHearing: payloadOf(message, 'SECOND_INSTANCE_ACCEPTED')?.hearing }),
  },
  { on: 'HEARING_NOTICE', from: ['ACCEPTED'], to: 'SCHEDULED' },
  { on: 'HEARING_NOTICE', from: ['SCHEDULED'], to: STAY },
  { on: 'SECOND_INSTANCE_DECISION', from: ['ACCEPTED', 'SCHEDULED'], to: 'UPHELD', when: outcomeIs('UPHELD'), set: decisionFacts },
  { on: 'SECOND_INSTANCE_DECISION', from: ['ACCEPTED', 'SCHEDULED'], to: 'REVISED', when: outcomeIs('REVISED'), set: decisionFacts },
  { on: 'SECOND_INSTANCE_DECISION', from: ['ACCEPTED', 'SCHEDULED'], to: 'REMANDED', when: outcomeIs('REMANDED'), set: decisionFacts },
  // A second-instance ruling or judgment is final when pronounced (CPL 244); the notice only confirms it.
  { on: 'JUDGMENT_EFFECTIVE', from: ['UPHELD', 'REVISED'], to: STAY },
];

export const SECOND_INSTANCE: ProcessDefinition<SecondInstanceState> = {
  process: 'SECOND_INSTANCE',
  states: SECOND_INSTANCE_STATES,
  initial: ['LODGED', 'TRANSFERRED'],
  terminal: ['UPHELD', 'REVISED', 'REMANDED'],
  transitions,
  internal: [],
};
