/**
 * Legal scenarios (issue 15): each names its article, the events (messages as the exchange carries
 * them, times in Beijing wall-clock `YYYY-MM-DDTHH:mm`) and the last day the law gives. The runner
 * (legal-scenarios.test.ts) drives them through a real Tracker and compares the clock's ledger.
 *
 * Counting rule (CPL 105, see docs/processes-and-clocks.md): the start day is not counted; a period
 * in months ends on the corresponding day of the last month, or that month's last day when it has
 * none (2024-01-31 + 1 month = 02-29); a last day on a holiday moves to the next working day,
 * except while the person is in custody. Calendar: State Council notices 2024/2025 (春节 2024-02-10…
 * 02-17 with 02-04 and 02-18 working; 清明 04-04…04-06 with 04-07 working; 劳动节 05-01…05-05;
 * 国庆 10-01…10-07 with 09-29 and 10-12 working).
 */
import type { CustodyMeasure, MessageType, PayloadOf, Track } from '../../standard';
import type { MessageExtra } from '../support/messages';

export type ScenarioEvent = { [T in MessageType]: [T, string, PayloadOf<T>, MessageExtra?] }[MessageType];

export interface LegalScenario {
  id: string;
  article: string;
  /** What the law says, in short. */
  rule: string;
  custody?: CustodyMeasure | null;
  custodySince?: string;
  track?: Track;
  circumstances?: Array<'ROVING' | 'REPEATED' | 'GANG' | 'MAJOR_COMPLEX'>;
  events: ScenarioEvent[];
  clock: string;
  /** The last day the law gives for the clock's current (or last) run; absent when the clock must not run. */
  due?: string;
  /** Expected last ledger action of the clock (default: the clock is still running, 'started'/'extended'/…). */
  action?: 'started' | 'stopped' | 'restarted' | 'extended' | 'interrupted' | 'anchored';
  onTime?: boolean;
  /** The deadline rests on the send time (no legal date stated). */
  estimated?: boolean;
  /** Anomaly kinds expected on the case. */
  anomalies?: string[];
  /** The article the clock's last ledger line names, where it is not the clock's own. */
  basis?: string;
}

const P1 = { process: 'ARREST_REVIEW' } as const;
const P2 = { process: 'PROSECUTION_REVIEW' } as const;
const P4 = { process: 'FIRST_INSTANCE_TRIAL' } as const;
const PROC_TO_PSB = { from: 'PROCURATORATE', to: 'PSB' } as const;
const COURT_TO_PROC = { from: 'COURT', to: 'PROCURATORATE' } as const;

const arrestRequest = (at: string, detentionDate: string, extended?: boolean): ScenarioEvent => [
  'ARREST_REQUEST',
  at,
  { detentionDate, ...(extended && { requestPeriodExtended: true }) },
];
const ack1 = (at: string, receivedAt?: string): ScenarioEvent => ['ACCEPTANCE_ACK', at, receivedAt ? { receivedAt } : {}, P1];
const ack2 = (at: string, payload: PayloadOf<'ACCEPTANCE_ACK'> = {}): ScenarioEvent => ['ACCEPTANCE_ACK', at, payload, P2];
const arrested = (executedOn?: string): ScenarioEvent[] => [
  arrestRequest('2024-01-29T09:00', '2024-01-27'),
  ack1('2024-01-29T10:00', '2024-01-29'),
  ['ARREST_APPROVAL', '2024-01-30T09:00', { decision: 'APPROVED', decisionDate: '2024-01-30' }],
  ['ARREST_EXECUTION_RECEIPT', '2024-02-01T09:00', executedOn ? { executedOn } : {}],
];
const extension = (
  at: string,
  clock: PayloadOf<'DEADLINE_EXTENSION'>['clock'],
  basis: PayloadOf<'DEADLINE_EXTENSION'>['basis'],
  extra: MessageExtra,
  newDeadline?: string,
): ScenarioEvent => ['DEADLINE_EXTENSION', at, { clock, basis, decisionDate: at.slice(0, 10), ...(newDeadline && { newDeadline }) }, extra];
const accepted = (procedure: Track, acceptedOn: string, termMonths = 8): ScenarioEvent[] => [
  ['INDICTMENT', `${acceptedOn}T08:00`, { procedure, sentencingRecommendation: { principal: 'FIXED_TERM', kind: 'FIXED', termMonths } }],
  ['CASE_ACCEPTED', `${acceptedOn}T16:00`, { procedure, acceptedOn }],
];
const judged = (pronouncedOn: string, sentence: PayloadOf<'JUDGMENT'>['sentence'], extra: Partial<PayloadOf<'JUDGMENT'>> = {}): ScenarioEvent[] => [
  ...accepted('FAST', '2024-02-26'),
  ['JUDGMENT', `${pronouncedOn}T15:00`, { verdict: 'CONVICTED', pronouncedInCourt: true, pronouncedOn, sentence, ...extra }],
];
const effective = (effectiveDate: string, sentence: PayloadOf<'JUDGMENT'>['sentence']): ScenarioEvent[] => [
  ...judged('2024-03-04', sentence),
  ['SERVICE_RECEIPT', '2024-03-05T10:00', { servedAt: '2024-03-05' }],
  ['JUDGMENT_EFFECTIVE', `${effectiveDate}T09:00`, { effectiveDate }],
];

const TO_PROC = { to: 'PROCURATORATE' } as const;
const postponed = (acceptedOn: string, procedure: Track, decisionDate: string): ScenarioEvent[] => [
  ...accepted(procedure, acceptedOn),
  ['TRIAL_POSTPONEMENT', `${decisionDate}T10:00`, { ground: 'SUPP_INV', decisionDate, round: 1 }],
];
const aidRefused = (decisionDate: string): ScenarioEvent[] => [
  ['LEGAL_AID_APPLICATION_FORWARD', `${decisionDate}T08:00`, { applicant: '张三' }, { from: 'PROCURATORATE' }],
  ['LEGAL_AID_DECISION', `${decisionDate}T09:00`, { granted: false, reason: '不符合法律援助条件' }, TO_PROC],
];
const objected = (at: string, receivedOn: string): ScenarioEvent[] => [
  ...aidRefused(receivedOn),
  ['LEGAL_AID_OBJECTION', at, { receivedOn, against: 'DENIAL' }, TO_PROC],
];
/** Objection received 03-04, decided by the bureau on 03-08. */
const objectionDecided = (outcome: 'UPHELD' | 'AID_ORDERED'): ScenarioEvent[] => [
  ...objected('2024-03-04T15:00', '2024-03-04'),
  ['LEGAL_AID_OBJECTION_DECISION', '2024-03-08T10:00', { outcome, decisionDate: '2024-03-08' }, TO_PROC],
];

export const LEGAL_SCENARIOS: LegalScenario[] = [
  // C1 — CPL 91: request for arrest within 3 days of detention; +1 to 4 days; 30 days for roving, repeat or gang offenders. Custody: no holiday shift.
  {
    id: 'S01',
    article: 'CPL 91',
    rule: '3 days from detention',
    events: [arrestRequest('2024-03-04T09:00', '2024-03-01')],
    clock: 'C1',
    due: '2024-03-04',
    action: 'stopped',
    onTime: true,
  },
  {
    id: 'S02',
    article: 'CPL 91',
    rule: '3 days from detention: a request on day 4 is late',
    events: [arrestRequest('2024-03-05T09:00', '2024-03-01')],
    clock: 'C1',
    due: '2024-03-04',
    action: 'stopped',
    onTime: false,
  },
  {
    id: 'S03',
    article: 'CPL 91',
    rule: 'special circumstances: extended by up to 4 days (7 in all)',
    events: [arrestRequest('2024-03-08T09:00', '2024-03-01', true)],
    clock: 'C1',
    due: '2024-03-08',
    action: 'stopped',
    onTime: true,
  },
  {
    id: 'S04',
    article: 'CPL 91',
    rule: '流窜作案: 30 days — a request on day 19 is on time',
    circumstances: ['ROVING'],
    events: [arrestRequest('2024-03-20T09:00', '2024-03-01')],
    clock: 'C1',
    due: '2024-03-31',
    action: 'stopped',
    onTime: true,
  },
  {
    id: 'S05',
    article: 'CPL 91, CPL 105',
    rule: 'custody: a last day on National Day is not moved',
    events: [arrestRequest('2024-10-02T09:00', '2024-09-28')],
    clock: 'C1',
    due: '2024-10-01',
    action: 'stopped',
    onTime: false,
  },

  // C2 — CPL 91, SPP Rules 2019 art. 282: 7 days from receipt of the request if detained; 15 if not (20 if major or complex).
  {
    id: 'S06',
    article: 'CPL 91, 规则 282',
    rule: '7 days from the receipt the acknowledgement states',
    events: [arrestRequest('2024-03-04T09:00', '2024-03-02'), ack1('2024-03-06T09:00', '2024-03-04')],
    clock: 'C2',
    due: '2024-03-11',
  },
  {
    id: 'S07',
    article: 'CPL 91, 规则 282',
    rule: 'no receipt date stated: counted from the acknowledgement, marked estimated',
    events: [arrestRequest('2024-03-04T09:00', '2024-03-02'), ack1('2024-03-06T09:00')],
    clock: 'C2',
    due: '2024-03-13',
    estimated: true,
  },
  {
    id: 'S08',
    article: '规则 282, CPL 105',
    rule: 'not detained: 15 days; last day in National Day moves to 10-08',
    custody: 'BAIL',
    events: [['ARREST_REQUEST', '2024-09-20T09:00', {}], ack1('2024-09-20T11:00', '2024-09-20')],
    clock: 'C2',
    due: '2024-10-08',
  },
  {
    id: 'S09',
    article: '规则 282',
    rule: 'not detained, major or complex: 20 days',
    custody: 'BAIL',
    circumstances: ['MAJOR_COMPLEX'],
    events: [['ARREST_REQUEST', '2024-03-01T09:00', {}], ack1('2024-03-01T11:00', '2024-03-01')],
    clock: 'C2',
    due: '2024-03-21',
  },
  {
    id: 'S10',
    article: 'CPL 91',
    rule: 'stopped on the decision date, not the day the decision travelled',
    events: [
      arrestRequest('2024-03-04T09:00', '2024-03-02'),
      ack1('2024-03-04T10:00', '2024-03-04'),
      ['ARREST_APPROVAL', '2024-03-13T09:00', { decision: 'APPROVED', decisionDate: '2024-03-11' }],
    ],
    clock: 'C2',
    due: '2024-03-11',
    action: 'stopped',
    onTime: true,
  },

  // C3b — SPP Rules 2019 art. 290: reconsideration within 7 days (not in custody: holidays move the last day).
  {
    id: 'S11',
    article: '规则 290',
    rule: '7 days from the request for reconsideration',
    custody: 'BAIL',
    events: [
      ['ARREST_REQUEST', '2024-04-22T09:00', {}],
      ack1('2024-04-22T10:00', '2024-04-22'),
      ['ARREST_DENIAL', '2024-04-25T09:00', { decision: 'NOT_APPROVED', decisionDate: '2024-04-25' }],
      ['DENIAL_EXECUTION_RECEIPT', '2024-04-26T09:00', { executedOn: '2024-04-26' }],
      ['RECONSIDERATION_REQUEST', '2024-04-29T09:00', {}],
    ],
    clock: 'C3b',
    due: '2024-05-06',
  },

  // C4 — CPL 156/158/159: custody after arrest 2 months from the day of arrest; +1 (156), +2 (158), +2 (159), each a decision.
  {
    id: 'S12',
    article: 'CPL 156',
    rule: '2 months from the day of arrest; custody: Sunday not moved',
    events: arrested('2024-01-31'),
    clock: 'C4',
    due: '2024-03-31',
  },
  {
    id: 'S13',
    article: 'CPL 156, CPL 105',
    rule: "arrest date from the arrested person's custody date; 12-31 + 2 months = 02-29",
    custody: 'ARRESTED',
    custodySince: '2023-12-31',
    events: arrested(),
    clock: 'C4',
    due: '2024-02-29',
  },
  {
    id: 'S14',
    article: 'CPL 156',
    rule: "no arrest date stated: counted from the receipt's send time, marked estimated",
    events: arrested(),
    clock: 'C4',
    due: '2024-04-01',
    estimated: true,
  },
  {
    id: 'S15',
    article: 'CPL 156',
    rule: '+1 month approved by the procuratorate one level up',
    events: [...arrested('2024-01-31'), extension('2024-03-25T09:00', 'C4', 'CPL156', { ...P1, ...PROC_TO_PSB })],
    clock: 'C4',
    due: '2024-04-30',
    action: 'extended',
  },
  {
    id: 'S16',
    article: 'CPL 158',
    rule: 'then +2 months (major complex case, provincial procuratorate)',
    events: [
      ...arrested('2024-01-31'),
      extension('2024-03-25T09:00', 'C4', 'CPL156', { ...P1, ...PROC_TO_PSB }),
      extension('2024-04-25T09:00', 'C4', 'CPL158', { ...P1, ...PROC_TO_PSB }),
    ],
    clock: 'C4',
    due: '2024-06-30',
    action: 'extended',
  },
  {
    id: 'S17',
    article: 'CPL 159',
    rule: 'then +2 months (likely sentence of 10 years or more)',
    events: [
      ...arrested('2024-01-31'),
      extension('2024-03-25T09:00', 'C4', 'CPL156', { ...P1, ...PROC_TO_PSB }),
      extension('2024-04-25T09:00', 'C4', 'CPL158', { ...P1, ...PROC_TO_PSB }),
      extension('2024-06-25T09:00', 'C4', 'CPL159', { ...P1, ...PROC_TO_PSB }),
    ],
    clock: 'C4',
    due: '2024-08-31',
    action: 'extended',
  },
  {
    id: 'S18',
    article: 'CPL 158',
    rule: 'CPL 158 before CPL 156: not the next lawful step — flagged, the deadline stays',
    events: [...arrested('2024-01-31'), extension('2024-03-25T09:00', 'C4', 'CPL158', { ...P1, ...PROC_TO_PSB })],
    clock: 'C4',
    due: '2024-03-31',
    action: 'started',
    anomalies: ['EXTENSION_NOT_APPLICABLE'],
  },
  {
    id: 'S19',
    article: 'CPL 156',
    rule: 'stopped by the prosecution opinion before the last day',
    events: [...arrested('2024-01-31'), ['PROSECUTION_OPINION', '2024-03-29T09:00', {}]],
    clock: 'C4',
    due: '2024-03-31',
    action: 'stopped',
    onTime: true,
  },

  // C5 — CPL 172: 1 month from the procuratorate's receipt (+15 days); fast track 10 days (may be 15); restart after supplementary investigation.
  {
    id: 'S20',
    article: 'CPL 172',
    rule: '1 month from the receipt the acknowledgement states (re-anchored)',
    events: [['PROSECUTION_OPINION', '2024-03-01T09:00', {}], ack2('2024-03-05T09:00', { receivedAt: '2024-03-02' })],
    clock: 'C5',
    due: '2024-04-02',
    action: 'anchored',
  },
  {
    id: 'S21',
    article: 'CPL 172',
    rule: "no receipt stated yet: counted from the opinion's send time, marked estimated",
    events: [['PROSECUTION_OPINION', '2024-03-01T09:00', {}]],
    clock: 'C5',
    due: '2024-04-01',
    estimated: true,
  },
  {
    id: 'S22',
    article: 'CPL 172, CPL 105',
    rule: 'not in custody: 04-06 (Qingming) moves to the make-up working day 04-07',
    custody: 'BAIL',
    events: [['PROSECUTION_OPINION', '2024-03-06T09:00', {}], ack2('2024-03-06T11:00', { receivedAt: '2024-03-06' })],
    clock: 'C5',
    due: '2024-04-07',
    action: 'anchored',
  },
  {
    id: 'S23',
    article: 'CPL 172',
    rule: 'major or complex: extended by 15 days',
    events: [
      ['PROSECUTION_OPINION', '2024-03-01T09:00', {}],
      ack2('2024-03-02T09:00', { receivedAt: '2024-03-02' }),
      ['REVIEW_EXTENSION', '2024-03-28T09:00', { newDeadline: '2024-04-17', decisionDate: '2024-03-28' }],
    ],
    clock: 'C5',
    due: '2024-04-17',
    action: 'extended',
  },
  {
    id: 'S24',
    article: 'CPL 172',
    rule: 'fast track: 10 days',
    track: 'FAST',
    events: [['PROSECUTION_OPINION', '2024-03-04T09:00', { fastTrackProposed: true }], ack2('2024-03-04T11:00', { receivedAt: '2024-03-04' })],
    clock: 'C5',
    due: '2024-03-14',
    action: 'anchored',
  },
  {
    id: 'S25',
    article: 'CPL 172',
    rule: 'fast track, likely sentence over a year: extended to 15 days by a decision',
    track: 'FAST',
    events: [
      ['PROSECUTION_OPINION', '2024-03-04T09:00', { fastTrackProposed: true }],
      ack2('2024-03-04T11:00', { receivedAt: '2024-03-04' }),
      extension('2024-03-12T09:00', 'C5', 'CPL172_FAST', { ...P2, ...PROC_TO_PSB }),
    ],
    clock: 'C5',
    due: '2024-03-19',
    action: 'extended',
  },
  {
    id: 'S26',
    article: 'CPL 172',
    rule: 'fast track extended to 45 days: past the 15-day cap, kept and flagged',
    track: 'FAST',
    events: [
      ['PROSECUTION_OPINION', '2024-03-04T09:00', { fastTrackProposed: true }],
      ack2('2024-03-04T11:00', { receivedAt: '2024-03-04' }),
      ['REVIEW_EXTENSION', '2024-03-12T09:00', { newDeadline: '2024-04-18' }],
    ],
    clock: 'C5',
    due: '2024-04-18',
    action: 'extended',
    anomalies: ['EXTENSION_BEYOND_STATUTE'],
  },
  {
    id: 'S27',
    article: 'CPL 175',
    rule: 'supplementary investigation: 1 month from the return decision',
    events: [
      ['PROSECUTION_OPINION', '2024-03-01T09:00', {}],
      ack2('2024-03-01T11:00', { receivedAt: '2024-03-01' }),
      ['SUPP_INV_RETURN', '2024-03-21T09:00', { decision: 'RETURN_FOR_SUPP_INV', decisionDate: '2024-03-20' }],
    ],
    clock: 'C6',
    due: '2024-04-20',
  },
  {
    id: 'S28',
    article: 'CPL 175, CPL 172',
    rule: 'after supplementary investigation the review period starts afresh from the new receipt',
    events: [
      ['PROSECUTION_OPINION', '2024-03-01T09:00', {}],
      ack2('2024-03-01T11:00', { receivedAt: '2024-03-01' }),
      ['SUPP_INV_RETURN', '2024-03-21T09:00', { decision: 'RETURN_FOR_SUPP_INV', decisionDate: '2024-03-20' }],
      ['SUPP_INV_REPORT', '2024-04-15T09:00', {}],
      ack2('2024-04-17T09:00', { receivedAt: '2024-04-16' }),
    ],
    clock: 'C5',
    due: '2024-05-16',
    action: 'anchored',
  },
  {
    id: 'S29',
    article: 'CPL 172',
    rule: "change of jurisdiction: counted from the new procuratorate's receipt",
    events: [
      ['PROSECUTION_OPINION', '2024-03-01T09:00', {}],
      ack2('2024-03-01T11:00', { receivedAt: '2024-03-01' }),
      ['JURISDICTION_TRANSFER', '2024-03-08T09:00', { toOrgCode: '440111020000' }, { to: 'PROCURATORATE' }],
      ack2('2024-03-13T09:00', { receivedAt: '2024-03-12' }),
    ],
    clock: 'C5',
    due: '2024-04-12',
  },
  {
    id: 'S30',
    article: 'CPL 105',
    rule: 'month end: 01-31 + 1 month = 02-29 (leap year)',
    events: [['PROSECUTION_OPINION', '2024-01-31T09:00', {}], ack2('2024-02-01T09:00', { receivedAt: '2024-01-31' })],
    clock: 'C5',
    due: '2024-02-29',
    action: 'anchored',
  },
  {
    id: 'S31',
    article: 'CPL 105',
    rule: 'month end: 2023-01-31 + 1 month = 02-28',
    events: [['PROSECUTION_OPINION', '2023-01-31T09:00', {}], ack2('2023-02-01T09:00', { receivedAt: '2023-01-31' })],
    clock: 'C5',
    due: '2023-02-28',
    action: 'anchored',
  },
  {
    id: 'S32',
    article: 'CPL 105',
    rule: 'the corresponding day exists: 02-29 + 1 month = 03-29 (CLAMP; END_TO_END would give 03-31)',
    events: [['PROSECUTION_OPINION', '2024-02-29T09:00', {}], ack2('2024-03-01T09:00', { receivedAt: '2024-02-29' })],
    clock: 'C5',
    due: '2024-03-29',
    action: 'anchored',
  },

  // C7 — CPL 34: tell the suspect of the right to counsel within 3 days of receiving the case.
  {
    id: 'S33',
    article: 'CPL 34',
    rule: 'the notice date on the acceptance receipt stops the duty',
    events: [['PROSECUTION_OPINION', '2024-03-01T09:00', {}], ack2('2024-03-05T09:00', { receivedAt: '2024-03-01', rightsNotifiedOn: '2024-03-04' })],
    clock: 'C7',
    due: '2024-03-04',
    action: 'stopped',
    onTime: true,
  },
  {
    id: 'S34',
    article: 'CPL 34',
    rule: 'no notice recorded: the review ends the duty without an outcome (not left open and overdue)',
    events: [
      ['PROSECUTION_OPINION', '2024-03-01T09:00', {}],
      ack2('2024-03-01T11:00', { receivedAt: '2024-03-01' }),
      ['INDICTMENT', '2024-03-20T09:00', { procedure: 'ORDINARY' }],
    ],
    clock: 'C7',
    due: '2024-03-04',
    action: 'interrupted',
  },

  // C8 — 解释 219: the court decides on acceptance within 7 days.
  {
    id: 'S35',
    article: '解释 219, CPL 105',
    rule: "7 days from the court's receipt (not the decision date); in custody the National Day last day stays",
    events: [['INDICTMENT', '2024-09-26T09:00', { procedure: 'ORDINARY', decisionDate: '2024-09-23' }]],
    clock: 'C8',
    due: '2024-10-03',
  },
  {
    id: 'S36',
    article: '解释 219, CPL 105',
    rule: '7 days; not in custody 10-03 moves to 10-08',
    custody: 'BAIL',
    events: [['INDICTMENT', '2024-09-26T09:00', { procedure: 'ORDINARY', decisionDate: '2024-09-26' }]],
    clock: 'C8',
    due: '2024-10-08',
  },

  // C9–C11 — CPL 225, 220, 208: trial limits from acceptance.
  {
    id: 'S37',
    article: 'CPL 225',
    rule: 'fast track: 10 days from the acceptance date stated',
    events: accepted('FAST', '2024-03-04'),
    clock: 'C9',
    due: '2024-03-14',
  },
  { id: 'S38', article: 'CPL 220', rule: 'summary procedure: 20 days', events: accepted('SIMPLIFIED', '2024-04-10'), clock: 'C10', due: '2024-04-30' },
  {
    id: 'S39',
    article: 'CPL 220',
    rule: 'likely sentence over 3 years: extended to 1.5 months by a decision (01-31 + 1 month = 02-29, + 15 days)',
    events: [...accepted('SIMPLIFIED', '2024-01-31', 40), extension('2024-02-15T09:00', 'C10', 'CPL220', { ...P4, ...COURT_TO_PROC })],
    clock: 'C10',
    due: '2024-03-15',
    action: 'extended',
  },
  {
    id: 'S40',
    article: 'CPL 208',
    rule: 'ordinary procedure: 2 months; in custody 03-31 (Sunday) stays',
    events: accepted('ORDINARY', '2024-01-31'),
    clock: 'C11',
    due: '2024-03-31',
  },
  {
    id: 'S41',
    article: 'CPL 208',
    rule: "at most 3 months with the president's approval, then +3 months with the higher court's",
    events: [
      ...accepted('ORDINARY', '2024-01-31'),
      extension('2024-03-20T09:00', 'C11', 'CPL208_PRESIDENT', { ...P4, ...COURT_TO_PROC }),
      extension('2024-04-20T09:00', 'C11', 'CPL208_HIGHER_COURT', { ...P4, ...COURT_TO_PROC }),
    ],
    clock: 'C11',
    due: '2024-07-31',
    action: 'extended',
  },
  {
    id: 'S42',
    article: 'CPL 226',
    rule: 'fast track converted to ordinary procedure: a full ordinary period from the conversion',
    events: [...accepted('FAST', '2024-03-04'), ['PROCEDURE_CONVERSION', '2024-03-08T09:00', { newProcedure: 'ORDINARY' }]],
    clock: 'C11',
    due: '2024-05-08',
    action: 'restarted',
  },

  // C12, C13 — CPL 202, 230.
  {
    id: 'S43',
    article: 'CPL 202',
    rule: 'judgment pronounced in court: served within 5 days',
    events: judged('2024-03-11', { principal: 'SHORT_DETENTION', termMonths: 4 }),
    clock: 'C12',
    due: '2024-03-16',
  },
  {
    id: 'S44',
    article: 'CPL 230',
    rule: 'appeal: 10 days from the day after service',
    events: [...judged('2024-03-11', { principal: 'SHORT_DETENTION', termMonths: 4 }), ['SERVICE_RECEIPT', '2024-03-13T09:00', { servedAt: '2024-03-12' }]],
    clock: 'C13',
    due: '2024-03-22',
  },
  {
    id: 'S45',
    article: 'CPL 230',
    rule: 'appeal against a ruling: 5 days',
    events: [
      ...judged('2024-03-11', { principal: 'SHORT_DETENTION', termMonths: 4 }, { documentKind: 'RULING' }),
      ['SERVICE_RECEIPT', '2024-03-13T09:00', { servedAt: '2024-03-12' }],
    ],
    clock: 'C13',
    due: '2024-03-17',
  },
  {
    id: 'S46',
    article: 'CPL 230, CPL 105',
    rule: 'not in custody: a last day in National Day moves to 10-08',
    custody: 'BAIL',
    events: [
      ...accepted('FAST', '2024-09-12'),
      [
        'JUDGMENT',
        '2024-09-20T15:00',
        { verdict: 'CONVICTED', pronouncedInCourt: true, pronouncedOn: '2024-09-20', sentence: { principal: 'FINE_ONLY', fineYuan: 3000 } },
      ],
      ['SERVICE_RECEIPT', '2024-09-23T09:00', { servedAt: '2024-09-21' }],
    ],
    clock: 'C13',
    due: '2024-10-08',
  },

  // C15, C17 — CPL 264, 解释 511; Community Corrections Law 20/21.
  {
    id: 'S47',
    article: 'CPL 264',
    rule: 'execution documents within 10 days of the judgment taking effect',
    events: effective('2024-03-20', { principal: 'SHORT_DETENTION', termMonths: 4 }),
    clock: 'C15',
    due: '2024-03-30',
  },
  {
    id: 'S48',
    article: 'CPL 271',
    rule: 'a fine only: the court executes it, no execution-document clock',
    events: effective('2024-03-20', { principal: 'FINE_ONLY', fineYuan: 3000 }),
    clock: 'C15',
  },
  {
    id: 'S49',
    article: '社区矫正法 21',
    rule: 'probation: report within 10 days of effect; not in custody 10-05 moves to 10-08',
    custody: 'BAIL',
    events: [
      ...accepted('FAST', '2024-09-02'),
      [
        'JUDGMENT',
        '2024-09-09T15:00',
        {
          verdict: 'CONVICTED',
          pronouncedInCourt: true,
          pronouncedOn: '2024-09-09',
          sentence: { principal: 'FIXED_TERM', termMonths: 12, probationMonths: 24 },
        },
      ],
      ['SERVICE_RECEIPT', '2024-09-10T09:00', { servedAt: '2024-09-10' }],
      ['JUDGMENT_EFFECTIVE', '2024-09-26T09:00', { effectiveDate: '2024-09-25' }],
    ],
    clock: 'C17c',
    due: '2024-10-08',
  },

  // C14b — Legal Aid Law 36: the centre assigns a lawyer within 3 days.
  {
    id: 'S50',
    article: '法律援助法 36, CPL 105',
    rule: 'not in custody: 02-11 (Spring Festival) moves to the make-up working day 02-18',
    custody: 'BAIL',
    events: [['LEGAL_AID_NOTICE', '2024-02-08T09:00', { stage: 'REVIEW' }, { from: 'PROCURATORATE' }]],
    clock: 'C14b@REVIEW',
    due: '2024-02-18',
  },
  {
    id: 'S51',
    article: '法律援助法 36',
    rule: 'in custody: 02-11 stays',
    events: [['LEGAL_AID_NOTICE', '2024-02-08T09:00', { stage: 'REVIEW' }, { from: 'PROCURATORATE' }]],
    clock: 'C14b@REVIEW',
    due: '2024-02-11',
  },

  // C20, C9–C11 — CPL 204, 205, 208 ¶2 and ¶3; 解释 274: supplementary investigation and change of jurisdiction during trial.
  {
    id: 'S52',
    article: 'CPL 204, 205',
    rule: 'postponed for supplementary investigation: the procuratorate has one month from the postponement (03-20 → 04-20, in custody)',
    events: postponed('2024-03-01', 'ORDINARY', '2024-03-20'),
    clock: 'C20',
    due: '2024-04-20',
  },
  {
    id: 'S53',
    article: 'CPL 208',
    rule: 'the postponement ends the running trial period (its ledger says interrupted)',
    events: postponed('2024-03-01', 'ORDINARY', '2024-03-20'),
    clock: 'C11',
    due: '2024-05-01',
    action: 'interrupted',
    basis: 'CPL 204, 208 ¶3',
  },
  {
    id: 'S54',
    article: 'CPL 208',
    rule: 'the case handed back on 04-10: a full ordinary period from that day (06-10)',
    events: [...postponed('2024-03-01', 'ORDINARY', '2024-03-20'), ['TRIAL_RESUMPTION_REQUEST', '2024-04-11T09:00', { transferredOn: '2024-04-10', round: 1 }]],
    clock: 'C11',
    due: '2024-06-10',
    basis: 'CPL 208 ¶3',
  },
  {
    id: 'S55',
    article: 'CPL 205',
    rule: 'the case handed back within the month: C20 stops on time',
    events: [...postponed('2024-03-01', 'ORDINARY', '2024-03-20'), ['TRIAL_RESUMPTION_REQUEST', '2024-04-11T09:00', { transferredOn: '2024-04-10' }]],
    clock: 'C20',
    due: '2024-04-20',
    action: 'stopped',
    onTime: true,
  },
  {
    id: 'S56',
    article: 'CPL 220, 208',
    rule: 'summary procedure: 20 days again from the return (03-25 → 04-14, in custody a Sunday stays)',
    events: [...postponed('2024-03-01', 'SIMPLIFIED', '2024-03-05'), ['TRIAL_RESUMPTION_REQUEST', '2024-03-26T09:00', { transferredOn: '2024-03-25' }]],
    clock: 'C10',
    due: '2024-04-14',
  },
  {
    id: 'S57',
    article: 'CPL 205, 解释 274',
    rule: 'nothing came back within the month: the court decides on the evidence (04-22); C20 ends late',
    events: [
      ...postponed('2024-03-01', 'ORDINARY', '2024-03-20'),
      ['JUDGMENT', '2024-04-22T15:00', { verdict: 'CONVICTED', pronouncedOn: '2024-04-22', sentence: { principal: 'FIXED_TERM', termMonths: 8 } }],
    ],
    clock: 'C20',
    due: '2024-04-20',
    action: 'stopped',
    onTime: false,
  },
  {
    id: 'S58',
    article: 'CPL 208',
    rule: 'change of jurisdiction: two months from the receiving court’s receipt (03-12 → 05-12), not from its decision or filing',
    events: [
      ...accepted('ORDINARY', '2024-03-01'),
      ['TRIAL_JURISDICTION_CHANGE', '2024-03-10T09:00', { decisionDate: '2024-03-10', reason: '上级法院指定管辖' }],
      ['CASE_ACCEPTED', '2024-03-15T16:00', { procedure: 'ORDINARY', acceptedOn: '2024-03-15', receivedOn: '2024-03-12' }],
    ],
    clock: 'C11',
    due: '2024-05-12',
    basis: 'CPL 208 ¶2',
  },
  {
    id: 'S59',
    article: 'CPL 208',
    rule: 'change of jurisdiction through the procuratorate: the new indictment’s acceptance (03-20) starts the period (05-20)',
    events: [
      ...accepted('ORDINARY', '2024-03-01'),
      ['TRIAL_JURISDICTION_CHANGE', '2024-03-10T09:00', { decisionDate: '2024-03-10' }],
      ['INDICTMENT', '2024-03-18T09:00', { procedure: 'ORDINARY' }],
      ['CASE_ACCEPTED', '2024-03-20T16:00', { procedure: 'ORDINARY', acceptedOn: '2024-03-20' }],
    ],
    clock: 'C11',
    due: '2024-05-20',
  },

  // C14e — Legal Aid Law 49: the justice bureau decides an objection within 5 days of receiving it.
  {
    id: 'S60',
    article: '法律援助法 49, CPL 105',
    rule: '5 days from the receipt (09-27); the last day 10-02 is in National Day → 10-08',
    events: objected('2024-09-28T09:00', '2024-09-27'),
    clock: 'C14e@REVIEW',
    due: '2024-10-08',
  },
  {
    id: 'S61',
    article: '法律援助法 49',
    rule: 'upheld on 03-08: in time (03-09 is a Saturday → 03-11)',
    events: objectionDecided('UPHELD'),
    clock: 'C14e@REVIEW',
    due: '2024-03-11',
    action: 'stopped',
    onTime: true,
  },
  {
    id: 'S62',
    article: '法律援助法 49, 43',
    rule: 'the bureau orders aid on 03-08: the centre assigns within 3 days (03-11)',
    events: objectionDecided('AID_ORDERED'),
    clock: 'C14d2@REVIEW',
    due: '2024-03-11',
  },
];
