import { describe, expect, it } from 'vitest';
import { InvalidMessageError, normalizeCaseNumber, type Tracker } from '../../tracking';
import { bj, CaseMessages, unifiedMessage } from '../support/messages';
import { newTracker, TestClock, trackingEnvForFile, type TrackingEnv } from './helpers';

let env: TrackingEnv;
trackingEnvForFile((e) => (env = e));

const PSB_NO = 'A4401050100002022120001';
const BMSAH = '穗海检刑诉受〔2022〕1234号';
const COURT_NO = '(2022)粤0105刑初123号';
const COURT_NO_FULL = '（2022）粤0105刑初123号';

function setup(): { tracker: Tracker; clock: TestClock; prefix: string } {
  const clock = new TestClock(Date.parse(bj('2022-12-05')));
  const prefix = env.prefix();
  return { tracker: newTracker(env.redis, prefix, clock), clock, prefix };
}

describe('case identity', () => {
  it('allocates GZ-{division}-{yyyy}-{seq6} per division and Beijing year', async () => {
    const { tracker } = setup();
    const a = await tracker.observe(unifiedMessage('ARREST_REQUEST', bj('2022-12-05'), {}, { localCaseNumbers: [{ system: 'PSB', number: 'A1' }] }));
    const b = await tracker.observe(unifiedMessage('ARREST_REQUEST', bj('2022-12-06'), {}, { localCaseNumbers: [{ system: 'PSB', number: 'A2' }] }));
    const c = await tracker.observe(
      unifiedMessage('ARREST_REQUEST', bj('2022-12-06'), {}, { division: '440111', localCaseNumbers: [{ system: 'PSB', number: 'A3' }] }),
    );
    // 2022-12-31T17:30Z is 2023-01-01 01:30 in Beijing: a 2023 case.
    const d = await tracker.observe(unifiedMessage('ARREST_REQUEST', '2022-12-31T17:30:00Z', {}, { localCaseNumbers: [{ system: 'PSB', number: 'A4' }] }));
    expect([a.caseUid, b.caseUid, c.caseUid, d.caseUid]).toEqual([
      'GZ-440105-2022-000001',
      'GZ-440105-2022-000002',
      'GZ-440111-2022-000001',
      'GZ-440105-2023-000001',
    ]);
    expect(a.created).toBe(true);
    expect(a.message.caseUid).toBe(a.caseUid);
  });

  it("uses the sender's division when the case has no crime division (legacy 萝岗 440116 → 黄埔 440112)", async () => {
    const { tracker } = setup();
    const base = unifiedMessage('ARREST_REQUEST', bj('2022-12-05'), {}, { division: '440116' });
    const { crimeDivision: _dropped, ...caseInfo } = base.case;
    const observed = await tracker.observe({ ...base, case: caseInfo });
    expect(observed.caseUid).toBe('GZ-440112-2022-000001');
  });

  it('links every agency number so a later message carrying any one of them resolves to the case', async () => {
    const { tracker } = setup();
    const c = new CaseMessages({ localCaseNumbers: [{ system: 'PSB', number: PSB_NO }] });
    const first = await tracker.observe(c.msg('PROSECUTION_OPINION', bj('2022-12-05'), {}));
    // The procuratorate answers with its own 部门受案号 and no caseUid.
    const ack = await tracker.observe(c.msg('ACCEPTANCE_ACK', bj('2022-12-06'), {}, { numbers: [{ system: 'PROCURATORATE', number: BMSAH }] }));
    expect(ack.caseUid).toBe(first.caseUid);
    // A message carrying only the 部门受案号.
    const onlyBmsah = new CaseMessages({ localCaseNumbers: [{ system: 'PROCURATORATE', number: BMSAH }] });
    const indictment = await tracker.observe(onlyBmsah.msg('INDICTMENT', bj('2022-12-20'), { procedure: 'FAST' }));
    expect(indictment.caseUid).toBe(first.caseUid);
    // The court's 案号 arrives in CASE_ACCEPTED's payload, in full-width brackets.
    const accepted = await tracker.observe(onlyBmsah.msg('CASE_ACCEPTED', bj('2022-12-21'), { courtCaseNo: COURT_NO_FULL, procedure: 'FAST' }));
    expect(accepted.caseUid).toBe(first.caseUid);
    const onlyCourt = new CaseMessages({ localCaseNumbers: [{ system: 'COURT', number: COURT_NO }] });
    const judgment = await tracker.observe(onlyCourt.msg('JUDGMENT', bj('2022-12-25'), { verdict: 'CONVICTED', recommendationAdopted: true }));
    expect(judgment.caseUid).toBe(first.caseUid);
    expect(judgment.violation).toBeUndefined();

    for (const number of [first.caseUid, PSB_NO, BMSAH, COURT_NO, COURT_NO_FULL, ` ${COURT_NO_FULL} `]) {
      expect(await tracker.findCase(number)).toBe(first.caseUid);
    }
    const record = await tracker.caseRecord(PSB_NO);
    expect(record?.numbers).toEqual([
      { system: 'PSB', number: PSB_NO },
      { system: 'PROCURATORATE', number: BMSAH },
      { system: 'COURT', number: COURT_NO },
    ]);
  });

  it('flags a number claimed by two different cases on both cases instead of merging them', async () => {
    const { tracker } = setup();
    const seen: string[] = [];
    tracker.on('anomaly', (a) => seen.push(a.kind === 'NUMBER_CONFLICT' ? a.number : a.kind));
    const a = await tracker.observe(unifiedMessage('ARREST_REQUEST', bj('2022-12-05'), {}, { localCaseNumbers: [{ system: 'PSB', number: 'A-ONE' }] }));
    const b = await tracker.observe(unifiedMessage('ARREST_REQUEST', bj('2022-12-05'), {}, { localCaseNumbers: [{ system: 'PSB', number: 'A-TWO' }] }));
    // Case B's next message (it carries B's uid) also claims case A's PSB number.
    const clash = await tracker.observe(
      unifiedMessage(
        'ACCEPTANCE_ACK',
        bj('2022-12-06'),
        {},
        {
          caseUid: b.caseUid,
          localCaseNumbers: [
            { system: 'PSB', number: 'A-TWO' },
            { system: 'PSB', number: 'A-ONE' },
          ],
        },
      ),
    );
    expect(clash.caseUid).toBe(b.caseUid);
    expect(clash.anomalies).toEqual([expect.objectContaining({ kind: 'NUMBER_CONFLICT', number: 'A-ONE', linkedTo: a.caseUid, claimedBy: b.caseUid })]);
    expect(seen).toEqual(['A-ONE']);
    // Not merged: the number still belongs to A.
    expect(await tracker.findCase('A-ONE')).toBe(a.caseUid);
    expect((await tracker.caseRecord(b.caseUid))?.numbers.map((n) => n.number)).toEqual(['A-TWO']);
    for (const uid of [a.caseUid, b.caseUid]) {
      const timeline = await tracker.timeline(uid);
      expect(timeline?.entries.filter((e) => e.kind === 'anomaly')).toEqual([
        expect.objectContaining({ anomaly: expect.objectContaining({ number: 'A-ONE' }) }),
      ]);
      expect((await tracker.caseRecord(uid))?.anomalies).toHaveLength(1);
    }
    expect(await tracker.metrics()).toContain('caselink_tracking_events_total{kind="anomaly",district="440105",detail="NUMBER_CONFLICT"} 1');
    // The same message again changes nothing.
    const again = await tracker.observe(clash.message);
    expect(again.duplicate).toBe(true);
    expect((await tracker.caseRecord(a.caseUid))?.anomalies).toHaveLength(1);
  });

  it('adopts a caseUid it does not know and never allocates that uid itself', async () => {
    const { tracker } = setup();
    const adopted = await tracker.observe(unifiedMessage('ARREST_REQUEST', bj('2022-12-05'), {}, { caseUid: 'GZ-440105-2022-000500' }));
    expect(adopted).toMatchObject({ caseUid: 'GZ-440105-2022-000500', created: true });
    const timeline = await tracker.timeline('GZ-440105-2022-000500');
    expect(timeline?.entries[0]).toMatchObject({ kind: 'case', how: 'adopted' });
    const next = await tracker.observe(unifiedMessage('ARREST_REQUEST', bj('2022-12-06'), {}));
    expect(next.caseUid).toBe('GZ-440105-2022-000501');
  });

  it('resolve() stamps outgoing messages with the uid of the case their numbers belong to', async () => {
    const { tracker } = setup();
    const first = await tracker.observe(unifiedMessage('ARREST_REQUEST', bj('2022-12-05'), {}, { localCaseNumbers: [{ system: 'PSB', number: PSB_NO }] }));
    const outgoing = unifiedMessage('ACCEPTANCE_ACK', bj('2022-12-05T10:00'), {}, { localCaseNumbers: [{ system: 'PSB', number: PSB_NO }] });
    expect(outgoing.caseUid).toBeUndefined();
    const resolved = await tracker.resolve(outgoing);
    expect(resolved.caseUid).toBe(first.caseUid);
    expect(resolved.messageId).toBe(outgoing.messageId);
  });

  it('gives two concurrent first messages of one case (same number) one caseUid', async () => {
    const { prefix, clock } = setup();
    const one = newTracker(env.redis, prefix, clock);
    const two = newTracker(env.connect(), prefix, clock);
    const numbers = [{ system: 'PSB' as const, number: 'A-RACE' }];
    const [x, y] = await Promise.all([
      one.observe(unifiedMessage('ARREST_REQUEST', bj('2022-12-05'), {}, { localCaseNumbers: numbers })),
      two.observe(unifiedMessage('ARREST_REQUEST', bj('2022-12-05'), {}, { localCaseNumbers: numbers, custody: 'DETAINED' })),
    ]);
    expect(x.caseUid).toBe(y.caseUid);
    expect(x.anomalies).toEqual([]);
    expect(y.anomalies).toEqual([]);
    const timeline = await one.timeline('A-RACE');
    expect(timeline?.entries.filter((e) => e.kind === 'message')).toHaveLength(2);
  });

  it('refuses an invalid message naming the field, and records nothing', async () => {
    const { tracker, prefix } = setup();
    const bad = { ...unifiedMessage('ARREST_REQUEST', bj('2022-12-05'), {}), sentAt: '2022-12-05 09:00' };
    const error = await tracker.observe(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidMessageError);
    expect((error as InvalidMessageError).issues[0]?.path).toBe('sentAt');
    expect((error as Error).message).toMatch(/sentAt: .*ISO 8601.*（?|\(.+\)/);
    expect(await env.redis.keys(`${prefix}:*`)).toEqual([]);
  });

  it('normalises case numbers: full-width brackets and digits, whitespace', () => {
    expect(normalizeCaseNumber('（２０２２）粤0105刑初123号')).toBe(COURT_NO);
    expect(normalizeCaseNumber(' A 4401 ')).toBe('A4401');
    expect(normalizeCaseNumber('穗海检刑诉受〔2022〕1234号')).toBe('穗海检刑诉受〔2022〕1234号');
  });
});
