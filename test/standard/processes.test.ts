import { describe, expect, it } from 'vitest';
import {
  applyInternalEvent,
  applyMessage,
  executionBranch,
  INFORMATIONAL_MESSAGE_TYPES,
  isOpenRow,
  MESSAGE_TYPE_IDS,
  MESSAGE_TYPES,
  OPEN,
  openingMessageTypes,
  PROCESS_DEFINITIONS,
  PROCESS_IDS,
  STAY,
  standardVersionFor,
  validateMessage,
  type Agency,
  type CaseProcessState,
  type InstanceKey,
  type MessageType,
  type PayloadOf,
  type Process,
  type ProcessOptions,
  type Track,
  type UnifiedMessage,
  type ViolationKind,
} from '../../standard';

// ---------------------------------------------------------------------------------------------
// Message builder: every message passes the real schema (validateMessage) before it is applied.

const ORG_TYPE: Record<Agency, string> = {
  PSB: '01',
  PROCURATORATE: '02',
  COURT: '03',
  LEGAL_AID_CENTER: '04',
  DETENTION_CENTER: '05',
  COMMUNITY_CORRECTIONS: '06',
  PRISON: '05', // prisons have no platform org type; reached through the provincial gateway
};
const org = (agency: Agency) => ({ agency, division: '440105', orgCode: `440105${ORG_TYPE[agency]}0000` });

interface Extra {
  process?: Process;
  sentAt?: string;
  messageId?: string;
  custody?: 'DETAINED' | 'ARRESTED' | 'BAIL';
  track?: Track;
}

let sequence = 0;
function msg<T extends MessageType>(type: T, from: Agency, to: Agency, payload: PayloadOf<T>, extra: Extra = {}): UnifiedMessage {
  sequence += 1;
  const raw = {
    standardVersion: '1.0',
    messageId: extra.messageId ?? `MSG-${sequence}`,
    messageType: type,
    process: extra.process ?? MESSAGE_TYPES[type].processes[0],
    caseUid: 'GZ-440105-2024-000001',
    localCaseNumbers: [],
    sender: org(from),
    receiver: org(to),
    sentAt: extra.sentAt ?? '2024-03-01T09:00:00+08:00',
    case: { charge: { code: 'THEFT' }, amountYuan: 5000, guiltyPlea: true, crimeDivision: '440105', ...(extra.track && { track: extra.track }) },
    persons: [{ role: 'SUSPECT', name: '张三', custody: { measure: extra.custody ?? 'DETAINED', since: '2024-02-27' } }],
    documents: [],
    payload,
  };
  const result = validateMessage({ ...raw, standardVersion: standardVersionFor(raw) });
  if (!result.ok) throw new Error(`test message ${type} is invalid: ${JSON.stringify(result.issues)}`);
  return result.message;
}

function run(state: CaseProcessState | undefined, ...messages: UnifiedMessage[]): CaseProcessState {
  let current = state;
  for (const message of messages) {
    const result = applyMessage(current, message);
    if (!result.ok) throw new Error(`${message.messageType} refused: ${result.violation.reason}`);
    current = result.state;
  }
  return current!;
}

function refused(state: CaseProcessState | undefined, message: UnifiedMessage, kind: ViolationKind, options?: Partial<ProcessOptions>) {
  const result = applyMessage(state, message, options);
  expect(result.ok, `${message.messageType} should be refused`).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.violation.kind).toBe(kind);
  expect(result.violation.reason).toMatch(/\(.*[\u4e00-\u9fff].*\)/); // bilingual
  return result.violation;
}

const at = (state: CaseProcessState, key: InstanceKey) => state.processes[key]?.state;
const attrs = (state: CaseProcessState, key: InstanceKey) => state.processes[key]?.attributes;

// Frequently used messages.
const arrestRequest = () => msg('ARREST_REQUEST', 'PSB', 'PROCURATORATE', { detentionDate: '2024-02-27' });
const ack = (process: Process) => msg('ACCEPTANCE_ACK', 'PROCURATORATE', 'PSB', {}, { process });
const opinion = (fastTrackProposed?: boolean) =>
  msg('PROSECUTION_OPINION', 'PSB', 'PROCURATORATE', fastTrackProposed === undefined ? {} : { fastTrackProposed });
const suppReturn = (round?: 1 | 2) => msg('SUPP_INV_RETURN', 'PROCURATORATE', 'PSB', { decision: 'RETURN_FOR_SUPP_INV', ...(round && { round }) });
const suppReport = (round?: 1 | 2) => msg('SUPP_INV_REPORT', 'PSB', 'PROCURATORATE', round ? { round } : {});
const indictment = (procedure: Track = 'FAST', to: Agency = 'COURT') =>
  msg('INDICTMENT', 'PROCURATORATE', to, { procedure, sentencingRecommendation: { principal: 'FIXED_TERM', kind: 'RANGE', range: { min: 6, max: 10 } } });
const caseAccepted = (procedure?: Track) => msg('CASE_ACCEPTED', 'COURT', 'PROCURATORATE', procedure ? { procedure } : {});
const judgment = (payload: PayloadOf<'JUDGMENT'>) => msg('JUDGMENT', 'COURT', 'PROCURATORATE', payload);
const serviceReceipt = () => msg('SERVICE_RECEIPT', 'PROCURATORATE', 'COURT', {});
const effective = () => msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-03-20' });

// ---------------------------------------------------------------------------------------------

describe('process definitions (data)', () => {
  it('cover every message type: each drives a process it belongs to, or is informational', () => {
    for (const type of MESSAGE_TYPE_IDS) {
      const homes = MESSAGE_TYPES[type].processes as readonly Process[];
      const rows = homes.flatMap((p) => PROCESS_DEFINITIONS[p].transitions.filter((r) => r.on === type && !r.follow));
      expect(rows.length, `${type} has no transition in ${homes.join('/')}`).toBeGreaterThan(0);
      if (rows.every((r) => r.to === STAY && !r.set)) expect(INFORMATIONAL_MESSAGE_TYPES).toContain(type);
    }
    expect([...INFORMATIONAL_MESSAGE_TYPES].sort()).toEqual(['CUSTODY_TRANSFER', 'NON_PROS_RECONSIDERATION', 'SENTENCING_ADJUSTMENT']);
  });

  it('only use their own states; initial and terminal states are consistent with the rows', () => {
    for (const process of PROCESS_IDS) {
      const def = PROCESS_DEFINITIONS[process];
      const states = new Set<string>(def.states);
      for (const row of def.transitions) {
        if (!row.follow) expect(MESSAGE_TYPES[row.on].processes as readonly string[], `${process} ${row.on}`).toContain(process);
        if (row.from !== OPEN) row.from.forEach((s) => expect(states.has(s), `${process} ${row.on} from ${s}`).toBe(true));
        if (row.to !== STAY) expect(states.has(row.to), `${process} ${row.on} to ${row.to}`).toBe(true);
        (row.via ?? []).forEach((s) => expect(states.has(s)).toBe(true));
      }
      def.internal.forEach((step) => [...step.from, ...(step.to === STAY ? [] : [step.to])].forEach((s) => expect(states.has(s)).toBe(true)));
      def.terminal.forEach((s) => expect(states.has(s)).toBe(true));
      const opened = new Set(def.transitions.filter(isOpenRow).map((r) => r.to));
      expect([...opened].sort(), process).toEqual([...def.initial].sort());
    }
  });

  it('list the domain.md state names', () => {
    expect(PROCESS_DEFINITIONS.ARREST_REVIEW.states).toEqual(
      expect.arrayContaining([
        'SUBMITTED',
        'ACCEPTED',
        'UNDER_REVIEW',
        'APPROVED',
        'EXECUTED',
        'NOT_APPROVED',
        'RELEASED',
        'RECONSIDERATION',
        'UPHELD',
        'REVERSED',
        'REVIEW',
        'WITHDRAWN',
      ]),
    );
    expect(PROCESS_DEFINITIONS.PROSECUTION_REVIEW.states).toEqual(
      expect.arrayContaining(['RECEIVED', 'PLEA_NEGOTIATION', 'PLEA_SIGNED', 'PROSECUTED', 'NON_PROSECUTED', 'SUPP_INV', 'RESUBMITTED', 'TRANSFERRED']),
    );
    expect(PROCESS_DEFINITIONS.EXECUTION_HANDOVER.states).toEqual(
      expect.arrayContaining([
        'PRISON_TRANSFER',
        'ADMITTED',
        'EXECUTING_IN_DC',
        'CC_AWAIT_REPORT',
        'REPORTED',
        'REPORT_OVERDUE',
        'RELEASED',
        'FINE_ENFORCEMENT',
        'CLOSED',
      ]),
    );
    expect(openingMessageTypes('LEGAL_AID').sort()).toEqual(['DUTY_LAWYER_REQUEST', 'LEGAL_AID_APPLICATION_FORWARD', 'LEGAL_AID_NOTICE']);
    expect(openingMessageTypes('FIRST_INSTANCE_TRIAL')).toEqual([]); // opened by CASE_ACCEPTED of P3
  });
});

describe('P1 ARREST_REVIEW', () => {
  it('walks SUBMITTED → ACCEPTED → (UNDER_REVIEW) → APPROVED → EXECUTED', () => {
    let s = run(undefined, arrestRequest(), ack('ARREST_REVIEW'));
    expect(at(s, 'ARREST_REVIEW')).toBe('ACCEPTED');
    const internal = applyInternalEvent(s, { key: 'ARREST_REVIEW', event: 'REVIEW_STARTED', at: '2024-03-02T09:00:00+08:00' });
    expect(internal.ok).toBe(true);
    if (internal.ok) s = internal.state;
    expect(at(s, 'ARREST_REVIEW')).toBe('UNDER_REVIEW');
    s = run(
      s,
      msg('ARREST_APPROVAL', 'PROCURATORATE', 'PSB', { decision: 'APPROVED' }),
      msg('ARREST_EXECUTION_RECEIPT', 'PSB', 'PROCURATORATE', { warrantNo: '穗公海捕字〔2024〕1号' }),
    );
    expect(at(s, 'ARREST_REVIEW')).toBe('EXECUTED');
    expect(s.processes.ARREST_REVIEW?.closed).toBe(true);
    expect(s.processes.ARREST_REVIEW?.history.map((h) => h.to)).toEqual(['SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW', 'APPROVED', 'EXECUTED']);
  });

  it('walks denial → release → reconsideration upheld → review reversed → APPROVED → EXECUTED', () => {
    let s = run(
      undefined,
      arrestRequest(),
      ack('ARREST_REVIEW'),
      msg('ARREST_DENIAL', 'PROCURATORATE', 'PSB', { decision: 'NOT_APPROVED', reasonCode: 'NO_NECESSITY' }),
      msg('DENIAL_EXECUTION_RECEIPT', 'PSB', 'PROCURATORATE', { measure: 'BAIL' }, { custody: 'BAIL' }),
    );
    expect(at(s, 'ARREST_REVIEW')).toBe('RELEASED');
    expect(attrs(s, 'ARREST_REVIEW')?.denialReason).toBe('NO_NECESSITY');
    expect(s.inCustody).toBe(false);
    s = run(s, msg('RECONSIDERATION_REQUEST', 'PSB', 'PROCURATORATE', {}), msg('RECONSIDERATION_DECISION', 'PROCURATORATE', 'PSB', { outcome: 'UPHELD' }));
    expect(at(s, 'ARREST_REVIEW')).toBe('UPHELD');
    s = run(s, msg('REVIEW_REQUEST', 'PSB', 'PROCURATORATE', {}));
    const reversed = applyMessage(s, msg('REVIEW_DECISION', 'PROCURATORATE', 'PSB', { outcome: 'REVERSED' }));
    expect(reversed.ok && reversed.changes[0]).toMatchObject({ kind: 'TRANSITION', from: 'REVIEW', to: 'APPROVED', via: ['REVERSED'] });
    s = run(s, msg('REVIEW_DECISION', 'PROCURATORATE', 'PSB', { outcome: 'REVERSED' }), msg('ARREST_EXECUTION_RECEIPT', 'PSB', 'PROCURATORATE', {}));
    expect(at(s, 'ARREST_REVIEW')).toBe('EXECUTED');
    expect(attrs(s, 'ARREST_REVIEW')).toMatchObject({ reversedBy: 'REVIEW', lastReview: 'REVIEW' });
  });

  it('walks a withdrawal, and a new request after it', () => {
    let s = run(undefined, arrestRequest(), msg('ARREST_REQUEST_WITHDRAWAL', 'PSB', 'PROCURATORATE', {}));
    expect(at(s, 'ARREST_REVIEW')).toBe('WITHDRAWN');
    s = run(s, arrestRequest());
    expect(at(s, 'ARREST_REVIEW')).toBe('SUBMITTED');
    expect(attrs(s, 'ARREST_REVIEW')?.submissions).toBe(2);
  });

  it('refuses illegal transitions with the right kind', () => {
    refused(undefined, msg('ARREST_APPROVAL', 'PROCURATORATE', 'PSB', { decision: 'APPROVED' }), 'NOT_OPENED');
    const submitted = run(undefined, arrestRequest());
    const early = refused(submitted, msg('ARREST_APPROVAL', 'PROCURATORATE', 'PSB', { decision: 'APPROVED' }), 'OUT_OF_ORDER');
    expect(early).toMatchObject({
      process: 'ARREST_REVIEW',
      from: 'SUBMITTED',
      messageType: 'ARREST_APPROVAL',
      expected: expect.arrayContaining(['ACCEPTANCE_ACK']),
    });
    refused(submitted, arrestRequest(), 'ALREADY_OPEN');
    const approved = run(submitted, ack('ARREST_REVIEW'), msg('ARREST_APPROVAL', 'PROCURATORATE', 'PSB', { decision: 'APPROVED' }));
    refused(approved, msg('ARREST_DENIAL', 'PROCURATORATE', 'PSB', { decision: 'NOT_APPROVED' }), 'NOT_ALLOWED');
    refused(approved, msg('ARREST_REQUEST_WITHDRAWAL', 'PSB', 'PROCURATORATE', {}), 'NOT_ALLOWED');
    const executed = run(approved, msg('ARREST_EXECUTION_RECEIPT', 'PSB', 'PROCURATORATE', {}));
    refused(executed, msg('ARREST_APPROVAL', 'PROCURATORATE', 'PSB', { decision: 'APPROVED' }), 'PROCESS_CLOSED');
    // Reconsideration only after release (CPL 92).
    const denied = run(undefined, arrestRequest(), ack('ARREST_REVIEW'), msg('ARREST_DENIAL', 'PROCURATORATE', 'PSB', { decision: 'NOT_APPROVED' }));
    refused(denied, msg('RECONSIDERATION_REQUEST', 'PSB', 'PROCURATORATE', {}), 'OUT_OF_ORDER');
  });

  it('refuses a second review after the higher procuratorate upheld, and withdrawal when configured off', () => {
    const upheld = run(
      undefined,
      arrestRequest(),
      ack('ARREST_REVIEW'),
      msg('ARREST_DENIAL', 'PROCURATORATE', 'PSB', { decision: 'NOT_APPROVED' }),
      msg('DENIAL_EXECUTION_RECEIPT', 'PSB', 'PROCURATORATE', {}),
      msg('RECONSIDERATION_REQUEST', 'PSB', 'PROCURATORATE', {}),
      msg('RECONSIDERATION_DECISION', 'PROCURATORATE', 'PSB', { outcome: 'UPHELD' }),
      msg('REVIEW_REQUEST', 'PSB', 'PROCURATORATE', {}),
      msg('REVIEW_DECISION', 'PROCURATORATE', 'PSB', { outcome: 'UPHELD' }),
    );
    refused(upheld, msg('REVIEW_REQUEST', 'PSB', 'PROCURATORATE', {}), 'PROCESS_CLOSED');
    refused(run(undefined, arrestRequest()), msg('ARREST_REQUEST_WITHDRAWAL', 'PSB', 'PROCURATORATE', {}), 'NOT_ALLOWED', { arrestRequestWithdrawal: false });
  });
});

describe('P2 PROSECUTION_REVIEW', () => {
  it('walks a fast-track review to PROSECUTED (closed by the INDICTMENT of P3)', () => {
    let s = run(undefined, opinion(true), ack('PROSECUTION_REVIEW'), msg('CUSTODY_TRANSFER', 'PROCURATORATE', 'DETENTION_CENTER', {}));
    expect(at(s, 'PROSECUTION_REVIEW')).toBe('ACCEPTED');
    expect(attrs(s, 'PROSECUTION_REVIEW')).toMatchObject({ track: 'FAST', suppInvRound: 0 });
    for (const event of ['REVIEW_STARTED', 'PLEA_NEGOTIATION_STARTED', 'PLEA_SIGNED']) {
      const r = applyInternalEvent(s, { key: 'PROSECUTION_REVIEW', event, at: '2024-03-02T10:00:00+08:00' });
      if (!r.ok) throw new Error(r.violation.reason);
      s = r.state;
    }
    expect(at(s, 'PROSECUTION_REVIEW')).toBe('PLEA_SIGNED');
    const result = applyMessage(s, indictment());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.changes.map((c) => [c.process, c.kind, c.to, c.follow ?? false])).toEqual([
      ['PUBLIC_PROSECUTION', 'OPENED', 'FILED', false],
      ['PROSECUTION_REVIEW', 'TRANSITION', 'PROSECUTED', true],
    ]);
  });

  it('allows at most two returns for supplementary investigation; the third is a ROUND_LIMIT violation', () => {
    let s = run(undefined, opinion(), ack('PROSECUTION_REVIEW'), suppReturn(1));
    expect(at(s, 'PROSECUTION_REVIEW')).toBe('SUPP_INV');
    expect(attrs(s, 'PROSECUTION_REVIEW')?.suppInvRound).toBe(1);
    s = run(s, suppReport(1));
    expect(at(s, 'PROSECUTION_REVIEW')).toBe('RESUBMITTED');
    s = run(s, ack('PROSECUTION_REVIEW'), suppReturn(), suppReport(2), ack('PROSECUTION_REVIEW'));
    expect(attrs(s, 'PROSECUTION_REVIEW')?.suppInvRound).toBe(2);
    const third = refused(s, suppReturn(), 'ROUND_LIMIT');
    expect(third.reason).toContain('不起诉');
    s = run(s, msg('NON_PROSECUTION_DECISION', 'PROCURATORATE', 'PSB', { decision: 'NON_PROSECUTE', type: 'INSUFFICIENT_EVIDENCE' }));
    expect(at(s, 'PROSECUTION_REVIEW')).toBe('NON_PROSECUTED');
    s = run(s, msg('NON_PROS_RECONSIDERATION', 'PSB', 'PROCURATORATE', {}));
    expect(at(s, 'PROSECUTION_REVIEW')).toBe('NON_PROSECUTED');
  });

  it('checks stated rounds against the process', () => {
    const accepted = run(undefined, opinion(), ack('PROSECUTION_REVIEW'));
    refused(accepted, suppReturn(2), 'PAYLOAD_MISMATCH');
    refused(run(accepted, suppReturn(1)), suppReport(2), 'PAYLOAD_MISMATCH');
  });

  it('extends a review once, keeping its track (CPL 172: fast track may go to 15 days); a transfer starts a new review period', () => {
    let s = run(undefined, opinion(true), ack('PROSECUTION_REVIEW'), msg('REVIEW_EXTENSION', 'PROCURATORATE', 'PSB', { newDeadline: '2024-04-15' }));
    expect(attrs(s, 'PROSECUTION_REVIEW')).toMatchObject({ extended: true, track: 'FAST' });
    refused(s, msg('REVIEW_EXTENSION', 'PROCURATORATE', 'PSB', { newDeadline: '2024-04-30' }), 'NOT_ALLOWED');
    s = run(s, msg('JURISDICTION_TRANSFER', 'PROCURATORATE', 'PROCURATORATE', {}), ack('PROSECUTION_REVIEW'));
    expect(at(s, 'PROSECUTION_REVIEW')).toBe('ACCEPTED');
    expect(attrs(s, 'PROSECUTION_REVIEW')?.extended).toBe(false);
  });

  it('follows the procuratorate’s track in its snapshots (fast track found unsuitable → NORMAL)', () => {
    const s = run(undefined, opinion(true), msg('ACCEPTANCE_ACK', 'PROCURATORATE', 'PSB', {}, { process: 'PROSECUTION_REVIEW', track: 'ORDINARY' }));
    expect(attrs(s, 'PROSECUTION_REVIEW')?.track).toBe('NORMAL');
  });

  it('refuses illegal transitions', () => {
    const received = run(undefined, opinion());
    refused(received, msg('NON_PROSECUTION_DECISION', 'PROCURATORATE', 'PSB', { decision: 'NON_PROSECUTE' }), 'OUT_OF_ORDER');
    refused(received, opinion(), 'ALREADY_OPEN');
    const accepted = run(received, ack('PROSECUTION_REVIEW'));
    refused(accepted, suppReport(), 'OUT_OF_ORDER');
    refused(accepted, msg('NON_PROS_RECONSIDERATION', 'PSB', 'PROCURATORATE', {}), 'OUT_OF_ORDER');
    const inSuppInv = run(accepted, suppReturn());
    refused(inSuppInv, msg('NON_PROSECUTION_DECISION', 'PROCURATORATE', 'PSB', { decision: 'NON_PROSECUTE' }), 'OUT_OF_ORDER');
    const declined = run(accepted, msg('NON_PROSECUTION_DECISION', 'PROCURATORATE', 'PSB', { decision: 'NON_PROSECUTE' }));
    refused(declined, suppReturn(), 'PROCESS_CLOSED');
  });

  it('takes ACCEPTANCE_ACK’s process from the message', () => {
    const both = run(undefined, arrestRequest(), opinion());
    const s = run(both, ack('PROSECUTION_REVIEW'));
    expect(at(s, 'PROSECUTION_REVIEW')).toBe('ACCEPTED');
    expect(at(s, 'ARREST_REVIEW')).toBe('SUBMITTED');
    // An acknowledgement labelled ARREST_REVIEW is not moved to PROSECUTION_REVIEW when P1 refuses it.
    const executed = run(
      undefined,
      arrestRequest(),
      ack('ARREST_REVIEW'),
      msg('ARREST_APPROVAL', 'PROCURATORATE', 'PSB', { decision: 'APPROVED' }),
      msg('ARREST_EXECUTION_RECEIPT', 'PSB', 'PROCURATORATE', {}),
      opinion(),
    );
    refused(executed, ack('ARREST_REVIEW'), 'PROCESS_CLOSED');
  });

  it('notes an INDICTMENT that cannot close the review (the case is back with the PSB)', () => {
    const s = run(undefined, opinion(), ack('PROSECUTION_REVIEW'), suppReturn());
    const result = applyMessage(s, indictment());
    expect(result.ok && result.changes.map((c) => [c.process, c.kind])).toEqual([
      ['PUBLIC_PROSECUTION', 'OPENED'],
      ['PROSECUTION_REVIEW', 'FOLLOW_SKIPPED'],
    ]);
    expect(result.ok && result.state.processes.PROSECUTION_REVIEW?.state).toBe('SUPP_INV');
  });
});

describe('P3 PUBLIC_PROSECUTION', () => {
  it('walks FILED → SUPPLEMENT_REQUESTED → FILED → ACCEPTED and opens the trial; the PSB copy changes nothing', () => {
    let s = run(undefined, indictment('FAST'));
    const copy = applyMessage(s, indictment('FAST', 'PSB'));
    expect(copy.ok && copy.changes).toEqual([expect.objectContaining({ kind: 'COPY', process: 'PUBLIC_PROSECUTION', from: 'FILED', to: 'FILED' })]);
    s = run(s, msg('SUPPLEMENT_REQUEST', 'COURT', 'PROCURATORATE', { items: ['量刑建议书'] }));
    expect(at(s, 'PUBLIC_PROSECUTION')).toBe('SUPPLEMENT_REQUESTED');
    s = run(s, indictment('FAST'), msg('CUSTODY_TRANSFER', 'COURT', 'DETENTION_CENTER', {}, { process: 'PROSECUTION_REVIEW' }), caseAccepted());
    expect(at(s, 'PUBLIC_PROSECUTION')).toBe('ACCEPTED');
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('ACCEPTED');
    expect(attrs(s, 'FIRST_INSTANCE_TRIAL')).toMatchObject({ procedure: 'FAST', recommendedTermMonths: 10 });
  });

  it('walks a return and a withdrawal before acceptance', () => {
    expect(at(run(undefined, indictment(), msg('CASE_RETURNED', 'COURT', 'PROCURATORATE', {})), 'PUBLIC_PROSECUTION')).toBe('RETURNED');
    expect(at(run(undefined, indictment(), msg('PROSECUTION_WITHDRAWAL', 'PROCURATORATE', 'COURT', {})), 'PUBLIC_PROSECUTION')).toBe('WITHDRAWN');
  });

  it('refuses illegal transitions', () => {
    refused(undefined, caseAccepted(), 'NOT_OPENED');
    const accepted = run(undefined, indictment(), caseAccepted());
    // ACCEPTED is terminal, but a withdrawn prosecution may be indicted again, so these would need a new indictment first.
    refused(accepted, caseAccepted(), 'OUT_OF_ORDER');
    refused(accepted, msg('SUPPLEMENT_REQUEST', 'COURT', 'PROCURATORATE', {}), 'OUT_OF_ORDER');
    refused(run(undefined, indictment()), indictment(), 'ALREADY_OPEN');
  });
});

describe('P4 FIRST_INSTANCE_TRIAL', () => {
  const accepted = (procedure: Track) => run(undefined, indictment(procedure), caseAccepted(procedure));

  it('walks a fast-track trial: in-court judgment → served → appeal window → EFFECTIVE, opening P6', () => {
    let s = run(
      accepted('FAST'),
      judgment({ verdict: 'CONVICTED', sentence: { principal: 'FIXED_TERM', termMonths: 8, termEnd: '2024-10-26' }, pronouncedInCourt: true }),
    );
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('SENTENCED');
    s = run(s, serviceReceipt());
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('JUDGMENT_SERVED');
    const opened = applyInternalEvent(s, { key: 'FIRST_INSTANCE_TRIAL', event: 'APPEAL_WINDOW_OPENED', at: '2024-03-06T00:00:00+08:00' });
    if (!opened.ok) throw new Error(opened.violation.reason);
    s = run(opened.state, effective());
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('EFFECTIVE');
    expect(at(s, 'EXECUTION_HANDOVER')).toBe('EFFECTIVE');
    expect(attrs(s, 'EXECUTION_HANDOVER')).toMatchObject({ penalty: 'FIXED_TERM', termEnd: '2024-10-26' });
  });

  it('walks an ordinary trial with hearing, and a conversion from fast track', () => {
    let s = run(accepted('ORDINARY'), msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', { hearingAt: '2024-03-10T09:00:00+08:00' }));
    const heard = applyInternalEvent(s, { key: 'FIRST_INSTANCE_TRIAL', event: 'HEARING_HELD', at: '2024-03-10T12:00:00+08:00' });
    if (!heard.ok) throw new Error(heard.violation.reason);
    s = run(heard.state, msg('SENTENCING_ADJUSTMENT', 'PROCURATORATE', 'COURT', {}), judgment({ verdict: 'CONVICTED' }));
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('SENTENCED');

    let c = run(accepted('FAST'), msg('PROCEDURE_CONVERSION', 'COURT', 'PROCURATORATE', { newProcedure: 'ORDINARY' }));
    expect(at(c, 'FIRST_INSTANCE_TRIAL')).toBe('CONVERTED');
    expect(attrs(c, 'FIRST_INSTANCE_TRIAL')?.procedure).toBe('ORDINARY');
    c = run(c, msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', {}));
    expect(at(c, 'FIRST_INSTANCE_TRIAL')).toBe('SCHEDULED');
  });

  it('refuses illegal transitions', () => {
    refused(accepted('ORDINARY'), judgment({ verdict: 'CONVICTED' }), 'OUT_OF_ORDER'); // no hearing outside fast track
    refused(accepted('ORDINARY'), msg('PROCEDURE_CONVERSION', 'COURT', 'PROCURATORATE', { newProcedure: 'FAST' }), 'NOT_ALLOWED');
    const sentenced = run(accepted('FAST'), judgment({ verdict: 'CONVICTED' }));
    refused(sentenced, effective(), 'OUT_OF_ORDER'); // not yet served
    // OUT_OF_ORDER, not NOT_ALLOWED: after an appeal and a remand (发回重审) the trial is heard again.
    refused(sentenced, msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', {}), 'OUT_OF_ORDER');
    const appealed = run(sentenced, msg('APPEAL', 'COURT', 'PROCURATORATE', {}));
    expect(at(appealed, 'FIRST_INSTANCE_TRIAL')).toBe('APPEALED');
    // The appealed judgment never takes effect by itself; only a remand (发回重审) reopens the first instance.
    refused(appealed, effective(), 'OUT_OF_ORDER');
  });

  it('lets a withdrawal labelled PUBLIC_PROSECUTION end the trial once the court has accepted', () => {
    const s = run(accepted('SIMPLIFIED'), msg('PROSECUTION_WITHDRAWAL', 'PROCURATORATE', 'COURT', {}, { process: 'PUBLIC_PROSECUTION' }));
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('WITHDRAWN');
    expect(at(s, 'PUBLIC_PROSECUTION')).toBe('ACCEPTED');
  });

  it('opens no execution hand-over after an acquittal', () => {
    const s = run(accepted('FAST'), judgment({ verdict: 'ACQUITTED' }), serviceReceipt(), effective());
    expect(at(s, 'FIRST_INSTANCE_TRIAL')).toBe('EFFECTIVE');
    expect(s.processes.EXECUTION_HANDOVER).toBeUndefined();
  });
});

describe('P5 LEGAL_AID', () => {
  const notice = (from: Agency, aidType?: 'DUTY_LAWYER' | 'DEFENDER') => msg('LEGAL_AID_NOTICE', from, 'LEGAL_AID_CENTER', aidType ? { aidType } : {});
  const assignment = (to: Agency) => msg('LAWYER_ASSIGNMENT', 'LEGAL_AID_CENTER', to, { lawyer: { name: '李律师', licenceNo: '14401201010000001' } });
  const forward = () => msg('LEGAL_AID_APPLICATION_FORWARD', 'PROCURATORATE', 'LEGAL_AID_CENTER', { applicant: '张三' });
  const decision = (payload: PayloadOf<'LEGAL_AID_DECISION'>) => msg('LEGAL_AID_DECISION', 'LEGAL_AID_CENTER', 'PROCURATORATE', payload);

  it('walks notice → assignment → (active) → closure, one instance per stage', () => {
    let s = run(undefined, notice('PSB'), notice('PROCURATORATE', 'DUTY_LAWYER'), assignment('PROCURATORATE'));
    expect(at(s, 'LEGAL_AID:INVESTIGATION')).toBe('NOTIFIED');
    expect(at(s, 'LEGAL_AID:REVIEW')).toBe('ASSIGNED');
    expect(attrs(s, 'LEGAL_AID:REVIEW')).toMatchObject({ stage: 'REVIEW', aidType: 'DUTY_LAWYER' });
    const active = applyInternalEvent(s, { key: 'LEGAL_AID:REVIEW', event: 'LAWYER_ENGAGED', at: '2024-03-03T09:00:00+08:00' });
    if (!active.ok) throw new Error(active.violation.reason);
    s = run(active.state, msg('LEGAL_AID_CLOSURE', 'LEGAL_AID_CENTER', 'PROCURATORATE', {}));
    expect(at(s, 'LEGAL_AID:REVIEW')).toBe('CLOSED');
  });

  it('walks an application: granted (lawyer later), granted with lawyer, denied', () => {
    let s = run(undefined, forward(), decision({ granted: true }));
    expect(at(s, 'LEGAL_AID:REVIEW')).toBe('GRANTED');
    s = run(s, assignment('PROCURATORATE'));
    expect(at(s, 'LEGAL_AID:REVIEW')).toBe('ASSIGNED');
    const direct = applyMessage(run(undefined, forward()), decision({ granted: true, lawyer: { name: '王律师' } }));
    expect(direct.ok && direct.changes[0]).toMatchObject({ from: 'APPLIED', to: 'ASSIGNED', via: ['GRANTED'] });
    expect(at(run(undefined, forward(), decision({ granted: false, reason: '经济状况不符合条件' })), 'LEGAL_AID:REVIEW')).toBe('DENIED');
  });

  it('refuses illegal transitions and a second assignment in the same stage (unless configured)', () => {
    refused(undefined, assignment('PROCURATORATE'), 'NOT_OPENED');
    refused(run(undefined, forward()), decision({}), 'PAYLOAD_REQUIRED');
    refused(run(undefined, notice('PROCURATORATE')), msg('LEGAL_AID_CLOSURE', 'LEGAL_AID_CENTER', 'PROCURATORATE', {}), 'OUT_OF_ORDER');
    const assigned = run(undefined, notice('PROCURATORATE'), assignment('PROCURATORATE'));
    refused(assigned, assignment('PROCURATORATE'), 'NOT_ALLOWED');
    expect(applyMessage(assigned, assignment('PROCURATORATE'), { legalAidReassignmentInStage: true }).ok).toBe(true);
    refused(assigned, notice('PROCURATORATE'), 'ALREADY_OPEN');
  });
});

describe('P6 EXECUTION_HANDOVER', () => {
  const notice = (sentence: PayloadOf<'EXECUTION_NOTICE'>['sentence'], to: Agency = 'DETENTION_CENTER') =>
    msg('EXECUTION_NOTICE', 'COURT', to, { sentence }, { sentAt: '2024-04-01T09:00:00+08:00' });
  const receipt = (from: Agency = 'DETENTION_CENTER') => msg('EXECUTION_RECEIPT', from, 'COURT', {}, { sentAt: '2024-04-02T09:00:00+08:00' });

  it('branches by penalty and time left: prison, detention centre, release, fine, community corrections', () => {
    const prison = run(undefined, notice({ principal: 'FIXED_TERM', termMonths: 18, termEnd: '2025-06-01' }), receipt());
    expect(at(prison, 'EXECUTION_HANDOVER')).toBe('PRISON_TRANSFER');
    const admitted = run(prison, msg('PRISONER_TRANSFER', 'DETENTION_CENTER', 'PRISON', {}), msg('ADMISSION_NOTICE', 'PRISON', 'COURT', {}));
    expect(at(admitted, 'EXECUTION_HANDOVER')).toBe('ADMITTED');
    expect(at(run(undefined, notice({ principal: 'FIXED_TERM', termEnd: '2024-06-15' }), receipt()), 'EXECUTION_HANDOVER')).toBe('EXECUTING_IN_DC');
    expect(at(run(undefined, notice({ principal: 'FIXED_TERM', termEnd: '2024-03-30' }), receipt()), 'EXECUTION_HANDOVER')).toBe('RELEASED');
    expect(at(run(undefined, notice({ principal: 'SHORT_DETENTION', termMonths: 4 }, 'PSB'), receipt('PSB')), 'EXECUTION_HANDOVER')).toBe('EXECUTING_IN_DC');
    expect(at(run(undefined, notice({ principal: 'FINE_ONLY', fineYuan: 2000 }), receipt()), 'EXECUTION_HANDOVER')).toBe('FINE_ENFORCEMENT');
  });

  it('walks community corrections: notice → documents → receipt → REPORTED (or REPORT_OVERDUE)', () => {
    const judged = run(
      undefined,
      indictment('FAST'),
      caseAccepted('FAST'),
      judgment({ verdict: 'CONVICTED', sentence: { principal: 'FIXED_TERM', termMonths: 6, probationMonths: 12 } }),
      serviceReceipt(),
      effective(),
    );
    let s = run(
      judged,
      msg('CC_NOTICE', 'COURT', 'COMMUNITY_CORRECTIONS', { residenceDivision: '440105', probationMonths: 12 }),
      msg('CC_NOTICE', 'COURT', 'PROCURATORATE', {}), // copy
      msg('CC_DOCUMENTS', 'COURT', 'COMMUNITY_CORRECTIONS', {}),
      msg('CC_RECEIPT', 'COMMUNITY_CORRECTIONS', 'COURT', {}),
    );
    expect(at(s, 'EXECUTION_HANDOVER')).toBe('CC_AWAIT_REPORT');
    expect(attrs(s, 'EXECUTION_HANDOVER')).toMatchObject({ executor: 'COMMUNITY_CORRECTIONS', ccDocumentsSent: true, branch: 'COMMUNITY_CORRECTIONS' });
    const overdue = run(s, msg('CC_NOT_REPORTED', 'COMMUNITY_CORRECTIONS', 'COURT', {}));
    expect(at(overdue, 'EXECUTION_HANDOVER')).toBe('REPORT_OVERDUE');
    s = run(overdue, msg('CC_REPORTED', 'COMMUNITY_CORRECTIONS', 'COURT', { reportedAt: '2024-03-28T10:00:00+08:00' }));
    expect(at(s, 'EXECUTION_HANDOVER')).toBe('REPORTED');
    const closed = applyInternalEvent(s, { key: 'EXECUTION_HANDOVER', event: 'EXECUTION_CLOSED', at: '2024-04-01T00:00:00+08:00' });
    expect(closed.ok && closed.state.processes.EXECUTION_HANDOVER?.state).toBe('CLOSED');
  });

  it('waits in RECEIPT_CONFIRMED when neither facts nor receipt tell the branch', () => {
    const unknown = run(undefined, msg('EXECUTION_NOTICE', 'COURT', 'DETENTION_CENTER', {}), receipt('DETENTION_CENTER'));
    expect(at(unknown, 'EXECUTION_HANDOVER')).toBe('RECEIPT_CONFIRMED');
    expect(at(run(unknown, msg('PRISONER_TRANSFER', 'DETENTION_CENTER', 'PRISON', {})), 'EXECUTION_HANDOVER')).toBe('PRISON_TRANSFER');
    const fromPrison = run(undefined, msg('EXECUTION_NOTICE', 'COURT', 'PRISON', {}), receipt('PRISON'));
    expect(at(fromPrison, 'EXECUTION_HANDOVER')).toBe('PRISON_TRANSFER');
    const named = run(undefined, msg('EXECUTION_NOTICE', 'COURT', 'DETENTION_CENTER', { executor: 'DETENTION_CENTER' }), receipt());
    expect(at(named, 'EXECUTION_HANDOVER')).toBe('EXECUTING_IN_DC');
  });

  it('refuses illegal transitions', () => {
    const docs = run(undefined, notice({ principal: 'FIXED_TERM', termEnd: '2026-01-01' }));
    refused(docs, msg('ADMISSION_NOTICE', 'PRISON', 'COURT', {}), 'OUT_OF_ORDER');
    refused(docs, msg('CC_REPORTED', 'COMMUNITY_CORRECTIONS', 'COURT', {}), 'OUT_OF_ORDER');
    const inDc = run(undefined, notice({ principal: 'FIXED_TERM', termEnd: '2024-05-01' }), receipt());
    refused(inDc, msg('PRISONER_TRANSFER', 'DETENTION_CENTER', 'PRISON', {}), 'PROCESS_CLOSED');
    refused(undefined, msg('CC_RECEIPT', 'COMMUNITY_CORRECTIONS', 'COURT', {}), 'NOT_OPENED');
  });

  it('judges the executor branch from the facts', () => {
    expect(executionBranch({ penalty: 'FIXED_TERM', termEnd: '2024-07-01' }, '2024-04-01')).toBe('DETENTION_CENTER'); // exactly 3 months left
    expect(executionBranch({ penalty: 'FIXED_TERM', termEnd: '2024-07-02' }, '2024-04-01')).toBe('PRISON');
    expect(executionBranch({ penalty: 'SURVEILLANCE' }, '2024-04-01')).toBe('COMMUNITY_CORRECTIONS');
    expect(executionBranch({ penalty: 'FINE_ONLY' }, '2024-04-01')).toBe('FINE');
    expect(executionBranch({ penalty: 'EXEMPTED' }, '2024-04-01')).toBe('RELEASE');
    expect(executionBranch({ penalty: 'FIXED_TERM' }, '2024-04-01')).toBeUndefined();
  });
});

describe('applyMessage as a pure function over JSON state', () => {
  it('does not modify its input and produces JSON-serialisable state', () => {
    const s = run(undefined, arrestRequest(), ack('ARREST_REVIEW'));
    const frozen = JSON.parse(JSON.stringify(s)) as CaseProcessState;
    deepFreeze(frozen);
    const next = applyMessage(frozen, msg('ARREST_APPROVAL', 'PROCURATORATE', 'PSB', { decision: 'APPROVED' }));
    expect(next.ok).toBe(true);
    expect(frozen.processes.ARREST_REVIEW?.state).toBe('ACCEPTED');
    if (next.ok) expect(JSON.parse(JSON.stringify(next.state))).toEqual(next.state);
    expect(s).toMatchObject({ schemaVersion: 1, caseUid: 'GZ-440105-2024-000001', inCustody: true });
  });

  it('treats a resent message (same id, same receiver) as a duplicate', () => {
    const request = arrestRequest();
    const s = run(undefined, request);
    const again = applyMessage(s, request);
    expect(again.ok && again.changes).toEqual([expect.objectContaining({ kind: 'DUPLICATE', process: 'ARREST_REVIEW' })]);
    expect(again.ok && again.state).toBe(s);
  });
});

function deepFreeze(value: unknown): void {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
}

describe('lawful paths (issue 15)', () => {
  const accepted = (procedure: Track) => run(undefined, indictment(procedure), caseAccepted(procedure));

  it('CPL 230: a judgment is not effective while its appeal period runs (10 days; 5 for a ruling), counted from the day after the last service', () => {
    const served = run(
      accepted('FAST'),
      judgment({ verdict: 'CONVICTED', pronouncedInCourt: true }),
      msg('SERVICE_RECEIPT', 'PROCURATORATE', 'COURT', { servedAt: '2024-03-01' }),
    );
    expect(attrs(served, 'FIRST_INSTANCE_TRIAL')?.servedOn).toBe('2024-03-01');
    refused(served, msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-03-11' }), 'OUT_OF_ORDER');
    expect(at(run(served, msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-03-12' })), 'FIRST_INSTANCE_TRIAL')).toBe('EFFECTIVE');
    const later = run(served, msg('SERVICE_RECEIPT', 'PROCURATORATE', 'COURT', { servedAt: '2024-03-04' }));
    refused(later, msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-03-12' }), 'OUT_OF_ORDER');
    const ruling = run(
      accepted('FAST'),
      judgment({ verdict: 'CONVICTED', pronouncedInCourt: true, documentKind: 'RULING' }),
      msg('SERVICE_RECEIPT', 'PROCURATORATE', 'COURT', { servedAt: '2024-03-01' }),
    );
    refused(ruling, msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-03-06' }), 'OUT_OF_ORDER');
    expect(at(run(ruling, msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-03-07' })), 'FIRST_INSTANCE_TRIAL')).toBe('EFFECTIVE');
  });

  it('CPL 224: a fast-track judgment not pronounced in court is refused', () => {
    const v = refused(accepted('FAST'), judgment({ verdict: 'CONVICTED', pronouncedInCourt: false }), 'NOT_ALLOWED');
    expect(v.reason).toContain('CPL 224');
    expect(
      at(
        run(accepted('SIMPLIFIED'), msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', {}), judgment({ verdict: 'CONVICTED', pronouncedInCourt: false })),
        'FIRST_INSTANCE_TRIAL',
      ),
    ).toBe('SENTENCED');
  });

  it('CPL 187: an ordinary-procedure hearing notice less than three days ahead is refused; summary procedure is not bound', () => {
    const short = msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', { hearingAt: '2024-03-03T09:00:00+08:00' });
    expect(refused(accepted('ORDINARY'), short, 'NOT_ALLOWED').reason).toContain('CPL 187');
    expect(
      at(run(accepted('ORDINARY'), msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', { hearingAt: '2024-03-04T09:00:00+08:00' })), 'FIRST_INSTANCE_TRIAL'),
    ).toBe('SCHEDULED');
    expect(at(run(accepted('SIMPLIFIED'), short), 'FIRST_INSTANCE_TRIAL')).toBe('SCHEDULED');
  });

  it('re-indictment after a withdrawal, and re-filing after the court returned the case', () => {
    const withdrawn = run(undefined, indictment('ORDINARY'), msg('PROSECUTION_WITHDRAWAL', 'PROCURATORATE', 'COURT', {}));
    expect(at(run(withdrawn, indictment('ORDINARY')), 'PUBLIC_PROSECUTION')).toBe('FILED');
    const returned = run(undefined, indictment('ORDINARY'), msg('CASE_RETURNED', 'COURT', 'PROCURATORATE', {}));
    expect(at(run(returned, indictment('ORDINARY')), 'PUBLIC_PROSECUTION')).toBe('FILED');
    // Withdrawn after the court accepted: the trial is WITHDRAWN; a new indictment and acceptance reopen it.
    const trialWithdrawn = run(accepted('ORDINARY'), msg('PROSECUTION_WITHDRAWAL', 'PROCURATORATE', 'COURT', {}, { process: 'FIRST_INSTANCE_TRIAL' }));
    expect(at(trialWithdrawn, 'FIRST_INSTANCE_TRIAL')).toBe('WITHDRAWN');
    refused(accepted('ORDINARY'), indictment('ORDINARY'), 'PROCESS_CLOSED');
    const again = run(trialWithdrawn, indictment('ORDINARY'), caseAccepted('ORDINARY'));
    expect(at(again, 'PUBLIC_PROSECUTION')).toBe('ACCEPTED');
    expect(at(again, 'FIRST_INSTANCE_TRIAL')).toBe('ACCEPTED');
  });

  it('non-prosecution after a withdrawn prosecution (SPP Rules 2019 art. 424), but not while the prosecution stands', () => {
    const prosecuted = run(undefined, opinion(), ack('PROSECUTION_REVIEW'), indictment('ORDINARY'));
    expect(at(prosecuted, 'PROSECUTION_REVIEW')).toBe('PROSECUTED');
    const npd = () => msg('NON_PROSECUTION_DECISION', 'PROCURATORATE', 'PSB', { decision: 'NON_PROSECUTE' });
    refused(prosecuted, npd(), 'PROCESS_CLOSED');
    const withdrawn = run(prosecuted, msg('PROSECUTION_WITHDRAWAL', 'PROCURATORATE', 'COURT', {}));
    expect(at(run(withdrawn, npd()), 'PROSECUTION_REVIEW')).toBe('NON_PROSECUTED');
  });

  it('a DEADLINE_EXTENSION is accepted where its clock runs: custody after arrest (P1), review (P2), trial (P4)', () => {
    const executed = run(
      undefined,
      arrestRequest(),
      ack('ARREST_REVIEW'),
      msg('ARREST_APPROVAL', 'PROCURATORATE', 'PSB', { decision: 'APPROVED' }),
      msg('ARREST_EXECUTION_RECEIPT', 'PSB', 'PROCURATORATE', {}),
    );
    expect(at(run(executed, msg('DEADLINE_EXTENSION', 'PROCURATORATE', 'PSB', { clock: 'C4', basis: 'CPL156' })), 'ARREST_REVIEW')).toBe('EXECUTED');
    const reviewing = run(
      undefined,
      opinion(),
      ack('PROSECUTION_REVIEW'),
      msg('DEADLINE_EXTENSION', 'PROCURATORATE', 'PSB', { clock: 'C5', basis: 'CPL172' }, { process: 'PROSECUTION_REVIEW' }),
    );
    expect(attrs(reviewing, 'PROSECUTION_REVIEW')?.extended).toBe(true);
    refused(reviewing, msg('REVIEW_EXTENSION', 'PROCURATORATE', 'PSB', { newDeadline: '2024-04-30' }), 'NOT_ALLOWED');
    expect(
      at(
        run(
          accepted('ORDINARY'),
          msg('DEADLINE_EXTENSION', 'COURT', 'PROCURATORATE', { clock: 'C11', basis: 'CPL208_PRESIDENT' }, { process: 'FIRST_INSTANCE_TRIAL' }),
        ),
        'FIRST_INSTANCE_TRIAL',
      ),
    ).toBe('ACCEPTED');
  });

  it('records the circumstances a snapshot states, never dropping one', () => {
    const flagged = msg('ARREST_REQUEST', 'PSB', 'PROCURATORATE', { detentionDate: '2024-02-27' });
    const s = run(undefined, { ...flagged, case: { ...flagged.case, circumstances: ['ROVING'] } } as UnifiedMessage, ack('ARREST_REVIEW'));
    expect(s.circumstances).toEqual(['ROVING']);
  });
});

describe('during trial: supplementary investigation and change of jurisdiction (CPL 204, 205, 208; 解释 274)', () => {
  const accepted = (procedure: Track) => run(undefined, indictment(procedure), caseAccepted(procedure));
  const postpone = (decisionDate = '2024-03-05', round?: 1 | 2) =>
    msg('TRIAL_POSTPONEMENT', 'COURT', 'PROCURATORATE', { ground: 'SUPP_INV', decisionDate, ...(round && { round }) });
  const handBack = (transferredOn = '2024-03-25') => msg('TRIAL_RESUMPTION_REQUEST', 'PROCURATORATE', 'COURT', { transferredOn });
  const onTheEvidence = (pronouncedOn: string) => judgment({ verdict: 'CONVICTED', pronouncedOn, pronouncedInCourt: true });

  it('postpones the trial, takes the case back and hears it again; at most two postponements', () => {
    const scheduled = run(accepted('ORDINARY'), msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', {}));
    const waiting = run(scheduled, postpone());
    expect(at(waiting, 'FIRST_INSTANCE_TRIAL')).toBe('SUPP_INV');
    expect(attrs(waiting, 'FIRST_INSTANCE_TRIAL')).toMatchObject({ trialSuppInvRound: 1, trialSuppInvSince: '2024-03-05' });
    const back = run(waiting, handBack());
    expect(at(back, 'FIRST_INSTANCE_TRIAL')).toBe('ACCEPTED');
    expect(attrs(back, 'FIRST_INSTANCE_TRIAL')?.trialSuppInvSince).toBeUndefined();
    const twice = run(back, postpone('2024-04-01', 2), handBack('2024-04-20'), msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', {}));
    expect(at(run(twice, judgment({ verdict: 'CONVICTED' })), 'FIRST_INSTANCE_TRIAL')).toBe('SENTENCED');
    const third = refused(twice, postpone('2024-05-01'), 'ROUND_LIMIT');
    expect(third.reason).toContain('解释 274');
  });

  it('while the investigation runs the court waits a month; then it may decide on the evidence; a withdrawal ends it', () => {
    const waiting = run(accepted('ORDINARY'), postpone('2024-03-05'));
    expect(refused(waiting, onTheEvidence('2024-04-05'), 'OUT_OF_ORDER').reason).toContain('CPL 205');
    expect(at(run(waiting, onTheEvidence('2024-04-06')), 'FIRST_INSTANCE_TRIAL')).toBe('SENTENCED');
    const withdrawn = run(waiting, msg('PROSECUTION_WITHDRAWAL', 'PROCURATORATE', 'COURT', {}));
    expect(at(withdrawn, 'FIRST_INSTANCE_TRIAL')).toBe('WITHDRAWN');
    refused(waiting, msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', {}), 'OUT_OF_ORDER');
    refused(accepted('ORDINARY'), handBack(), 'OUT_OF_ORDER');
  });

  it('a change of jurisdiction: the receiving court accepts the case (directly, or on a new indictment)', () => {
    const change = () => msg('TRIAL_JURISDICTION_CHANGE', 'COURT', 'PROCURATORATE', { decisionDate: '2024-03-10' });
    const moved = run(accepted('ORDINARY'), change());
    expect(at(moved, 'FIRST_INSTANCE_TRIAL')).toBe('TRANSFERRED');
    const received = msg('CASE_ACCEPTED', 'COURT', 'PROCURATORATE', { acceptedOn: '2024-03-14', receivedOn: '2024-03-12' });
    const direct = run(moved, received);
    expect(at(direct, 'PUBLIC_PROSECUTION')).toBe('ACCEPTED');
    expect(at(direct, 'FIRST_INSTANCE_TRIAL')).toBe('ACCEPTED');
    expect(attrs(direct, 'FIRST_INSTANCE_TRIAL')?.procedure).toBe('ORDINARY');
    const refiled = run(moved, indictment('ORDINARY'), caseAccepted('ORDINARY'));
    expect(at(refiled, 'FIRST_INSTANCE_TRIAL')).toBe('ACCEPTED');
    refused(moved, judgment({ verdict: 'CONVICTED' }), 'OUT_OF_ORDER');
    const copy = applyMessage(accepted('ORDINARY'), msg('TRIAL_JURISDICTION_CHANGE', 'COURT', 'COURT', {}));
    expect(copy.ok && copy.changes[0]?.kind).toBe('COPY');
  });
});

describe('Legal Aid Law art. 49: objection to a refusal or termination', () => {
  const forward = () => msg('LEGAL_AID_APPLICATION_FORWARD', 'PROCURATORATE', 'LEGAL_AID_CENTER', { applicant: '张三' });
  const decision = (granted: boolean) => msg('LEGAL_AID_DECISION', 'LEGAL_AID_CENTER', 'PROCURATORATE', { granted });
  const objection = (against?: 'DENIAL' | 'TERMINATION') =>
    msg('LEGAL_AID_OBJECTION', 'LEGAL_AID_CENTER', 'PROCURATORATE', { receivedOn: '2024-03-04', ...(against && { against }) });
  const bureau = (outcome: 'UPHELD' | 'AID_ORDERED') => msg('LEGAL_AID_OBJECTION_DECISION', 'LEGAL_AID_CENTER', 'PROCURATORATE', { outcome });
  const assignment = () => msg('LAWYER_ASSIGNMENT', 'LEGAL_AID_CENTER', 'PROCURATORATE', { lawyer: { name: '李律师' } });

  it('a refusal upheld stays refused; the remedy is then reconsideration or litigation, not a second objection', () => {
    const objected = run(undefined, forward(), decision(false), objection());
    expect(at(objected, 'LEGAL_AID:REVIEW')).toBe('OBJECTED');
    const upheld = run(objected, bureau('UPHELD'));
    expect(at(upheld, 'LEGAL_AID:REVIEW')).toBe('DENIED');
    expect(attrs(upheld, 'LEGAL_AID:REVIEW')).toMatchObject({ objectionAgainst: 'DENIAL', objectionOutcome: 'UPHELD' });
    expect(refused(upheld, objection(), 'NOT_ALLOWED').reason).toContain('art. 49');
    // A new application opens a new round, with its own right to object.
    expect(at(run(upheld, forward(), decision(false), objection()), 'LEGAL_AID:REVIEW')).toBe('OBJECTED');
  });

  it('the bureau orders aid: the centre must assign a lawyer', () => {
    const ordered = run(undefined, forward(), decision(false), objection(), bureau('AID_ORDERED'));
    expect(at(ordered, 'LEGAL_AID:REVIEW')).toBe('GRANTED');
    expect(attrs(ordered, 'LEGAL_AID:REVIEW')).toMatchObject({ granted: true, objectionOutcome: 'AID_ORDERED' });
    expect(at(run(ordered, assignment()), 'LEGAL_AID:REVIEW')).toBe('ASSIGNED');
  });

  it('an objection to a termination returns to TERMINATED when upheld; nothing to object to before a decision', () => {
    const notice = msg('LEGAL_AID_NOTICE', 'PROCURATORATE', 'LEGAL_AID_CENTER', {});
    const terminated = run(undefined, notice, assignment(), msg('LEGAL_AID_TERMINATION', 'LEGAL_AID_CENTER', 'PROCURATORATE', {}));
    const upheld = run(terminated, objection('TERMINATION'), bureau('UPHELD'));
    expect(at(upheld, 'LEGAL_AID:REVIEW')).toBe('TERMINATED');
    refused(run(undefined, forward()), objection(), 'OUT_OF_ORDER');
    refused(run(undefined, forward(), decision(false)), bureau('UPHELD'), 'OUT_OF_ORDER');
  });
});
