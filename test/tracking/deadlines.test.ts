import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyWarning, DEFAULT_WARNING_POLICY, type CustodyMeasure, type UnifiedMessage } from '../../standard';
import { SupervisionError, thresholdsOf, TrackingInputError, type Alert, type Anomaly, type Tracker, type TrackerOptions } from '../../tracking';
import { bj, bjMs, CaseMessages } from '../support/messages';
import { newTracker, observeAll, TestClock, trackingEnv, type TrackingEnv } from './helpers';

let env: TrackingEnv;
beforeAll(async () => {
  env = await trackingEnv();
});
afterAll(async () => {
  await env.stop();
});

function setup(start = '2022-12-01') {
  const clock = new TestClock(bjMs(start));
  const prefix = env.prefix();
  return { tracker: newTracker(env.redis, prefix, clock), clock, prefix };
}

const running = async (tracker: Tracker, uid: string) => (await tracker.caseRecord(uid))!.clocks;

/** Closed steps as figures see them: clock → {onTime, overdueDays}. */
async function closedSteps(tracker: Tracker): Promise<Record<string, { onTime: number; overdue: number; overdueDays: number }>> {
  const figures = await tracker.figures({}, ['clock']);
  return Object.fromEntries(figures.steps.map((s) => [s.clock!, { onTime: s.onTime, overdue: s.overdue, overdueDays: s.overdueDays }]));
}

/** Scans every hour from `from` to `to` (Beijing wall-clock times) and collects the alerts. */
async function scanHourly(tracker: Tracker, clock: TestClock, from: string, to: string): Promise<Alert[]> {
  const alerts: Alert[] = [];
  for (let t = bjMs(from); t <= bjMs(to); t += 3_600_000) {
    clock.set(t);
    alerts.push(...(await tracker.scanDeadlines()));
  }
  return alerts;
}

const P2 = { process: 'PROSECUTION_REVIEW' as const };
const custodyCase = (custody: CustodyMeasure = 'DETAINED', extra = {}) => new CaseMessages({ caseUid: 'GZ-440105-2022-000001', custody, ...extra });

describe('clocks through the processes, on time and late', () => {
  it('P1 arrest review: C1 from the detention date, C2 (7 days in custody), C4 after the arrest', async () => {
    const { tracker, clock } = setup();
    const c = custodyCase();
    await observeAll(tracker, clock, [
      c.msg('ARREST_REQUEST', bj('2022-12-05T09:00'), { detentionDate: '2022-12-02' }),
      c.msg('ACCEPTANCE_ACK', bj('2022-12-05T10:00'), {}),
    ]);
    expect((await running(tracker, c.context.caseUid!)).C2).toMatchObject({
      variant: 'inCustody',
      due: '2022-12-12',
      expiresAt: '2022-12-13T00:00:00+08:00',
      agency: 'PROCURATORATE',
    });
    await observeAll(tracker, clock, [
      c.msg('ARREST_APPROVAL', bj('2022-12-09T15:00'), { decision: 'APPROVED' }),
      c.msg('ARREST_EXECUTION_RECEIPT', bj('2022-12-09T18:00'), {}),
    ]);
    const clocks = await running(tracker, c.context.caseUid!);
    expect(Object.keys(clocks)).toEqual(['C4']);
    expect(clocks.C4).toMatchObject({ due: '2023-02-09', inCustody: true });
    expect(await closedSteps(tracker)).toEqual({ C1: { onTime: 1, overdue: 0, overdueDays: 0 }, C2: { onTime: 1, overdue: 0, overdueDays: 0 } });
  });

  it('P1 late: the decision a day and 9 hours after expiry counts 2 overdue days', async () => {
    const { tracker, clock } = setup();
    const c = custodyCase();
    await observeAll(tracker, clock, [
      c.msg('ARREST_REQUEST', bj('2022-12-05T09:00'), { detentionDate: '2022-12-01' }),
      c.msg('ACCEPTANCE_ACK', bj('2022-12-05T10:00'), {}),
      c.msg('ARREST_DENIAL', bj('2022-12-14T09:00'), { decision: 'NOT_APPROVED', reasonCode: 'NO_NECESSITY' }),
    ]);
    // Detained 12-01: the request was due by the end of 12-04.
    expect(await closedSteps(tracker)).toEqual({ C1: { onTime: 0, overdue: 1, overdueDays: 1 }, C2: { onTime: 0, overdue: 1, overdueDays: 2 } });
    // The denial starts the PSB's reconsideration window C3a.
    expect(Object.keys(await running(tracker, c.context.caseUid!))).toEqual(['C3a']);
  });

  it('P2 prosecution review: fast track 10 days, normal 1 month; extension adds 15 days', async () => {
    const fast = setup();
    const f = custodyCase('DETAINED', { track: 'FAST' });
    await observeAll(fast.tracker, fast.clock, [f.msg('PROSECUTION_OPINION', bj('2022-12-05'), { fastTrackProposed: true })]);
    expect((await running(fast.tracker, f.context.caseUid!)).C5).toMatchObject({ variant: 'fast', due: '2022-12-15' });

    const normal = setup();
    const n = custodyCase('DETAINED', { track: 'ORDINARY' });
    await observeAll(normal.tracker, normal.clock, [
      n.msg('PROSECUTION_OPINION', bj('2022-12-05'), {}),
      n.msg('ACCEPTANCE_ACK', bj('2022-12-05T11:00'), {}, P2),
    ]);
    expect((await running(normal.tracker, n.context.caseUid!)).C5).toMatchObject({ variant: 'normal', due: '2023-01-05', run: 1 });
    const [ext] = await observeAll(normal.tracker, normal.clock, [n.msg('REVIEW_EXTENSION', bj('2022-12-30'), { newDeadline: '2023-01-20' })]);
    expect(ext!.clockEvents).toEqual([expect.objectContaining({ type: 'extended' })]);
    expect((await running(normal.tracker, n.context.caseUid!)).C5).toMatchObject({ variant: 'normalExtension', due: '2023-01-20', run: 1, extended: true });
    // The right-to-counsel notice (C7, 3 days) came late: it is stopped by the legal-aid notice.
    await observeAll(normal.tracker, normal.clock, [
      n.msg('LEGAL_AID_NOTICE', bj('2022-12-09'), { stage: 'REVIEW', aidType: 'DUTY_LAWYER' }, { from: 'PROCURATORATE' }),
    ]);
    expect(await closedSteps(normal.tracker)).toEqual({ C7: { onTime: 0, overdue: 1, overdueDays: 1 } });
  });

  it('P3 + P4: court acceptance 7 days; fast-track trial 10 days, 15 only once the court decides to extend it (CPL 225 "may")', async () => {
    const dueOf = async (termMonths: number, extend: boolean) => {
      const { tracker, clock } = setup();
      const c = custodyCase('DETAINED', { track: 'FAST' });
      const recommendation = { principal: 'FIXED_TERM' as const, kind: 'FIXED' as const, termMonths };
      await observeAll(tracker, clock, [
        c.msg('INDICTMENT', bj('2022-12-01'), { procedure: 'FAST', sentencingRecommendation: recommendation }),
        c.msg('CASE_ACCEPTED', bj('2022-12-06'), { procedure: 'FAST', courtCaseNo: '(2022)粤0105刑初7号' }),
        ...(extend
          ? [
              c.msg(
                'DEADLINE_EXTENSION',
                bj('2022-12-14'),
                { clock: 'C9', basis: 'CPL225', decisionDate: '2022-12-14' },
                { process: 'FIRST_INSTANCE_TRIAL', from: 'COURT', to: 'PROCURATORATE' },
              ),
            ]
          : []),
      ]);
      const clocks = await running(tracker, c.context.caseUid!);
      expect(await closedSteps(tracker)).toEqual({ C8: { onTime: 1, overdue: 0, overdueDays: 0 } });
      return clocks.C9;
    };
    expect(await dueOf(6, false)).toMatchObject({ variant: 'base', due: '2022-12-16', agency: 'COURT' });
    expect(await dueOf(18, false)).toMatchObject({ variant: 'base', due: '2022-12-16' });
    expect(await dueOf(18, true)).toMatchObject({ variant: 'overOneYear', due: '2022-12-21', bases: ['CPL 225'] });
  });

  it('P4 procedure conversion restarts the trial clock under the new procedure', async () => {
    const { tracker, clock } = setup();
    const c = custodyCase('DETAINED', { track: 'FAST' });
    await observeAll(tracker, clock, [
      c.msg('INDICTMENT', bj('2022-12-01'), { procedure: 'FAST' }),
      c.msg('CASE_ACCEPTED', bj('2022-12-02'), { procedure: 'FAST' }),
    ]);
    const [conversion] = await observeAll(tracker, clock, [c.msg('PROCEDURE_CONVERSION', bj('2022-12-08'), { newProcedure: 'SIMPLIFIED' })]);
    expect(conversion!.clockEvents.map((e) => `${e.type}:${e.clock.clock}`)).toEqual(['stopped:C9', 'started:C10']);
    expect((await running(tracker, c.context.caseUid!)).C10).toMatchObject({ run: 1, startedAt: bj('2022-12-08'), due: '2022-12-28' });
  });

  it('P4 → P6: in-court verdict, service (C12), appeal window (C13), execution documents (C15) late', async () => {
    const { tracker, clock } = setup();
    const c = custodyCase('DETAINED', { track: 'FAST' });
    await observeAll(tracker, clock, [
      c.msg('INDICTMENT', bj('2022-12-01'), { procedure: 'FAST' }),
      c.msg('CASE_ACCEPTED', bj('2022-12-02'), { procedure: 'FAST' }),
      c.msg('JUDGMENT', bj('2022-12-08'), {
        verdict: 'CONVICTED',
        pronouncedInCourt: true,
        recommendationAdopted: true,
        sentence: { principal: 'SHORT_DETENTION', termMonths: 4 },
      }),
      c.msg('SERVICE_RECEIPT', bj('2022-12-10'), {}),
      c.msg('JUDGMENT_EFFECTIVE', bj('2022-12-21'), { effectiveDate: '2022-12-21' }),
      c.msg('EXECUTION_NOTICE', bj('2023-01-03'), { executor: 'DETENTION_CENTER' }, { to: 'DETENTION_CENTER' }),
      c.msg('EXECUTION_RECEIPT', bj('2023-01-04'), {}, { from: 'DETENTION_CENTER' }),
    ]);
    expect(await closedSteps(tracker)).toEqual({
      C8: { onTime: 1, overdue: 0, overdueDays: 0 },
      C9: { onTime: 1, overdue: 0, overdueDays: 0 },
      C12: { onTime: 1, overdue: 0, overdueDays: 0 },
      C13: { onTime: 0, overdue: 1, overdueDays: 1 },
      // Effective 12-21 + 10 days = 12-31 (in custody: no shift off the New Year holiday); sent 01-03 09:00.
      C15: { onTime: 0, overdue: 1, overdueDays: 3 },
    });
    const record = (await tracker.caseRecord(c.context.caseUid!))!;
    expect(record.processes.processes.EXECUTION_HANDOVER?.state).toBe('EXECUTING_IN_DC');
    // Figures count from the legal dates: effective on the day the payload states (00:00), not when the message was sent.
    expect(record.milestones).toMatchObject({ effectiveMs: bjMs('2022-12-21T00:00'), receiptMs: bjMs('2023-01-04'), recommendationAdopted: true });
  });

  it('P5 legal aid: the centre assigns a lawyer within 3 days, per stage', async () => {
    const { tracker, clock } = setup();
    const c = custodyCase();
    await observeAll(tracker, clock, [
      c.msg('LEGAL_AID_NOTICE', bj('2022-12-05'), { stage: 'REVIEW' }, { from: 'PROCURATORATE' }),
      c.msg('LEGAL_AID_NOTICE', bj('2022-12-05'), { stage: 'TRIAL' }, { from: 'COURT' }),
    ]);
    expect(Object.keys(await running(tracker, c.context.caseUid!)).sort()).toEqual(['C14b@REVIEW', 'C14b@TRIAL']);
    await observeAll(tracker, clock, [
      c.msg('LAWYER_ASSIGNMENT', bj('2022-12-07'), { lawyer: { name: '王律师' }, stage: 'REVIEW' }, { to: 'PROCURATORATE' }),
      c.msg('LAWYER_ASSIGNMENT', bj('2022-12-10'), { lawyer: { name: '赵律师' }, stage: 'TRIAL' }, { to: 'COURT' }),
    ]);
    expect(await closedSteps(tracker)).toEqual({ C14b: { onTime: 1, overdue: 1, overdueDays: 2 } });
    const figures = await tracker.figures();
    expect(figures.legalAidAssignedInTime).toEqual([{ period: 'all', district: '440105', numerator: 1, denominator: 2, rate: 0.5 }]);
  });

  it('P6 community corrections: C17a/b/c run only for a suspended sentence, FREE (holidays shift)', async () => {
    const { tracker, clock } = setup();
    const c = custodyCase('BAIL', { track: 'FAST' });
    await observeAll(tracker, clock, [
      c.msg('INDICTMENT', bj('2022-12-01'), { procedure: 'FAST' }),
      c.msg('CASE_ACCEPTED', bj('2022-12-02'), { procedure: 'FAST' }),
      c.msg('JUDGMENT', bj('2022-12-08'), {
        verdict: 'CONVICTED',
        pronouncedInCourt: true,
        sentence: { principal: 'FIXED_TERM', termMonths: 6, probationMonths: 12 },
      }),
      c.msg('SERVICE_RECEIPT', bj('2022-12-09'), {}),
      c.msg('JUDGMENT_EFFECTIVE', bj('2022-12-26'), { effectiveDate: '2022-12-26' }),
    ]);
    const clocks = await running(tracker, c.context.caseUid!);
    // 12-26 + 5 = 12-31 (a holiday) → 2023-01-03; + 10 = 2023-01-05.
    expect(clocks).toMatchObject({
      C15: { due: '2023-01-05' },
      C17a: { due: '2023-01-03', shifted: true },
      C17b: { due: '2023-01-05' },
      C17c: { due: '2023-01-05', agency: 'COMMUNITY_CORRECTIONS' },
    });
  });
});

describe('deadline counting', () => {
  it('a deadline on a weekend moves to Monday unless the person is in custody (C8, 7 days)', async () => {
    const dueFor = async (custody: CustodyMeasure) => {
      const { tracker, clock } = setup();
      const c = custodyCase(custody);
      await observeAll(tracker, clock, [c.msg('INDICTMENT', bj('2022-12-03'), { procedure: 'ORDINARY' })]);
      return (await running(tracker, c.context.caseUid!)).C8;
    };
    expect(await dueFor('BAIL')).toMatchObject({ due: '2022-12-12', shifted: true, inCustody: false, expiresAt: '2022-12-13T00:00:00+08:00' });
    expect(await dueFor('DETAINED')).toMatchObject({ due: '2022-12-10', shifted: false, inCustody: true });
    expect(await dueFor('ARRESTED')).toMatchObject({ due: '2022-12-10', inCustody: true });
  });

  it('a deadline in the Spring Festival moves to the next working day (a make-up Saturday) unless in custody (C5, 1 month)', async () => {
    const dueFor = async (custody: CustodyMeasure) => {
      const { tracker, clock } = setup();
      const c = custodyCase(custody);
      await observeAll(tracker, clock, [c.msg('PROSECUTION_OPINION', bj('2022-12-22'), {})]);
      return (await running(tracker, c.context.caseUid!)).C5;
    };
    expect(await dueFor('BAIL')).toMatchObject({ due: '2023-01-28', shifted: true });
    expect(await dueFor('DETAINED')).toMatchObject({ due: '2023-01-22', shifted: false });
  });

  it('a custody change recomputes the running deadline (and its alerts start over)', async () => {
    const { tracker, clock } = setup();
    const c = custodyCase('DETAINED');
    await observeAll(tracker, clock, [c.msg('PROSECUTION_OPINION', bj('2022-12-22'), {})]);
    const before = (await running(tracker, c.context.caseUid!)).C5!;
    c.context.custody = 'BAIL';
    const [ack] = await observeAll(tracker, clock, [c.msg('ACCEPTANCE_ACK', bj('2022-12-23'), {}, P2)]);
    // C5 and the right-to-counsel notice C7 (3 days, ending on a Sunday) both move.
    expect(ack!.clockEvents.map((e) => `${e.type}:${e.clock.key}`)).toEqual(['recomputed:C5', 'recomputed:C7']);
    const after = (await running(tracker, c.context.caseUid!)).C5!;
    expect([before.due, after.due]).toEqual(['2023-01-22', '2023-01-28']);
    expect(after.rev).toBeGreaterThan(before.rev);
    expect(after.run).toBe(1);
  });

  it('supplementary investigation: C5 stops, C6 runs 1 month, C5 restarts with a full period', async () => {
    const { tracker, clock } = setup();
    const c = custodyCase();
    await observeAll(tracker, clock, [
      c.msg('PROSECUTION_OPINION', bj('2022-12-01'), {}),
      c.msg('ACCEPTANCE_ACK', bj('2022-12-02'), {}, P2),
      c.msg('SUPP_INV_RETURN', bj('2022-12-20'), { decision: 'RETURN_FOR_SUPP_INV', round: 1 }),
    ]);
    expect((await running(tracker, c.context.caseUid!)).C6).toMatchObject({ due: '2023-01-20', agency: 'PSB' });
    // The original C5 deadline (2023-01-01) passes while the case is with the PSB: no C5 alert.
    const inBetween = await scanHourly(tracker, clock, '2022-12-31T00:00', '2023-01-03T00:00');
    expect(inBetween.filter((a) => a.clock === 'C5' || a.clock === 'C6')).toEqual([]);
    const [report] = await observeAll(tracker, clock, [c.msg('SUPP_INV_REPORT', bj('2023-01-15'), { round: 1 })]);
    expect(report!.clockEvents.map((e) => `${e.type}:${e.clock.key}:${e.clock.run}`)).toEqual(['stopped:C6:1', 'started:C5:2']);
    expect((await running(tracker, c.context.caseUid!)).C5).toMatchObject({ run: 2, startedAt: bj('2023-01-15'), due: '2023-02-15' });
    const alerts = (await scanHourly(tracker, clock, '2023-01-15T10:00', '2023-02-17T00:00')).filter((a) => a.clock !== 'C7');
    expect(alerts.map((a) => `${a.clock}:${a.run}:${a.level}`)).toEqual(['C5:2:yellow', 'C5:2:red', 'C5:2:overdue']);
    expect(await closedSteps(tracker)).toEqual({ C5: { onTime: 1, overdue: 0, overdueDays: 0 }, C6: { onTime: 1, overdue: 0, overdueDays: 0 } });
  });

  it("a jurisdiction transfer interrupts C5; the receiving procuratorate's receipt starts a full period in its district (CPL 172)", async () => {
    const { tracker, clock, prefix } = setup();
    const c = custodyCase();
    await observeAll(tracker, clock, [c.msg('PROSECUTION_OPINION', bj('2022-12-01'), {}), c.msg('ACCEPTANCE_ACK', bj('2022-12-02'), {}, P2)]);
    await observeAll(tracker, clock, [c.msg('JURISDICTION_TRANSFER', bj('2022-12-10'), { toOrgCode: '440111020000' }, { to: 'PROCURATORATE' })]);
    let record = (await tracker.caseRecord(c.context.caseUid!))!;
    expect(record.district).toBe('440111');
    expect(record.clocks.C5).toBeUndefined();
    // The new procuratorate receives the case on 12-12 and acknowledges on 12-14.
    await observeAll(tracker, clock, [c.msg('ACCEPTANCE_ACK', bj('2022-12-14'), { receivedAt: '2022-12-12' }, P2)]);
    record = (await tracker.caseRecord(c.context.caseUid!))!;
    expect(record.clocks.C5).toMatchObject({ run: 2, district: '440111', due: '2023-01-12', startedAt: '2022-12-12', source: 'payload.receivedAt' });
    expect(record.clocks.C5?.estimated).toBeUndefined();
    // Run 2: 12-12 + 1 month = 01-12, expires 01-13 00:00; two days before it the warning is yellow.
    const alerts = await scanHourly(tracker, clock, '2023-01-11T00:00', '2023-01-11T00:00');
    expect(alerts.filter((a) => a.clock === 'C5')).toEqual([expect.objectContaining({ district: '440111', clock: 'C5', run: 2, level: 'yellow' })]);
    expect(await env.redis.hkeys(`${prefix}:{district:440105}:deadlines`)).toEqual([]);
    const ledger = (await tracker.ledger(c.context.caseUid!))!.C5!.map((e) => (e.kind === 'clock' ? `${e.action} ${e.legalDate ?? ''}` : e.kind));
    expect(ledger).toEqual(['started 2022-12-01T09:00:00+08:00', 'interrupted 2022-12-10T09:00:00+08:00', 'started 2022-12-12', 'warning']);
  });
});

describe('change of trial jurisdiction (CPL 208 ¶2)', () => {
  it('moves the case to the receiving court’s district; its receipt starts a full trial period there', async () => {
    const { tracker, clock, prefix } = setup();
    const c = custodyCase();
    await observeAll(tracker, clock, [
      c.msg('INDICTMENT', bj('2022-12-01'), { procedure: 'ORDINARY' }),
      c.msg('CASE_ACCEPTED', bj('2022-12-02'), { procedure: 'ORDINARY', acceptedOn: '2022-12-02' }),
      c.msg('TRIAL_JURISDICTION_CHANGE', bj('2022-12-10'), { toOrgCode: '440111030000', decisionDate: '2022-12-10' }),
    ]);
    let record = (await tracker.caseRecord(c.context.caseUid!))!;
    expect(record.district).toBe('440111');
    expect(record.clocks.C11).toBeUndefined();
    await observeAll(tracker, clock, [c.msg('CASE_ACCEPTED', bj('2022-12-16'), { procedure: 'ORDINARY', acceptedOn: '2022-12-16', receivedOn: '2022-12-13' })]);
    record = (await tracker.caseRecord(c.context.caseUid!))!;
    expect(record.clocks.C11).toMatchObject({ run: 2, district: '440111', startedAt: '2022-12-13', due: '2023-02-13', source: 'payload.receivedOn' });
    expect(await env.redis.hkeys(`${prefix}:{district:440105}:deadlines`)).toEqual([]);
  });
});

describe('review-period extension (REVIEW_EXTENSION)', () => {
  /** Normal track, opinion 12-05 (C5: 1 month, last day 2023-01-05; the statute's extension: 2023-01-20). */
  async function reviewCase(options: Partial<TrackerOptions> = {}) {
    const clock = new TestClock(bjMs('2022-12-01'));
    const tracker = newTracker(env.redis, env.prefix(), clock, options);
    const c = custodyCase('DETAINED', { track: 'ORDINARY' });
    await observeAll(tracker, clock, [c.msg('PROSECUTION_OPINION', bj('2022-12-05'), {}), c.msg('ACCEPTANCE_ACK', bj('2022-12-05T11:00'), {}, P2)]);
    const anomalies: Anomaly[] = [];
    tracker.on('anomaly', (a) => anomalies.push(a));
    return { tracker, clock, c, uid: c.context.caseUid!, anomalies };
  }

  it("takes the payload's newDeadline within the statute: alerts follow it, changed facts do not move it", async () => {
    const { tracker, clock, c, uid, anomalies } = await reviewCase();
    const [ext] = await observeAll(tracker, clock, [c.msg('REVIEW_EXTENSION', bj('2022-12-30'), { newDeadline: '2023-01-15' })]);
    expect(ext!.violation).toBeUndefined();
    expect(ext!.anomalies).toEqual([]);
    expect(ext!.clockEvents).toEqual([
      expect.objectContaining({ type: 'extended', clock: expect.objectContaining({ due: '2023-01-15', statedBy: ext!.message.messageId }) }),
    ]);
    const c5 = (await running(tracker, uid)).C5!;
    expect(c5).toMatchObject({
      variant: 'normalExtension',
      due: '2023-01-15',
      expiresAt: '2023-01-16T00:00:00+08:00',
      statutoryDue: '2023-01-20',
      extended: true,
      extensions: 1,
      run: 1,
    });
    // A custody change recomputes statutory deadlines, not a stated one (C7 stopped long ago).
    c.context.custody = 'BAIL';
    await observeAll(tracker, clock, [c.msg('LEGAL_AID_NOTICE', bj('2023-01-03'), { stage: 'REVIEW', aidType: 'DUTY_LAWYER' }, { from: 'PROCURATORATE' })]);
    expect((await running(tracker, uid)).C5).toMatchObject({ due: '2023-01-15', rev: c5.rev });
    // 41 days from 12-06: yellow with 30 % left (01-03 16:48), red a day before, overdue on 01-16.
    const alerts = (await scanHourly(tracker, clock, '2023-01-03T10:00', '2023-01-21T00:00')).filter((a) => a.clock === 'C5');
    expect(alerts.map((a) => [a.level, a.at, a.deadline])).toEqual([
      ['yellow', '2023-01-03T17:00:00+08:00', '2023-01-16T00:00:00+08:00'],
      ['red', '2023-01-15T00:00:00+08:00', '2023-01-16T00:00:00+08:00'],
      ['overdue', '2023-01-16T00:00:00+08:00', '2023-01-16T00:00:00+08:00'],
    ]);
    const timeline = (await tracker.timeline(uid))!;
    expect(timeline.entries.find((e) => e.kind === 'clock' && e.action === 'extended')).toMatchObject({
      clock: 'C5',
      deadline: '2023-01-16T00:00:00+08:00',
      reason: expect.stringContaining(ext!.message.messageId),
    });
    expect(anomalies).toEqual([]);
  });

  it('keeps a newDeadline past the statute as the deadline and flags it (anomaly, not a violation)', async () => {
    const { tracker, clock, c, uid, anomalies } = await reviewCase();
    const [ext] = await observeAll(tracker, clock, [c.msg('REVIEW_EXTENSION', bj('2022-12-30'), { newDeadline: '2023-02-10' })]);
    expect(ext!.violation).toBeUndefined();
    expect(ext!.changes).not.toEqual([]);
    const flagged = {
      kind: 'EXTENSION_BEYOND_STATUTE',
      caseUid: uid,
      clock: 'C5',
      run: 1,
      messageId: ext!.message.messageId,
      statedDue: '2023-02-10',
      statutoryDue: '2023-01-20',
      previousDue: '2023-01-05',
      reason: expect.stringContaining('2023-01-20'),
    };
    expect(ext!.anomalies).toEqual([expect.objectContaining(flagged)]);
    expect(anomalies).toEqual(ext!.anomalies);
    expect((await running(tracker, uid)).C5).toMatchObject({ due: '2023-02-10', statutoryDue: '2023-01-20' });
    const record = (await tracker.caseRecord(uid))!;
    expect(record.anomalies).toEqual(ext!.anomalies);
    expect(record.counts.violations).toBe(0);
    const timeline = (await tracker.timeline(uid))!;
    expect(timeline.entries.filter((e) => e.kind === 'anomaly')).toEqual([expect.objectContaining({ anomaly: expect.objectContaining(flagged) })]);
    expect(await tracker.metrics()).toContain(
      'caselink_tracking_events_total{kind="anomaly",district="440105",detail="EXTENSION_BEYOND_STATUTE",clock="C5"} 1\n',
    );
    // The stated deadline is the one that alerts: no red or overdue around the statutory last day.
    const alerts = (await scanHourly(tracker, clock, '2023-01-19T00:00', '2023-02-11T00:00')).filter((a) => a.clock === 'C5');
    expect(alerts.map((a) => [a.level, a.at])).toEqual([
      ['yellow', '2023-01-21T22:00:00+08:00'],
      ['red', '2023-02-10T00:00:00+08:00'],
      ['overdue', '2023-02-11T00:00:00+08:00'],
    ]);
  });

  it('keeps a newDeadline before the current deadline and flags it', async () => {
    const { tracker, clock, c, uid } = await reviewCase();
    const [ext] = await observeAll(tracker, clock, [c.msg('REVIEW_EXTENSION', bj('2022-12-30'), { newDeadline: '2023-01-02' })]);
    expect(ext!.violation).toBeUndefined();
    expect(ext!.anomalies).toEqual([
      expect.objectContaining({ kind: 'EXTENSION_BEFORE_DEADLINE', statedDue: '2023-01-02', previousDue: '2023-01-05', statutoryDue: '2023-01-20' }),
    ]);
    expect((await running(tracker, uid)).C5).toMatchObject({ due: '2023-01-02', expiresAt: '2023-01-03T00:00:00+08:00' });
    clock.set(bjMs('2023-01-03T00:00'));
    expect((await tracker.scanDeadlines()).filter((a) => a.clock === 'C5').map((a) => a.level)).toEqual(['overdue']);
  });

  it('falls back to the statutory extension when the message states no new deadline', async () => {
    // The schema requires newDeadline: only an unvalidated feed can lack it.
    const { tracker, clock, c, uid } = await reviewCase({ validate: false });
    const extension = c.msg('REVIEW_EXTENSION', bj('2022-12-30'), { newDeadline: '2023-01-15' });
    const [ext] = await observeAll(tracker, clock, [{ ...extension, payload: {} } as UnifiedMessage]);
    expect(ext!.anomalies).toEqual([]);
    const c5 = (await running(tracker, uid)).C5!;
    expect(c5).toMatchObject({ variant: 'normalExtension', due: '2023-01-20', extended: true });
    expect(c5.statedBy).toBeUndefined();
    expect(c5.statutoryDue).toBeUndefined();
  });

  it('a second extension of the same period is a violation, the first deadline stands', async () => {
    const { tracker, clock, c, uid } = await reviewCase();
    await observeAll(tracker, clock, [c.msg('REVIEW_EXTENSION', bj('2022-12-30'), { newDeadline: '2023-01-15' })]);
    const [again] = await observeAll(tracker, clock, [c.msg('REVIEW_EXTENSION', bj('2023-01-10'), { newDeadline: '2023-01-30' })]);
    expect(again!.violation).toMatchObject({ process: 'PROSECUTION_REVIEW' });
    expect(again!.anomalies).toEqual([]);
    expect((await running(tracker, uid)).C5).toMatchObject({ due: '2023-01-15' });
  });
});

describe('warnings', () => {
  /** C2 in custody: ACK 12-05 10:00 → expires 12-13 00:00; yellow 12-10 21:36, red 12-12 00:00. */
  async function arrestCase(tracker: Tracker, clock: TestClock, uid = 'GZ-440105-2022-000001') {
    const c = new CaseMessages({ caseUid: uid, custody: 'DETAINED' });
    await observeAll(tracker, clock, [c.msg('ARREST_REQUEST', bj('2022-12-05T09:00'), {}), c.msg('ACCEPTANCE_ACK', bj('2022-12-05T10:00'), {})]);
    return c;
  }

  it('thresholds follow the warning policy and agree with the standard classifier', () => {
    const deadline = { countingFrom: '2022-12-06T00:00:00+08:00', nominalExpiresAt: '2022-12-13T00:00:00+08:00', expiresAt: '2022-12-13T00:00:00+08:00' };
    const t = thresholdsOf(deadline, DEFAULT_WARNING_POLICY);
    expect(t).toEqual({ yellowAtMs: bjMs('2022-12-10T21:36'), redAtMs: bjMs('2022-12-12T00:00') });
    for (let ms = bjMs('2022-12-06T00:00'); ms < bjMs('2022-12-14T00:00'); ms += 600_000) {
      const expected = classifyWarning(deadline, ms);
      const ours = ms >= bjMs('2022-12-13T00:00') ? 'OVERDUE' : ms >= t.redAtMs! ? 'RED' : ms >= t.yellowAtMs! ? 'YELLOW' : 'GREEN';
      expect(ours, new Date(ms).toISOString()).toBe(expected);
    }
    // 24-hour clock: no red from its first minute, yellow at 30 % left.
    const day = { countingFrom: '2022-12-06T10:00:00+08:00', nominalExpiresAt: '2022-12-07T10:00:00+08:00', expiresAt: '2022-12-07T10:00:00+08:00' };
    expect(thresholdsOf(day, DEFAULT_WARNING_POLICY)).toEqual({ yellowAtMs: bjMs('2022-12-07T02:48') });
  });

  it('each threshold alerts exactly once; overdue opens a supervision order', async () => {
    const { tracker, clock } = setup();
    await arrestCase(tracker, clock);
    const emitted: Alert[] = [];
    tracker.on('alert', (a) => emitted.push(a));
    const alerts = await scanHourly(tracker, clock, '2022-12-05T11:00', '2022-12-15T00:00');
    expect(alerts.map((a) => [a.level, a.at])).toEqual([
      ['yellow', '2022-12-10T22:00:00+08:00'],
      ['red', '2022-12-12T00:00:00+08:00'],
      ['overdue', '2022-12-13T00:00:00+08:00'],
    ]);
    expect(emitted).toEqual(alerts);
    expect(alerts[2]).toMatchObject({
      caseUid: 'GZ-440105-2022-000001',
      clock: 'C2',
      district: '440105',
      agency: 'PROCURATORATE',
      deadline: '2022-12-13T00:00:00+08:00',
      supervisionOrderId: 'SO-440105-GZ-440105-2022-000001-C2-1',
    });
    const timeline = (await tracker.timeline('GZ-440105-2022-000001'))!;
    expect(timeline.entries.filter((e) => e.kind === 'warning').map((e) => (e as { level: string }).level)).toEqual(['yellow', 'red', 'overdue']);
    expect(await tracker.metrics()).toContain('caselink_tracking_events_total{kind="alert",district="440105",detail="overdue",clock="C2"} 1');
  });

  it('a late scan alerts only the most severe threshold reached', async () => {
    const { tracker, clock } = setup();
    await arrestCase(tracker, clock);
    clock.set(bjMs('2022-12-12T06:00'));
    expect((await tracker.scanDeadlines()).map((a) => a.level)).toEqual(['red']);
    expect(await tracker.scanDeadlines()).toEqual([]);
    clock.set(bjMs('2022-12-20T06:00'));
    expect((await tracker.scanDeadlines()).map((a) => a.level)).toEqual(['overdue']);
  });

  it('does not alert again after a restart (a new Tracker on the same Redis)', async () => {
    const { tracker, clock, prefix } = setup();
    await arrestCase(tracker, clock);
    clock.set(bjMs('2022-12-11T00:00'));
    expect((await tracker.scanDeadlines()).map((a) => a.level)).toEqual(['yellow']);
    const restarted = newTracker(env.connect(), prefix, clock);
    expect(await restarted.scanDeadlines()).toEqual([]);
    clock.set(bjMs('2022-12-12T01:00'));
    expect((await restarted.scanDeadlines()).map((a) => a.level)).toEqual(['red']);
    clock.set(bjMs('2022-12-13T01:00'));
    expect((await restarted.scanDeadlines()).map((a) => a.level)).toEqual(['overdue']);
    expect(await restarted.scanDeadlines()).toEqual([]);
    expect(await tracker.scanDeadlines()).toEqual([]);
  });

  it('two trackers scanning concurrently alert each threshold of each case exactly once', async () => {
    const { clock, prefix } = setup();
    const one = newTracker(env.redis, prefix, clock, { scanBatch: 7 });
    const two = newTracker(env.connect(), prefix, clock, { scanBatch: 5 });
    const cases = 120;
    for (let i = 1; i <= cases; i += 1) await arrestCase(i % 2 ? one : two, clock, `GZ-440105-2022-${String(i).padStart(6, '0')}`);
    const all: Alert[] = [];
    for (const at of ['2022-12-10T22:00', '2022-12-11T05:00', '2022-12-12T00:30', '2022-12-12T09:00', '2022-12-13T00:30', '2022-12-14T00:00']) {
      clock.set(bjMs(at));
      const results = await Promise.all([one.scanDeadlines(), two.scanDeadlines(), one.scanDeadlines(), two.scanDeadlines()]);
      all.push(...results.flat());
    }
    const keys = all.map((a) => `${a.caseUid}|${a.clock}|${a.level}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(cases * 3);
    const orders = await Promise.all([one.supervision.open('440105')]);
    expect(orders[0]).toHaveLength(cases);
  });

  it('claims batch after batch (two in flight) until nothing is due, each alert once', async () => {
    const { clock, prefix } = setup();
    const tracker = newTracker(env.redis, prefix, clock, { scanBatch: 4 });
    // 12 due entries: three full batches, then an empty one.
    for (let i = 1; i <= 12; i += 1) await arrestCase(tracker, clock, `GZ-440105-2022-${String(i).padStart(6, '0')}`);
    clock.set(bjMs('2022-12-12T06:00'));
    const alerts = await tracker.scanDeadlines();
    expect(alerts.map((a) => `${a.caseUid}:${a.level}`).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `GZ-440105-2022-${String(i + 1).padStart(6, '0')}:red`),
    );
    expect(await tracker.scanDeadlines()).toEqual([]);
    clock.set(bjMs('2022-12-13T06:00'));
    expect((await tracker.scanDeadlines()).map((a) => a.level)).toEqual(Array.from({ length: 12 }, () => 'overdue'));
    expect(await tracker.supervision.open('440105')).toHaveLength(12);
  });

  it('a stopped clock never alerts; a restarted one alerts for its new period', async () => {
    const { tracker, clock } = setup();
    const c = await arrestCase(tracker, clock);
    await observeAll(tracker, clock, [c.msg('ARREST_APPROVAL', bj('2022-12-09T09:00'), { decision: 'APPROVED' })]);
    expect(await scanHourly(tracker, clock, '2022-12-10T00:00', '2022-12-14T00:00')).toEqual([]);
  });
});

describe('external events and recovery', () => {
  it('a detention reported outside the exchange starts C1 (3 days), which warns until the arrest request', async () => {
    const { tracker, clock } = setup('2022-12-05');
    const c = custodyCase('DETAINED');
    await observeAll(tracker, clock, [c.msg('LEGAL_AID_NOTICE', bj('2022-12-05T08:00'), { stage: 'INVESTIGATION' }, { from: 'PSB' })]);
    const started = await tracker.externalEvent(c.context.caseUid!, 'DETENTION', '2022-12-05');
    expect(started).toEqual([expect.objectContaining({ type: 'started', clock: expect.objectContaining({ key: 'C1', due: '2022-12-08', agency: 'PSB' }) })]);
    const alerts = await scanHourly(tracker, clock, '2022-12-06T00:00', '2022-12-08T12:00');
    expect(alerts.filter((a) => a.clock === 'C1').map((a) => a.level)).toEqual(['yellow', 'red']);
    await observeAll(tracker, clock, [c.msg('ARREST_REQUEST', bj('2022-12-08T15:00'), {})]);
    expect(await closedSteps(tracker)).toMatchObject({ C1: { onTime: 1, overdue: 0 } });
    await expect(tracker.externalEvent('A-UNKNOWN', 'DETENTION', '2022-12-05')).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'case' });
  });

  it('recover() finishes the follow-up work a crash left between the case commit and the deadline index', async () => {
    const { tracker, clock, prefix } = setup();
    const c = custodyCase();
    await observeAll(tracker, clock, [c.msg('ARREST_REQUEST', bj('2022-12-05T09:00'), {})]);
    // The process dies right after committing the acceptance: its follow-up operations never run.
    const store = (tracker as unknown as { store: { applyOp: () => Promise<unknown> } }).store;
    store.applyOp = () => Promise.reject(new Error('process killed'));
    await expect(observeAll(tracker, clock, [c.msg('ACCEPTANCE_ACK', bj('2022-12-05T10:00'), {})])).rejects.toThrow('process killed');
    expect((await running(tracker, c.context.caseUid!)).C2).toBeDefined();
    expect(await env.redis.llen(`${prefix}:{case:${c.context.caseUid}}:outbox`)).toBeGreaterThan(0);

    const restarted = newTracker(env.connect(), prefix, clock);
    clock.set(bjMs('2022-12-11T00:00'));
    expect(await restarted.scanDeadlines()).toEqual([]);
    expect(await restarted.recover()).toBeGreaterThan(0);
    expect(await env.redis.llen(`${prefix}:{case:${c.context.caseUid}}:outbox`)).toBe(0);
    expect((await restarted.scanDeadlines()).map((a) => `${a.clock}:${a.level}`)).toEqual(['C2:yellow']);
    expect(await restarted.recover()).toBe(0);
  });
});

describe('supervision orders', () => {
  it('OPENED → EXPLAINED → CLOSED with who, when and what, in the timeline', async () => {
    const { tracker, clock } = setup();
    const c = new CaseMessages({ caseUid: 'GZ-440105-2022-000001', custody: 'DETAINED' });
    await observeAll(tracker, clock, [c.msg('ARREST_REQUEST', bj('2022-12-05T09:00'), {}), c.msg('ACCEPTANCE_ACK', bj('2022-12-05T10:00'), {})]);
    clock.set(bjMs('2022-12-13T08:00'));
    const [overdue] = await tracker.scanDeadlines();
    const id = overdue!.supervisionOrderId!;
    expect(await tracker.supervision.get(id)).toMatchObject({
      status: 'OPENED',
      caseUid: 'GZ-440105-2022-000001',
      clock: 'C2',
      agency: 'PROCURATORATE',
      openedAt: '2022-12-13T08:00:00+08:00',
    });
    expect((await tracker.supervision.open('440105')).map((o) => o.id)).toEqual([id]);

    await expect(tracker.supervision.close(id, '政法委 李')).rejects.toMatchObject({ code: 'ORDER_STATE' });
    clock.set(bjMs('2022-12-13T15:00'));
    const explained = await tracker.supervision.explain(id, '海珠区检察院 张检察官', '案件承办人出差，已于当日补办');
    expect(explained).toMatchObject({
      status: 'EXPLAINED',
      explanation: { by: '海珠区检察院 张检察官', at: '2022-12-13T15:00:00+08:00', text: '案件承办人出差，已于当日补办' },
    });
    await expect(tracker.supervision.explain(id, 'x', 'again')).rejects.toBeInstanceOf(SupervisionError);
    clock.set(bjMs('2022-12-14T10:00'));
    const closed = await tracker.supervision.close(id, '政法委 李', '同意');
    expect(closed).toMatchObject({ status: 'CLOSED', closure: { by: '政法委 李', at: '2022-12-14T10:00:00+08:00', text: '同意' } });
    expect(await tracker.supervision.open('440105')).toEqual([]);
    expect(await tracker.supervision.ofCase('GZ-440105-2022-000001')).toEqual([closed]);

    // The late decision still closes the step as overdue; the order keeps its own life.
    await observeAll(tracker, clock, [c.msg('ARREST_APPROVAL', bj('2022-12-14T11:00'), { decision: 'APPROVED' })]);
    const timeline = (await tracker.timeline('GZ-440105-2022-000001'))!;
    expect(timeline.entries.filter((e) => e.kind === 'supervision').map((e) => [(e as { action: string }).action, (e as { by?: string }).by])).toEqual([
      ['OPENED', undefined],
      ['EXPLAINED', '海珠区检察院 张检察官'],
      ['CLOSED', '政法委 李'],
    ]);
    expect((await tracker.supervision.get(id))?.status).toBe('CLOSED');

    await expect(tracker.supervision.get('SO-440105-GZ-440105-2022-000009-C2-1')).resolves.toBeUndefined();
    await expect(tracker.supervision.explain('SO-440105-GZ-440105-2022-000009-C2-1', 'x', 'y')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    await expect(tracker.supervision.explain('nonsense', 'x', 'y')).rejects.toBeInstanceOf(TrackingInputError);
    await expect(tracker.supervision.explain(id, 'x', '   ')).rejects.toBeInstanceOf(TrackingInputError);
  });
});
