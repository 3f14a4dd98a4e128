import { describe, expect, it } from 'vitest';
import type { Violation } from '../../standard';
import type { TimelineEntry } from '../../tracking';
import { bj, bjMs, CaseMessages } from '../support/messages';
import { newTracker, observeAll, TestClock, trackingEnvForFile, type TrackingEnv } from './helpers';

let env: TrackingEnv;
trackingEnvForFile((e) => (env = e));

const PSB_NO = 'A4401050100002022120007';
const BMSAH = '穗海检刑诉受〔2022〕77号';
const COURT_NO = '(2022)粤0105刑初77号';

const summary = (e: TimelineEntry): string => {
  switch (e.kind) {
    case 'case':
      return `case:${e.how}`;
    case 'message':
      return `message:${e.messageType}`;
    case 'state':
      return `state:${e.process}:${e.from ?? '-'}>${e.to}`;
    case 'violation':
      return `violation:${e.messageType}:${e.violation.kind}`;
    case 'clock':
      return `clock:${e.clock}:${e.action}`;
    case 'warning':
      return `warning:${e.clock}:${e.level}`;
    case 'supervision':
      return `supervision:${e.action}`;
    case 'anomaly':
      return `anomaly:${e.anomaly.kind === 'NUMBER_CONFLICT' ? e.anomaly.number : e.anomaly.kind}`;
  }
};

describe('case timeline', () => {
  it('holds every message, state change, violation, clock, warning and operator action in order, found by any number', async () => {
    const clock = new TestClock(bjMs('2022-12-05'));
    const tracker = newTracker(env.redis, env.prefix(), clock);
    const violations: Violation[] = [];
    tracker.on('violation', (v) => violations.push(v.violation));

    const psb = new CaseMessages({ localCaseNumbers: [{ system: 'PSB', number: PSB_NO }], custody: 'DETAINED' });
    const [request] = await observeAll(tracker, clock, [psb.msg('ARREST_REQUEST', bj('2022-12-05T09:00'), { detentionDate: '2022-12-03' })]);
    const uid = request!.caseUid;
    // The decision arrives before the acceptance receipt: recorded and flagged, not dropped.
    const proc = new CaseMessages({ caseUid: uid, localCaseNumbers: [{ system: 'PROCURATORATE', number: BMSAH }], custody: 'DETAINED' });
    const [early] = await observeAll(tracker, clock, [proc.msg('ARREST_APPROVAL', bj('2022-12-05T09:30'), { decision: 'APPROVED' })]);
    expect(early!.violation).toMatchObject({
      kind: 'OUT_OF_ORDER',
      process: 'ARREST_REVIEW',
      from: 'SUBMITTED',
      expected: expect.arrayContaining(['ACCEPTANCE_ACK']),
    });
    expect(early!.violation!.reason).toMatch(/\(.*\)$/);
    expect(early!.changes).toEqual([]);
    expect(violations).toHaveLength(1);

    await observeAll(tracker, clock, [proc.msg('ACCEPTANCE_ACK', bj('2022-12-05T10:00'), {})]);
    clock.set(bjMs('2022-12-13T01:00'));
    const [overdue] = await tracker.scanDeadlines();
    clock.set(bjMs('2022-12-13T09:00'));
    await tracker.supervision.explain(overdue!.supervisionOrderId!, '检察官 张', '系统故障');
    await observeAll(tracker, clock, [
      proc.msg('ARREST_APPROVAL', bj('2022-12-13T10:00'), { decision: 'APPROVED' }, { messageId: early!.message.messageId + '-resent' }),
    ]);
    const court = new CaseMessages({ caseUid: uid, localCaseNumbers: [{ system: 'PROCURATORATE', number: BMSAH }], custody: 'DETAINED' });
    await observeAll(tracker, clock, [
      court.msg('INDICTMENT', bj('2022-12-20'), { procedure: 'FAST' }),
      court.msg('CASE_ACCEPTED', bj('2022-12-21'), { courtCaseNo: '（2022）粤0105刑初77号', procedure: 'FAST' }),
    ]);

    const timeline = (await tracker.timeline(uid))!;
    expect(timeline.entries.map(summary)).toEqual([
      'case:allocated',
      'message:ARREST_REQUEST',
      'state:ARREST_REVIEW:->SUBMITTED',
      'clock:C1:started',
      'clock:C1:stopped',
      'message:ARREST_APPROVAL',
      'violation:ARREST_APPROVAL:OUT_OF_ORDER',
      'message:ACCEPTANCE_ACK',
      'state:ARREST_REVIEW:SUBMITTED>ACCEPTED',
      'clock:C2:started',
      'warning:C2:overdue',
      'supervision:OPENED',
      'supervision:EXPLAINED',
      'message:ARREST_APPROVAL',
      'state:ARREST_REVIEW:ACCEPTED>APPROVED',
      'clock:C2:stopped',
      'message:INDICTMENT',
      'state:PUBLIC_PROSECUTION:->FILED',
      'clock:C8:started',
      'message:CASE_ACCEPTED',
      'state:PUBLIC_PROSECUTION:FILED>ACCEPTED',
      'state:FIRST_INSTANCE_TRIAL:->ACCEPTED',
      'clock:C8:stopped',
      'clock:C9:started',
    ]);
    const times = timeline.entries.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(timeline.numbers.map((n) => n.number)).toEqual([PSB_NO, BMSAH, COURT_NO]);

    for (const number of [uid, PSB_NO, BMSAH, COURT_NO, '（2022）粤0105刑初77号', '(2022）粤0105刑初77号']) {
      expect((await tracker.timeline(number))?.entries, number).toEqual(timeline.entries);
    }
    expect(await tracker.timeline('A-UNKNOWN')).toBeUndefined();
    expect(await tracker.timeline('GZ-440105-2022-999999')).toBeUndefined();

    const metrics = await tracker.metrics();
    expect(metrics).toContain('caselink_tracking_events_total{kind="violation",district="440105",detail="ARREST_APPROVAL"} 1');
    expect((await tracker.caseRecord(uid))?.counts).toEqual({ messages: 6, violations: 1 });
  });

  it('records exchange latency sent → received → acknowledged', async () => {
    const clock = new TestClock(bjMs('2022-12-05'));
    const tracker = newTracker(env.redis, env.prefix(), clock);
    const c = new CaseMessages({ custody: 'DETAINED' });
    const message = c.msg('ARREST_REQUEST', bj('2022-12-05T09:00'), {});
    await tracker.observe(message, { receivedAt: bj('2022-12-05T09:00:30') });
    expect(await tracker.acknowledged(message.messageId, bjMs('2022-12-05T09:02'))).toBe(true);
    expect(await tracker.acknowledged('NO-SUCH-MESSAGE', bjMs('2022-12-05T09:02'))).toBe(false);
    const figures = await tracker.figures();
    expect(figures.latency).toEqual([
      {
        period: 'all',
        messageType: 'ARREST_REQUEST',
        district: '440105',
        agency: 'PSB',
        sentToReceived: { count: 1, sumSeconds: 30, medianSeconds: 30, p90Seconds: 30 },
        receivedToAcknowledged: { count: 1, sumSeconds: 90, medianSeconds: 90, p90Seconds: 90 },
        unacknowledged: 0,
      },
    ]);
    await expect(tracker.observe(message, { receivedAt: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'receivedAt' });
  });
});
