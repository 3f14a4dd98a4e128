import { describe, expect, it } from 'vitest';
import {
  applyMessage,
  CLOCK_DEFINITIONS,
  CLOCK_IDS,
  clockActions,
  clockDeadline,
  clockFactsFromState,
  clocksStartedBy,
  DEFAULT_CLOCK_LIMITS,
  MESSAGE_TYPE_IDS,
  MESSAGE_TYPES,
  PROCESS_DEFINITIONS,
  resolveClockConfig,
  SAMPLE_CN_CALENDAR_2022_2026,
  selectLimit,
  standardVersionFor,
  validateMessage,
  type Agency,
  type CaseProcessState,
  type ClockAction,
  type ClockConfig,
  type ClockFacts,
  type ClockId,
  type MessageType,
  type PayloadOf,
  type Process,
  type Track,
  type UnifiedMessage,
} from '../../standard';

const calendar = SAMPLE_CN_CALENDAR_2022_2026;

describe('clock definitions (data)', () => {
  it('define every clock with defaults, statute basis and triggers that exist', () => {
    for (const id of CLOCK_IDS) {
      const clock = CLOCK_DEFINITIONS[id];
      expect(clock.id).toBe(id);
      expect(DEFAULT_CLOCK_LIMITS[id]).toBeDefined();
      expect(clock.basis.text).toMatch(/[\u4e00-\u9fff]/);
      expect(clock.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(clock.start.length).toBeGreaterThan(0);
      expect(clock.stop.length).toBeGreaterThan(0);
      for (const trigger of [...clock.start, ...clock.stop, ...(clock.restart ?? [])]) {
        if ('message' in trigger) expect(MESSAGE_TYPE_IDS).toContain(trigger.message);
        if ('enter' in trigger) expect(PROCESS_DEFINITIONS[trigger.process].states as readonly string[]).toContain(trigger.enter);
      }
    }
  });

  it('mark the ○ limits of domain.md as unverified (configurable)', () => {
    const unverified = CLOCK_IDS.filter((id) => !CLOCK_DEFINITIONS[id].verified);
    expect(unverified).toEqual(['C3a', 'C3b', 'C3c', 'C3d', 'C7', 'C8s', 'C14a', 'C14b', 'C14c', 'C14d1', 'C14d2', 'C14e']);
  });

  it('restart C5 after supplementary investigation (a jurisdiction transfer interrupts it until the new receipt), and trial clocks after conversion', () => {
    const restarts = (id: ClockId) => (CLOCK_DEFINITIONS[id].restart ?? []).map((t) => ('message' in t ? t.message : ''));
    expect(restarts('C5')).toEqual(['SUPP_INV_REPORT']);
    expect((CLOCK_DEFINITIONS.C5.interrupt ?? []).map((t) => ('message' in t ? t.message : ''))).toEqual(['JURISDICTION_TRANSFER']);
    expect(restarts('C10')).toEqual(['PROCEDURE_CONVERSION']);
    expect(restarts('C11')).toEqual(['PROCEDURE_CONVERSION']);
    expect(CLOCK_DEFINITIONS.C11.start).toContainEqual({ message: 'SECOND_INSTANCE_DECISION', payload: { outcome: 'REMANDED' } });
    expect(clocksStartedBy('DETENTION')).toEqual(['C1']);
  });
});

describe('limit selection', () => {
  const limit = (id: ClockId, facts: ClockFacts = {}) => selectLimit(id, facts).limit;

  it('C2 depends on custody (unknown custody: the stricter 7 days)', () => {
    expect(limit('C2', { inCustody: true })).toEqual({ days: 7 });
    expect(limit('C2', { inCustody: false })).toEqual({ days: 15 });
    expect(limit('C2', { inCustody: false, complex: true })).toEqual({ days: 20 });
    expect(limit('C2')).toEqual({ days: 7 });
  });

  it('C5: normal 1 month (+15 days), fast track 10 days, 15 only once a decision extends it (CPL 172 "may")', () => {
    expect(selectLimit('C5', { track: 'NORMAL' })).toMatchObject({ variant: 'normal', limit: { months: 1 }, extensionsLeft: 1 });
    expect(limit('C5', { track: 'NORMAL', extensions: 1 })).toEqual({ months: 1, days: 15 });
    expect(limit('C5', { track: 'FAST' })).toEqual({ days: 10 });
    expect(limit('C5', { track: 'FAST', likelySentenceMonths: 13 })).toEqual({ days: 10 });
    expect(limit('C5', { track: 'FAST', likelySentenceMonths: 13, extensions: 1 })).toEqual({ days: 15 });
  });

  it('trial clocks C9–C11 and the investigation clocks C1, C4', () => {
    expect(limit('C9')).toEqual({ days: 10 });
    expect(limit('C9', { likelySentenceMonths: 18 })).toEqual({ days: 10 });
    expect(limit('C9', { likelySentenceMonths: 18, extensions: 1 })).toEqual({ days: 15 });
    expect(limit('C10', { likelySentenceMonths: 37 })).toEqual({ days: 20 });
    expect(selectLimit('C10', { likelySentenceMonths: 37, extensions: 1 }).text).toEqual({ en: '1 month 15 days', zh: '1个月15日' });
    expect(limit('C11')).toEqual({ months: 2 });
    expect(limit('C11', { extensions: 1 })).toEqual({ months: 3, days: 0 });
    expect(limit('C11', { extensions: 2 })).toEqual({ months: 6, days: 0 });
    expect(limit('C1', { extensions: 1 })).toEqual({ months: 0, days: 7 });
    expect(limit('C1', { seriousOffender: true })).toEqual({ days: 30 });
    expect(limit('C4', { extensions: 1 })).toEqual({ months: 3, days: 0 });
    expect(limit('C4', { extensions: 2 })).toEqual({ months: 5, days: 0 });
    expect(limit('C4', { extensions: 3 })).toEqual({ months: 7, days: 0 });
    expect(limit('C13', { ruling: true })).toEqual({ days: 5 });
    expect(limit('C14c')).toEqual({ hours: 24 });
  });
});

describe('every clock on edge dates (start 2024-01-31: month end; Spring Festival 02-10…02-17, make-up days 02-04 and 02-18)', () => {
  // [clock, facts, due in custody, due out of custody]; HELD/FREE clocks ignore the custody fact.
  const cases: [ClockId, ClockFacts, string, string][] = [
    ['C1', {}, '2024-02-03', '2024-02-03'], // HELD: Saturday, no shift
    ['C2', {}, '2024-02-07', '2024-02-18'], // 7 days held; 15 days free → 02-15 in the holiday → Sunday make-up day
    ['C3a', {}, '2024-02-05', '2024-02-05'],
    ['C3b', {}, '2024-02-07', '2024-02-07'],
    ['C3c', {}, '2024-02-05', '2024-02-05'],
    ['C3d', {}, '2024-02-18', '2024-02-18'], // FREE: 02-15 → 02-18
    ['C4', {}, '2024-03-31', '2024-03-31'], // 01-31 + 2 months = 03-31 (Sunday), HELD
    ['C5', { track: 'NORMAL' }, '2024-02-29', '2024-02-29'], // 01-31 + 1 month = leap day
    ['C5', { track: 'FAST' }, '2024-02-10', '2024-02-18'],
    ['C5', { track: 'FAST', likelySentenceMonths: 14, extensions: 1 }, '2024-02-15', '2024-02-18'],
    ['C6', {}, '2024-02-29', '2024-02-29'],
    ['C7', {}, '2024-02-03', '2024-02-04'], // Saturday → Sunday make-up day
    ['C8', {}, '2024-02-07', '2024-02-07'],
    ['C8s', {}, '2024-02-03', '2024-02-04'],
    ['C9', {}, '2024-02-10', '2024-02-18'],
    ['C9', { likelySentenceMonths: 14, extensions: 1 }, '2024-02-15', '2024-02-18'],
    ['C10', {}, '2024-02-20', '2024-02-20'],
    ['C10', { likelySentenceMonths: 40, extensions: 1 }, '2024-03-15', '2024-03-15'], // 1 month (02-29) + 15 days
    ['C11', {}, '2024-03-31', '2024-04-01'],
    ['C12', {}, '2024-02-05', '2024-02-05'],
    ['C13', {}, '2024-02-10', '2024-02-18'],
    ['C14a', {}, '2024-02-03', '2024-02-04'],
    ['C14b', {}, '2024-02-03', '2024-02-04'],
    ['C14d1', {}, '2024-02-07', '2024-02-07'],
    ['C14d2', {}, '2024-02-03', '2024-02-04'],
    ['C14e', {}, '2024-02-05', '2024-02-05'], // LAL 49: 5 days, FREE (an administrative decision)
    ['C15', {}, '2024-02-10', '2024-02-18'],
    ['C16', {}, '2024-02-29', '2024-02-29'],
    ['C17a', {}, '2024-02-05', '2024-02-05'],
    ['C17b', {}, '2024-02-18', '2024-02-18'], // FREE
    ['C17c', {}, '2024-02-18', '2024-02-18'],
    ['C18', {}, '2024-02-03', '2024-02-04'], // CPL 231: 3 days; Saturday → Sunday make-up day when free
    ['C19', {}, '2024-03-31', '2024-04-01'], // CPL 243: 2 months, like C11
    ['C19', { extensions: 1 }, '2024-05-31', '2024-05-31'], // +2 months with the high court's approval
    ['C20', {}, '2024-02-29', '2024-02-29'], // CPL 205: 1 month of supplementary investigation during trial
  ];
  it.each(cases)('%s %j: held %s, free %s', (clock, facts, held, free) => {
    expect(clockDeadline(clock, { start: '2024-01-31', facts: { ...facts, inCustody: true }, calendar }).due).toBe(held);
    expect(clockDeadline(clock, { start: '2024-01-31', facts: { ...facts, inCustody: false }, calendar }).due).toBe(free);
  });

  it('covers every clock', () => {
    expect(new Set([...cases.map(([id]) => id), 'C14c'])).toEqual(new Set(CLOCK_IDS));
  });

  it('C14c counts 24 hours from the next full hour', () => {
    expect(clockDeadline('C14c', { start: '2024-01-31T15:20:00+08:00', calendar }).expiresAt).toBe('2024-02-01T16:00:00+08:00');
  });

  it('C5 fast track: 10 versus 15 days from a Monday, start day not counted', () => {
    expect(clockDeadline('C5', { start: '2024-03-04', facts: { track: 'FAST', inCustody: false }, calendar }).due).toBe('2024-03-14');
    expect(clockDeadline('C5', { start: '2024-03-04', facts: { track: 'FAST', likelySentenceMonths: 18, inCustody: false }, calendar }).due).toBe('2024-03-14');
    expect(
      clockDeadline('C5', { start: '2024-03-04', facts: { track: 'FAST', likelySentenceMonths: 18, extensions: 1, inCustody: false }, calendar }).due,
    ).toBe('2024-03-19');
  });

  it('C2 leap-year and non-leap month ends do not matter for day clocks; C4 does', () => {
    expect(clockDeadline('C4', { start: '2023-12-31', calendar }).due).toBe('2024-02-29');
    expect(clockDeadline('C4', { start: '2022-12-31', calendar }).due).toBe('2023-02-28');
  });
});

describe('configuration', () => {
  it('overrides any limit and the policies, keeping the other defaults', () => {
    const resolved = resolveClockConfig({
      limits: { C7: { base: { days: 5 } }, C5: { fast: { days: 12 } } },
      counting: { monthEnd: 'END_TO_END' },
      warning: { redDaysLeft: 2 },
    });
    expect(resolved.ok).toBe(true);
    const config = (resolved as { config: ClockConfig }).config;
    expect(config.limits.C7.base).toEqual({ days: 5 });
    expect(config.limits.C5).toEqual({ ...DEFAULT_CLOCK_LIMITS.C5, fast: { days: 12 } });
    expect(config.counting).toEqual({ monthEnd: 'END_TO_END', shiftNonWorkingLastDay: true, shiftWhileInCustody: false });
    expect(config.warning.redDaysLeft).toBe(2);
    expect(clockDeadline('C7', { start: '2024-03-04', facts: { inCustody: true }, calendar, config }).due).toBe('2024-03-09');
    expect(clockDeadline('C4', { start: '2024-02-29', calendar, config }).due).toBe('2024-04-30');
    expect(DEFAULT_CLOCK_LIMITS.C7.base).toEqual({ days: 3 });
  });

  it('names bad overrides by path, bilingually', () => {
    const resolved = resolveClockConfig({ limits: { C99: {}, C7: { base: { days: -1 } }, C5: { slow: { days: 1 } } }, warning: { yellowFractionLeft: 2 } });
    expect(resolved.ok).toBe(false);
    if (resolved.ok) return;
    const paths = resolved.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['limits.C99', 'limits.C7.base.days', 'limits.C5.slow', 'warning.yellowFractionLeft']));
    resolved.issues.forEach((i) => expect(i.reason).toMatch(/[\u4e00-\u9fff]/));
  });
});

// ---------------------------------------------------------------------------------------------
// Clock actions from applied messages.

const org = (agency: Agency) => ({
  agency,
  division: '440105',
  orgCode: `440105${{ PSB: '01', PROCURATORATE: '02', COURT: '03', LEGAL_AID_CENTER: '04', DETENTION_CENTER: '05', COMMUNITY_CORRECTIONS: '06', PRISON: '05' }[agency]}0000`,
});
/** The message with the lowest standard version that holds it (1.x additions need 1.1). */
const stamped = (message: Record<string, unknown>) => ({ standardVersion: standardVersionFor(message), ...message });
let sequence = 0;
function msg<T extends MessageType>(type: T, from: Agency, to: Agency, payload: PayloadOf<T>, process?: Process): UnifiedMessage {
  sequence += 1;
  const result = validateMessage(
    stamped({
      messageId: `CLK-${sequence}`,
      messageType: type,
      process: process ?? MESSAGE_TYPES[type].processes[0],
      localCaseNumbers: [],
      sender: org(from),
      receiver: org(to),
      sentAt: `2024-03-${String((sequence % 28) + 1).padStart(2, '0')}T09:00:00+08:00`,
      case: { charge: { code: 'THEFT' } },
      persons: [{ role: 'SUSPECT', name: '张三', custody: { measure: 'ARRESTED' } }],
      documents: [],
      payload,
    }),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.message;
}

function step(state: CaseProcessState | undefined, message: UnifiedMessage): { state: CaseProcessState; actions: string[]; raw: ClockAction[] } {
  const result = applyMessage(state, message);
  if (!result.ok) throw new Error(result.violation.reason);
  const raw = clockActions(message, result.changes, result.state);
  return { state: result.state, actions: raw.map((a) => `${a.action} ${a.clock}`).sort(), raw };
}

describe('clockActions', () => {
  it('P1/P2: C2 on acceptance, C4 until the opinion, C5 stopped by a return and restarted by the report', () => {
    let r = step(undefined, msg('ARREST_REQUEST', 'PSB', 'PROCURATORATE', {}));
    expect(r.actions).toEqual(['STOP C1']);
    r = step(r.state, msg('ACCEPTANCE_ACK', 'PROCURATORATE', 'PSB', {}, 'ARREST_REVIEW'));
    expect(r.actions).toEqual(['START C2']);
    r = step(r.state, msg('ARREST_APPROVAL', 'PROCURATORATE', 'PSB', { decision: 'APPROVED' }));
    r = step(r.state, msg('ARREST_EXECUTION_RECEIPT', 'PSB', 'PROCURATORATE', {}));
    expect(r.actions).toEqual(['START C4']);
    r = step(r.state, msg('PROSECUTION_OPINION', 'PSB', 'PROCURATORATE', { fastTrackProposed: true }));
    expect(r.actions).toEqual(['START C5', 'START C7', 'STOP C4']);
    r = step(r.state, msg('ACCEPTANCE_ACK', 'PROCURATORATE', 'PSB', {}, 'PROSECUTION_REVIEW'));
    // C2 belongs to ARREST_REVIEW's acknowledgement only; the review's receipt (re)starts C5 only when it is not running (after a transfer).
    expect(r.actions).toEqual(['START C5']);
    r = step(r.state, msg('SUPP_INV_RETURN', 'PROCURATORATE', 'PSB', { decision: 'RETURN_FOR_SUPP_INV' }));
    expect(r.actions).toEqual(['START C6', 'STOP C5']);
    r = step(r.state, msg('SUPP_INV_REPORT', 'PSB', 'PROCURATORATE', {}));
    expect(r.actions).toEqual(['RESTART C5', 'STOP C6']);
    expect(clockFactsFromState(r.state)).toEqual({ inCustody: true, track: 'FAST' });
  });

  const accepted = (procedure: Track) => {
    let s = step(
      undefined,
      msg('INDICTMENT', 'PROCURATORATE', 'COURT', { procedure, sentencingRecommendation: { principal: 'FIXED_TERM', kind: 'FIXED', termMonths: 8 } }),
    );
    // Stopping an idle clock is a no-op for tracking; C7 (right-to-counsel notice) ends with the review, without an outcome if no notice was recorded.
    expect(s.actions).toEqual(['INTERRUPT C7', 'START C8', 'STOP C5', 'STOP C8s']);
    const copy = step(s.state, msg('INDICTMENT', 'PROCURATORATE', 'PSB', { procedure }));
    expect(copy.actions).toEqual([]);
    s = step(s.state, msg('CASE_ACCEPTED', 'COURT', 'PROCURATORATE', { procedure }));
    return s;
  };

  it('P3/P4: trial clock by procedure, restarted by conversion; C12, C13 around service', () => {
    let r = accepted('FAST');
    expect(r.actions).toEqual(['START C9', 'STOP C8']);
    expect(clockFactsFromState(r.state)).toMatchObject({ likelySentenceMonths: 8 });
    r = step(r.state, msg('PROCEDURE_CONVERSION', 'COURT', 'PROCURATORATE', { newProcedure: 'SIMPLIFIED' }));
    expect(r.actions).toEqual(['RESTART C10', 'STOP C9']);
    r = step(r.state, msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', {}));
    r = step(
      r.state,
      msg('JUDGMENT', 'COURT', 'PROCURATORATE', {
        verdict: 'CONVICTED',
        pronouncedInCourt: true,
        sentence: { principal: 'FIXED_TERM', termMonths: 6, probationMonths: 12 },
      }),
    );
    expect(r.actions).toEqual(['START C12', 'STOP C10', 'STOP C11', 'STOP C9']);
    r = step(r.state, msg('SERVICE_RECEIPT', 'PROCURATORATE', 'COURT', {}));
    expect(r.actions).toEqual(['START C13', 'STOP C12']);
    r = step(r.state, msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-04-30' }));
    expect(r.actions).toEqual(['START C15', 'START C17a', 'START C17b', 'START C17c', 'STOP C13']);
    r = step(r.state, msg('CC_NOTICE', 'COURT', 'COMMUNITY_CORRECTIONS', {}));
    expect(r.actions).toEqual(['STOP C17a']);
  });

  it('starts nothing for execution after an acquittal, and C16 only for prison-bound sentences', () => {
    let r = accepted('ORDINARY');
    expect(r.actions).toEqual(['START C11', 'STOP C8']);
    r = step(r.state, msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', {}));
    r = step(r.state, msg('JUDGMENT', 'COURT', 'PROCURATORATE', { verdict: 'ACQUITTED' }));
    r = step(r.state, msg('SERVICE_RECEIPT', 'PROCURATORATE', 'COURT', {}));
    r = step(r.state, msg('JUDGMENT_EFFECTIVE', 'COURT', 'PROCURATORATE', { effectiveDate: '2024-04-30' }));
    expect(r.actions).toEqual(['STOP C13']);

    const prison = step(undefined, msg('EXECUTION_NOTICE', 'COURT', 'DETENTION_CENTER', { sentence: { principal: 'FIXED_TERM', termEnd: '2026-01-01' } }));
    expect(prison.actions).toEqual(['START C16', 'STOP C15']);
    const local = step(undefined, msg('EXECUTION_NOTICE', 'COURT', 'DETENTION_CENTER', { sentence: { principal: 'FIXED_TERM', termEnd: '2024-04-01' } }));
    expect(local.actions).toEqual(['STOP C15']);
  });

  it('P5: legal aid clocks run per stage', () => {
    let r = step(undefined, msg('LEGAL_AID_NOTICE', 'PROCURATORATE', 'LEGAL_AID_CENTER', {}));
    expect(r.actions).toEqual(['START C14b', 'STOP C14a', 'STOP C7']);
    expect(r.raw.find((a) => a.clock === 'C14b')?.key).toBe('LEGAL_AID:REVIEW');
    r = step(r.state, msg('LAWYER_ASSIGNMENT', 'LEGAL_AID_CENTER', 'PROCURATORATE', {}));
    expect(r.actions).toEqual(['STOP C14b', 'STOP C14d2']);
    r = step(r.state, msg('LEGAL_AID_APPLICATION_FORWARD', 'COURT', 'LEGAL_AID_CENTER', {}));
    expect(r.actions).toEqual(['START C14d1', 'STOP C14c']);
    r = step(r.state, msg('LEGAL_AID_DECISION', 'LEGAL_AID_CENTER', 'COURT', { granted: true }));
    expect(r.raw.map((a) => `${a.action} ${a.clock} ${a.key}`).sort()).toEqual(['START C14d2 LEGAL_AID:TRIAL', 'STOP C14d1 LEGAL_AID:TRIAL']);
  });
});

describe('clockActions during trial and for a legal aid objection (CPL 204, 205, 208; LAL 49)', () => {
  const ordinary = () => {
    const filed = step(
      undefined,
      msg('INDICTMENT', 'PROCURATORATE', 'COURT', {
        procedure: 'ORDINARY',
        sentencingRecommendation: { principal: 'FIXED_TERM', kind: 'FIXED', termMonths: 8 },
      }),
    );
    return step(filed.state, msg('CASE_ACCEPTED', 'COURT', 'PROCURATORATE', { procedure: 'ORDINARY', acceptedOn: '2024-03-01' }));
  };

  it('a postponement for supplementary investigation ends the trial period and starts C20; the return starts a full period from its date', () => {
    let r = step(ordinary().state, msg('TRIAL_POSTPONEMENT', 'COURT', 'PROCURATORATE', { ground: 'SUPP_INV', decisionDate: '2024-03-20' }));
    expect(r.actions).toEqual(['INTERRUPT C10', 'INTERRUPT C11', 'INTERRUPT C9', 'START C20']);
    expect(r.raw.find((a) => a.clock === 'C20')).toMatchObject({ at: '2024-03-20', source: 'payload.decisionDate', estimated: false });
    r = step(r.state, msg('TRIAL_RESUMPTION_REQUEST', 'PROCURATORATE', 'COURT', { transferredOn: '2024-04-10' }));
    expect(r.actions).toEqual(['START C11', 'STOP C20']);
    expect(r.raw.find((a) => a.clock === 'C11')).toMatchObject({ at: '2024-04-10', source: 'payload.transferredOn' });
    // A judgment outside a supplementary investigation does not touch C20.
    r = step(r.state, msg('HEARING_NOTICE', 'COURT', 'PROCURATORATE', {}));
    r = step(r.state, msg('JUDGMENT', 'COURT', 'PROCURATORATE', { verdict: 'CONVICTED' }));
    expect(r.actions).not.toContain('STOP C20');
  });

  it('a judgment on the evidence after the month stops C20; a change of jurisdiction restarts the period from the new court’s receipt', () => {
    const waiting = step(ordinary().state, msg('TRIAL_POSTPONEMENT', 'COURT', 'PROCURATORATE', { ground: 'SUPP_INV', decisionDate: '2024-03-20' }));
    const judged = step(waiting.state, msg('JUDGMENT', 'COURT', 'PROCURATORATE', { verdict: 'CONVICTED', pronouncedOn: '2024-04-22' }));
    expect(judged.actions).toContain('STOP C20');
    let r = step(ordinary().state, msg('TRIAL_JURISDICTION_CHANGE', 'COURT', 'PROCURATORATE', { decisionDate: '2024-03-10' }));
    expect(r.actions).toEqual(['INTERRUPT C10', 'INTERRUPT C11', 'INTERRUPT C9']);
    r = step(r.state, msg('CASE_ACCEPTED', 'COURT', 'PROCURATORATE', { acceptedOn: '2024-03-15', receivedOn: '2024-03-12' }));
    expect(r.raw.find((a) => a.clock === 'C11')).toMatchObject({ action: 'START', at: '2024-03-12', source: 'payload.receivedOn' });
  });

  it('C14e runs from the bureau’s receipt of the objection to its decision, per stage', () => {
    let r = step(undefined, msg('LEGAL_AID_APPLICATION_FORWARD', 'PROCURATORATE', 'LEGAL_AID_CENTER', {}));
    r = step(r.state, msg('LEGAL_AID_DECISION', 'LEGAL_AID_CENTER', 'PROCURATORATE', { granted: false }));
    r = step(r.state, msg('LEGAL_AID_OBJECTION', 'LEGAL_AID_CENTER', 'PROCURATORATE', { receivedOn: '2024-03-04' }));
    expect(r.raw.map((a) => `${a.action} ${a.clock} ${a.key} ${a.at}`)).toEqual(['START C14e LEGAL_AID:REVIEW 2024-03-04']);
    r = step(r.state, msg('LEGAL_AID_OBJECTION_DECISION', 'LEGAL_AID_CENTER', 'PROCURATORATE', { outcome: 'AID_ORDERED', decisionDate: '2024-03-08' }));
    expect(r.actions).toEqual(['START C14d2', 'STOP C14e']);
  });
});

describe('limits beyond the statute (issue 15)', () => {
  it('flags a configured limit longer than a verified statute, not a shorter one or an unverified (○) clock', async () => {
    const { limitsBeyondStatute } = await import('../../standard');
    const longer = resolveClockConfig({
      limits: { C5: { fast: { days: 45 } }, C4: { base: { months: 2, days: 1 } }, C2: { inCustody: { days: 5 } }, C7: { base: { days: 10 } } },
    });
    if (!longer.ok) throw new Error('config');
    expect(limitsBeyondStatute(longer.config.limits).map((l) => `${l.clock}.${l.variant}`)).toEqual(['C4.base', 'C5.fast']);
    expect(limitsBeyondStatute(DEFAULT_CLOCK_LIMITS as never)).toEqual([]);
  });
});
