/**
 * A reply belongs to the case and process of the message it answers (inReplyTo), whatever numbers
 * it carries; and a holiday-calendar update recounts running deadlines and reports what moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CN_CALENDAR, CN_CALENDAR_EDITIONS, calendarFromEditions, computeDeadline, type HolidayCalendar } from '../../standard';
import { bj, bjMs, CaseMessages } from '../support/messages';
import { caseView } from '../../console/case-view';
import { deadlinesView } from '../../console/deadlines';
import { newTracker, observeAll, TestClock, trackingEnv, type TrackingEnv } from './helpers';

let env: TrackingEnv;
beforeAll(async () => {
  env = await trackingEnv();
});
afterAll(async () => {
  await env.stop();
});

describe('replies (inReplyTo)', () => {
  it('an acceptance receipt without caseUid, filed under prosecution review, joins the arrest request it answers', async () => {
    const clock = new TestClock(bjMs('2024-03-01'));
    const tracker = newTracker(env.redis, env.prefix(), clock);
    const psb = new CaseMessages({ localCaseNumbers: [{ system: 'PSB', number: 'A440105010000202403000001' }] });
    const [request] = await observeAll(tracker, clock, [psb.msg('ARREST_REQUEST', bj('2024-03-04'), { detentionDate: '2024-03-02' })]);
    const procuratorate = new CaseMessages({ localCaseNumbers: [{ system: 'PROCURATORATE', number: '穗海检刑诉受〔2024〕440105000007号' }] });
    const ack = {
      ...procuratorate.msg('ACCEPTANCE_ACK', bj('2024-03-05'), { receivedAt: '2024-03-04' }, { process: 'PROSECUTION_REVIEW' }),
      inReplyTo: request!.message.messageId,
    };
    const [answered] = await observeAll(tracker, clock, [ack]);
    expect(answered!.caseUid).toBe(request!.caseUid);
    expect(answered!.message.process).toBe('ARREST_REVIEW');
    expect(answered!.violation).toBeUndefined();
    const record = (await tracker.caseRecord(request!.caseUid))!;
    expect(record.clocks.C2).toMatchObject({ startedAt: '2024-03-04', due: '2024-03-11', source: 'payload.receivedAt' });
    // Its number is linked to the same case.
    expect(await tracker.findCase('穗海检刑诉受〔2024〕440105000007号')).toBe(request!.caseUid);
  });

  it("an answer from anyone but the receiver of the message it names answers nothing (identities never shadow another sender's)", async () => {
    const clock = new TestClock(bjMs('2024-03-01'));
    const tracker = newTracker(env.redis, env.prefix(), clock);
    const psb = new CaseMessages({ localCaseNumbers: [{ system: 'PSB', number: 'A440105010000202403000002' }] });
    const [request] = await observeAll(tracker, clock, [psb.msg('ARREST_REQUEST', bj('2024-03-04'), { detentionDate: '2024-03-02' })]);
    const other = new CaseMessages({ division: '440111' });
    const spoof = { ...other.msg('ACCEPTANCE_ACK', bj('2024-03-05'), {}, { process: 'ARREST_REVIEW' }), inReplyTo: request!.message.messageId };
    const [observed] = await observeAll(tracker, clock, [spoof]);
    expect(observed!.caseUid).not.toBe(request!.caseUid);
  });
});

describe('holiday calendar as dated data, and its update path', () => {
  it('ships the official notices 2022–2026 and 2027 as provisional statutory days (outside covers until its notice)', () => {
    expect(CN_CALENDAR_EDITIONS.map((e) => `${e.year}:${e.status}`)).toEqual([
      '2022:OFFICIAL',
      '2023:OFFICIAL',
      '2024:OFFICIAL',
      '2025:OFFICIAL',
      '2026:OFFICIAL',
      '2027:PROVISIONAL',
    ]);
    expect(CN_CALENDAR.covers).toEqual({ from: '2022-01-01', to: '2026-12-31' });
    expect(CN_CALENDAR.nonWorkingDays).toContain('2027-02-06');
    const into2027 = computeDeadline({ start: '2026-12-28', limit: { days: 10 }, inCustody: false, calendar: CN_CALENDAR });
    expect(into2027.calendarCovered).toBe(false);
    const officialWith2027 = calendarFromEditions([...CN_CALENDAR_EDITIONS.slice(0, 5), { ...CN_CALENDAR_EDITIONS[5]!, status: 'OFFICIAL' }], 'test');
    expect(officialWith2027.covers.to).toBe('2027-12-31');
  });

  it('recounts running deadlines with a new calendar and reports what moved (stated deadlines and custody deadlines stay)', async () => {
    const clock = new TestClock(bjMs('2024-03-01'));
    const tracker = newTracker(env.redis, env.prefix(), clock);
    const free = new CaseMessages({ caseUid: 'GZ-440105-2024-000501', custody: 'BAIL' });
    const held = new CaseMessages({ caseUid: 'GZ-440105-2024-000502', custody: 'DETAINED' });
    await observeAll(tracker, clock, [
      free.msg('PROSECUTION_OPINION', bj('2024-03-01'), {}),
      free.msg('ACCEPTANCE_ACK', bj('2024-03-01T11:00'), { receivedAt: '2024-03-01' }, { process: 'PROSECUTION_REVIEW' }),
      held.msg('PROSECUTION_OPINION', bj('2024-03-01'), {}),
      held.msg('ACCEPTANCE_ACK', bj('2024-03-01T11:00'), { receivedAt: '2024-03-01' }, { process: 'PROSECUTION_REVIEW' }),
    ]);
    expect((await tracker.caseRecord('GZ-440105-2024-000501'))!.clocks.C5!.due).toBe('2024-04-01');
    // A (hypothetical) amended notice makes 2024-04-01 a holiday.
    const amended: HolidayCalendar = { ...CN_CALENDAR, id: 'cn-amended', nonWorkingDays: [...CN_CALENDAR.nonWorkingDays, '2024-04-01'] };
    const update = await tracker.updateCalendar(amended);
    expect(update.calendar).toBe('cn-amended');
    expect(update.moved).toEqual([expect.objectContaining({ caseUid: 'GZ-440105-2024-000501', clock: 'C5', fromDue: '2024-04-01', toDue: '2024-04-02' })]);
    expect((await tracker.caseRecord('GZ-440105-2024-000501'))!.clocks.C5!.due).toBe('2024-04-02');
    expect((await tracker.caseRecord('GZ-440105-2024-000502'))!.clocks.C5!.due).toBe('2024-04-01');
    const ledger = (await tracker.ledger('GZ-440105-2024-000501'))!.C5!;
    expect(ledger[ledger.length - 1]).toMatchObject({ kind: 'clock', action: 'recomputed', due: '2024-04-02', reason: expect.stringContaining('cn-amended') });
    await expect(tracker.updateCalendar({ ...amended, makeUpWorkingDays: ['2024-04-01'] })).rejects.toThrow(/calendar/);
  });

  it('flags a deadline counted into the provisional year (record, case view, deadline list); adding the notice confirms it or moves it', async () => {
    const clock = new TestClock(bjMs('2026-12-01'));
    const tracker = newTracker(env.redis, env.prefix(), clock, { calendar: CN_CALENDAR });
    const review = (uid: string, custody: 'BAIL' | 'DETAINED', receivedAt: string) => {
      const c = new CaseMessages({ caseUid: uid, custody });
      return [
        c.msg('PROSECUTION_OPINION', bj(receivedAt), {}),
        c.msg('ACCEPTANCE_ACK', bj(`${receivedAt}T11:00`), { receivedAt }, { process: 'PROSECUTION_REVIEW' }),
      ];
    };
    await observeAll(tracker, clock, [
      // 12-01 + 1 month = 2027-01-01 (元旦, statutory) → 01-04 on the provisional data.
      ...review('GZ-440105-2026-000601', 'BAIL', '2026-12-01'),
      // 12-08 + 1 month = 2027-01-08, a Friday: no shift, but the year is provisional.
      ...review('GZ-440105-2026-000602', 'BAIL', '2026-12-08'),
      // In custody the last day never moves (CPL 105): the calendar is not consulted.
      ...review('GZ-440105-2026-000603', 'DETAINED', '2026-12-01'),
    ]);
    const c5 = async (uid: string) => (await tracker.caseRecord(uid))!.clocks.C5!;
    expect(await c5('GZ-440105-2026-000601')).toMatchObject({ due: '2027-01-04', provisionalCalendar: true });
    expect(await c5('GZ-440105-2026-000602')).toMatchObject({ due: '2027-01-08', provisionalCalendar: true });
    expect((await c5('GZ-440105-2026-000603')).provisionalCalendar).toBeUndefined();
    const now = clock.ms;
    const list = await deadlinesView(tracker, { includeGreen: true }, now);
    const item = (uid: string) => list.items.find((i) => i.caseUid === uid && i.clock === 'C5');
    expect(item('GZ-440105-2026-000601')).toMatchObject({ provisionalCalendar: true, due: '2027-01-04' });
    expect(item('GZ-440105-2026-000603')).toMatchObject({ provisionalCalendar: false });
    const view = await caseView(tracker, undefined, [], 'GZ-440105-2026-000602', now);
    expect(view.clocks.find((c) => c.key === 'C5')).toMatchObject({ provisionalCalendar: true });

    // The update path: the year's notice becomes an OFFICIAL edition. TEST DATA ONLY — a hypothetical
    // notice that also closes 2027-01-04; the real 2027 notice is not in this build.
    const provisional = CN_CALENDAR_EDITIONS.find((e) => e.year === 2027)!;
    const notice = {
      ...provisional,
      status: 'OFFICIAL' as const,
      source: 'hypothetical test notice',
      blocks: [...provisional.blocks, { name: '2027 test day', from: '2027-01-04', to: '2027-01-04' }],
    };
    const update = await tracker.updateCalendar(calendarFromEditions([...CN_CALENDAR_EDITIONS.filter((e) => e.year < 2027), notice], 'cn-test-2027'));
    expect(update.moved).toEqual([
      { caseUid: 'GZ-440105-2026-000601', clock: 'C5', run: 1, fromDue: '2027-01-04', toDue: '2027-01-05', expiresAt: '2027-01-06T00:00:00+08:00' },
    ]);
    expect(update.confirmed).toEqual([{ caseUid: 'GZ-440105-2026-000602', clock: 'C5', run: 1, due: '2027-01-08' }]);
    expect((await c5('GZ-440105-2026-000601')).provisionalCalendar).toBeUndefined();
    expect((await c5('GZ-440105-2026-000602')).provisionalCalendar).toBeUndefined();
    expect((await deadlinesView(tracker, { includeGreen: true }, now)).items.every((i) => i.provisionalCalendar === false)).toBe(true);
    const ledger = (await tracker.ledger('GZ-440105-2026-000602'))!.C5!;
    expect(ledger[ledger.length - 1]).toMatchObject({ action: 'recomputed', due: '2027-01-08', reason: expect.stringContaining('cn-test-2027') });
  });
});
