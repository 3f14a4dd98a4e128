/**
 * Figures over 10,000 generated cases driven through `observe`, checked against an independent
 * computation from the generated data (deadlines counted here by hand: every suspect is in
 * custody, so no deadline moves off a holiday).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency, PayloadOf, Track, UnifiedMessage } from '../../standard';
import { periodOf, type Figures, type Period, type Tracker } from '../../tracking';
import { unifiedMessage, type CaseContext, type MessageExtra } from '../support/messages';
import { newTracker, TestClock, trackingEnv, type TrackingEnv } from './helpers';

let env: TrackingEnv;
beforeAll(async () => {
  env = await trackingEnv();
});
afterAll(async () => {
  await env.stop();
});

const CASES = Number(process.env.TRACKING_FIGURE_CASES ?? 10_000);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const DISTRICTS = ['440105', '440111', '440112', '440115'];

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number): string => {
  const d = new Date(ms + 8 * HOUR);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+08:00`;
};
const beijingDay = (ms: number): [number, number, number] => {
  const d = new Date(ms + 8 * HOUR);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
};
/** Exclusive end of a period of `days` days / `months` months started on the Beijing day of `startMs` (start day not counted). */
const expiresAfter = (startMs: number, limit: { days?: number; months?: number }): number => {
  const [y, m, d] = beijingDay(startMs);
  let day: number;
  if (limit.months) {
    const last = new Date(Date.UTC(y, m + limit.months + 1, 0)).getUTCDate();
    day = Date.UTC(y, m + limit.months, Math.min(d, last));
  } else {
    day = Date.UTC(y, m, d + limit.days!);
  }
  return day + DAY - 8 * HOUR;
};

interface Step {
  clock: string;
  district: string;
  agency: Agency;
  track: string;
  startMs: number;
  stopMs: number;
  deadlineMs: number;
}
interface Exchange {
  messageId: string;
  messageType: string;
  district: string;
  agency: string;
  sentMs: number;
  receivedMs: number;
  ackMs?: number;
}
interface Outcome {
  district: string;
  track: string;
  startMs: number;
  indictedMs?: number;
  fast?: boolean;
  judgmentMs?: number;
  adopted?: boolean;
  effectiveMs?: number;
  receiptMs?: number;
}
interface Generated {
  messages: Array<{ message: UnifiedMessage; receivedMs: number; ackMs?: number }>;
  steps: Step[];
  exchanges: Exchange[];
  outcome: Outcome;
}

const TRIAL_CLOCK: Record<Track, string> = { FAST: 'C9', SIMPLIFIED: 'C10', ORDINARY: 'C11' };

function generateCase(i: number, rnd: () => number): Generated {
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const district = DISTRICTS[i % DISTRICTS.length]!;
  const r = rnd();
  const track: Track = r < 0.6 ? 'FAST' : r < 0.8 ? 'SIMPLIFIED' : 'ORDINARY';
  const termMonths = rnd() < 0.2 ? 18 : 6;
  const context: CaseContext = { division: district, caseUid: `GZ-${district}-2022-${String(i + 1).padStart(6, '0')}`, track, custody: 'DETAINED' };
  const out: Generated = { messages: [], steps: [], exchanges: [], outcome: { district, track, startMs: 0 } };
  const lastStep = rnd() < 0.7 ? 99 : between(1, 10);
  let count = 0;
  const send = <T extends Parameters<typeof unifiedMessage>[0]>(type: T, atMs: number, payload: PayloadOf<T>, extra: MessageExtra = {}) => {
    count += 1;
    if (count > lastStep) return undefined;
    // Every 50th case goes through the schema check; the rest are built the same way, unchecked (speed).
    const message = unifiedMessage(type, iso(atMs), payload, context, { messageId: `G${i}-${count}`, validate: i % 50 === 0, ...extra });
    const receivedMs = atMs + between(0, 600) * 1000;
    const ackMs = rnd() < 0.6 ? receivedMs + between(1, 3600) * 1000 : undefined;
    out.messages.push({ message, receivedMs, ...(ackMs !== undefined && { ackMs }) });
    out.exchanges.push({ messageId: message.messageId, messageType: type, district, agency: message.sender.agency, sentMs: atMs, receivedMs, ...(ackMs !== undefined && { ackMs }) });
    return atMs;
  };
  const step = (clock: string, agency: Agency, startMs: number, stopMs: number | undefined, limit: { days?: number; months?: number }) => {
    if (stopMs !== undefined) out.steps.push({ clock, district, agency, track, startMs, stopMs, deadlineMs: expiresAfter(startMs, limit) });
  };

  const t0 = Date.UTC(2022, 6, 1, 1) + between(0, 180) * DAY + between(0, 8) * HOUR + between(0, 59) * 60_000;
  out.outcome.startMs = t0;
  const P2 = { process: 'PROSECUTION_REVIEW' as const };
  send('PROSECUTION_OPINION', t0, { fastTrackProposed: track === 'FAST' }, P2);
  const noticeAt = t0 + between(0, 5) * DAY + between(1, 8) * HOUR;
  const notice = send('LEGAL_AID_NOTICE', noticeAt, { stage: 'REVIEW', aidType: 'DUTY_LAWYER' }, { from: 'PROCURATORATE' });
  step('C7', 'PROCURATORATE', t0, notice, { days: 3 });
  const assigned = notice === undefined ? undefined : send('LAWYER_ASSIGNMENT', noticeAt + between(0, 5) * DAY + between(0, 6) * HOUR, { lawyer: { name: '律师' }, stage: 'REVIEW' }, { to: 'PROCURATORATE' });
  if (notice !== undefined) step('C14b', 'LEGAL_AID_CENTER', notice, assigned, { days: 3 });

  const indictAt = t0 + (track === 'FAST' ? between(2, 14) : between(10, 40)) * DAY + between(1, 8) * HOUR;
  const indicted = send('INDICTMENT', indictAt, { procedure: track, sentencingRecommendation: { principal: 'FIXED_TERM', kind: 'FIXED', termMonths } });
  step('C5', 'PROCURATORATE', t0, indicted, track === 'FAST' ? { days: 10 } : { months: 1 });
  if (indicted === undefined) return out;
  out.outcome.indictedMs = indicted;
  out.outcome.fast = track === 'FAST';
  const accepted = send('CASE_ACCEPTED', indicted + between(1, 9) * DAY, { procedure: track, courtCaseNo: `(2022)粤${district.slice(2)}刑初${i + 1}号` });
  step('C8', 'COURT', indicted, accepted, { days: 7 });
  if (accepted === undefined) return out;
  if (track !== 'FAST' && send('HEARING_NOTICE', accepted + DAY, { courtroom: '第一法庭' }) === undefined) return out;
  const judgmentDays = track === 'FAST' ? between(3, 16) : track === 'SIMPLIFIED' ? between(5, 26) : between(20, 75);
  const a = rnd();
  const adopted = a < 0.85 ? true : a < 0.95 ? false : undefined;
  const judged = send('JUDGMENT', accepted + judgmentDays * DAY + between(0, 8) * HOUR, {
    verdict: 'CONVICTED',
    pronouncedInCourt: true,
    sentence: { principal: 'SHORT_DETENTION', termMonths: 4 },
    ...(adopted !== undefined && { recommendationAdopted: adopted }),
  });
  const trialLimit = track === 'FAST' ? { days: termMonths > 12 ? 15 : 10 } : track === 'SIMPLIFIED' ? { days: 20 } : { months: 2 };
  step(TRIAL_CLOCK[track], 'COURT', accepted, judged, trialLimit);
  if (judged === undefined) return out;
  out.outcome.judgmentMs = judged;
  if (adopted !== undefined) out.outcome.adopted = adopted;
  const served = send('SERVICE_RECEIPT', judged + between(1, 7) * DAY, {});
  step('C12', 'COURT', judged, served, { days: 5 });
  if (served === undefined) return out;
  const effective = send('JUDGMENT_EFFECTIVE', served + 11 * DAY, {});
  step('C13', 'COURT', served, effective, { days: 10 });
  if (effective === undefined) return out;
  out.outcome.effectiveMs = effective;
  const noticed = send('EXECUTION_NOTICE', effective + between(2, 14) * DAY, { executor: 'DETENTION_CENTER' }, { to: 'DETENTION_CENTER' });
  step('C15', 'COURT', effective, noticed, { days: 10 });
  if (noticed === undefined) return out;
  const receipt = send('EXECUTION_RECEIPT', noticed + DAY, {}, { from: 'DETENTION_CENTER' });
  if (receipt !== undefined) out.outcome.receiptMs = receipt;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The independent computation.

const nearestRank = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
};
const summary = (durationsMs: number[]) => {
  const seconds = durationsMs.map((ms) => ms / 1000);
  return seconds.length === 0
    ? { count: 0, sumSeconds: 0 }
    : { count: seconds.length, sumSeconds: seconds.reduce((a, b) => a + b, 0), medianSeconds: nearestRank(seconds, 0.5), p90Seconds: nearestRank(seconds, 0.9) };
};
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (!map.has(k)) map.set(k, []);
    map.get(k)!.push(item);
  }
  return map;
}
const sortRows = <T>(rows: T[], key: (row: T) => string): T[] => rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

function expectedFigures(all: Generated[], period: Period | undefined): Omit<Figures, 'events'> {
  const bucket = (ms: number) => (period ? periodOf(period, ms) : 'all');
  const steps = all.flatMap((g) => g.steps);
  const stepRows = [...groupBy(steps, (s) => [bucket(s.stopMs), s.clock, s.district, s.agency, s.track].join('|')).values()].map((items) => {
    const s = items[0]!;
    const late = items.filter((x) => x.stopMs >= x.deadlineMs);
    return {
      period: bucket(s.stopMs),
      clock: s.clock,
      district: s.district,
      agency: s.agency,
      track: s.track,
      cycle: summary(items.map((x) => x.stopMs - x.startMs)),
      onTime: items.length - late.length,
      onTimeRate: (items.length - late.length) / items.length,
      overdue: late.length,
      overdueDays: late.reduce((sum, x) => sum + Math.floor((x.stopMs - x.deadlineMs) / DAY) + 1, 0),
    };
  });
  const exchanges = all.flatMap((g) => g.exchanges);
  const latencyRows = [...groupBy(exchanges, (e) => [bucket(e.receivedMs), e.messageType, e.district, e.agency].join('|')).values()].map((items) => {
    const e = items[0]!;
    const acked = items.filter((x) => x.ackMs !== undefined);
    return {
      period: bucket(e.receivedMs),
      messageType: e.messageType,
      district: e.district,
      agency: e.agency,
      sentToReceived: summary(items.map((x) => x.receivedMs - x.sentMs)),
      receivedToAcknowledged: summary(acked.map((x) => x.ackMs! - x.receivedMs)),
      unacknowledged: items.length - acked.length,
    };
  });
  const outcomes = all.map((g) => g.outcome);
  const received = outcomes.filter((o) => o.receiptMs !== undefined);
  const e2eRows = [...groupBy(received, (o) => [bucket(o.receiptMs!), o.district, o.track].join('|')).values()].map((items) => ({
    period: bucket(items[0]!.receiptMs!),
    district: items[0]!.district,
    track: items[0]!.track,
    startToEffective: summary(items.map((o) => o.effectiveMs! - o.startMs)),
    effectiveToReceipt: summary(items.map((o) => o.receiptMs! - o.effectiveMs!)),
    startToReceipt: summary(items.map((o) => o.receiptMs! - o.startMs)),
  }));
  const rate = <T>(items: T[], at: (x: T) => number, district: (x: T) => string, hit: (x: T) => boolean) =>
    sortRows(
      [...groupBy(items, (x) => `${bucket(at(x))}|${district(x)}`).values()].map((group) => {
        const numerator = group.filter(hit).length;
        return { period: bucket(at(group[0]!)), district: district(group[0]!), numerator, denominator: group.length, rate: numerator / group.length };
      }),
      (r) => `${r.period}|${r.district}`,
    );
  const stepsOf = (clock: string) => steps.filter((s) => s.clock === clock);
  return {
    steps: sortRows(stepRows, (r) => [r.period, r.clock, r.district, r.agency, r.track].join('|')),
    latency: sortRows(latencyRows, (r) => [r.period, r.messageType, r.district, r.agency].join('|')),
    endToEnd: sortRows(e2eRows, (r) => [r.period, r.district, r.track].join('|')),
    fastTrack: rate(outcomes.filter((o) => o.indictedMs !== undefined), (o) => o.indictedMs!, (o) => o.district, (o) => o.fast === true),
    recommendationAdoption: rate(outcomes.filter((o) => o.judgmentMs !== undefined && o.adopted !== undefined), (o) => o.judgmentMs!, (o) => o.district, (o) => o.adopted!),
    legalAidAssignedInTime: rate(stepsOf('C14b'), (s) => s.stopMs, (s) => s.district, (s) => s.stopMs < s.deadlineMs),
    executionDocumentsInTime: rate(stepsOf('C15'), (s) => s.stopMs, (s) => s.district, (s) => s.stopMs < s.deadlineMs),
  };
}

/** Float sums may differ in the last bits with the order of addition. */
function roundSums<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === 'sumSeconds' || key === 'rate' || key === 'onTimeRate' ? Math.round(v * 1e6) / 1e6 : v)) as T;
}

async function drive(tracker: Tracker, clock: TestClock, generated: Generated[]): Promise<void> {
  const queue = [...generated];
  const worker = async () => {
    for (let g = queue.shift(); g; g = queue.shift()) {
      for (const { message, receivedMs } of g.messages) {
        const observed = await tracker.observe(message, { receivedAt: receivedMs });
        if (observed.violation) throw new Error(`${message.messageType} of ${g.messages[0]!.message.caseUid}: ${observed.violation.reason}`);
      }
    }
  };
  clock.set(Date.UTC(2023, 6, 1));
  await Promise.all(Array.from({ length: 64 }, worker));
  const acks = generated.flatMap((g) => g.messages.filter((m) => m.ackMs !== undefined));
  for (let i = 0; i < acks.length; i += 2000) {
    const batch = acks.slice(i, i + 2000);
    const results = await Promise.all(batch.map((m) => tracker.acknowledged(m.message.messageId, m.ackMs!)));
    const missing = batch.filter((_, j) => !results[j]).map((m) => `${m.message.messageId} ${m.message.messageType} ${m.message.sentAt}`);
    expect(missing).toEqual([]);
  }
}

describe('efficiency figures over 10,000 generated cases', () => {
  let tracker: Tracker;
  let generated: Generated[];

  beforeAll(async () => {
    const rnd = prng(20221205);
    generated = Array.from({ length: CASES }, (_, i) => generateCase(i, rnd));
    const clock = new TestClock(Date.UTC(2022, 6, 1));
    // One connection with auto-pipelining: commands of concurrent observations share writes.
    tracker = newTracker(env.connect({ enableAutoPipelining: true }), env.prefix(), clock, { validate: false });
    await drive(tracker, clock, generated);
  }, 600_000);

  it('covers every clock of the path, on time and late', () => {
    const clocks = new Set(generated.flatMap((g) => g.steps.map((s) => s.clock)));
    expect([...clocks].sort()).toEqual(['C11', 'C12', 'C13', 'C14b', 'C15', 'C5', 'C7', 'C8', 'C9', 'C10'].sort());
    const steps = generated.flatMap((g) => g.steps);
    expect(steps.filter((s) => s.stopMs >= s.deadlineMs).length).toBeGreaterThan(1000);
    expect(steps.filter((s) => s.stopMs < s.deadlineMs).length).toBeGreaterThan(10_000);
  });

  for (const period of [undefined, 'month', 'week', 'day'] as const) {
    it(`equal the independent computation, ${period ?? 'all time'}`, async () => {
      const figures = await tracker.figures(period ? { period } : {});
      const { events, ...rest } = figures;
      expect(events).toEqual([]);
      expect(roundSums(rest)).toEqual(roundSums(expectedFigures(generated, period)));
    });
  }

  it('filter by clock, district, agency and track, and regroup', async () => {
    const steps = generated.flatMap((g) => g.steps).filter((s) => s.clock === 'C5' && s.district === '440111' && s.track === 'FAST');
    const figures = await tracker.figures({ clock: 'C5', district: '440111', agency: 'PROCURATORATE', track: 'FAST' });
    expect(figures.steps).toHaveLength(1);
    expect(figures.steps[0]!.cycle.count).toBe(steps.length);
    expect(figures.steps[0]!.cycle.medianSeconds).toBe(nearestRank(steps.map((s) => (s.stopMs - s.startMs) / 1000), 0.5));
    const byClock = await tracker.figures({}, ['clock']);
    const c13 = generated.flatMap((g) => g.steps).filter((s) => s.clock === 'C13');
    expect(byClock.steps.find((s) => s.clock === 'C13')).toMatchObject({ period: 'all', cycle: { count: c13.length, p90Seconds: nearestRank(c13.map((s) => (s.stopMs - s.startMs) / 1000), 0.9) } });
    const ranged = await tracker.figures({ period: 'month', from: Date.UTC(2022, 8, 1) - 8 * HOUR, to: Date.UTC(2022, 9, 1) - 8 * HOUR }, ['clock']);
    expect(new Set(ranged.steps.map((s) => s.period))).toEqual(new Set(['2022-09']));
  });

  it('export the figures as Prometheus text', async () => {
    const text = await tracker.metrics();
    const expected = expectedFigures(generated, undefined);
    const row = expected.steps.find((s) => s.clock === 'C5' && s.district === '440105' && s.track === 'FAST')!;
    const labels = 'clock="C5",district="440105",agency="PROCURATORATE",track="FAST"';
    expect(text).toContain(`caselink_step_cycle_seconds{${labels},quantile="0.5"} ${row.cycle.medianSeconds}\n`);
    expect(text).toContain(`caselink_step_cycle_seconds{${labels},quantile="0.9"} ${row.cycle.p90Seconds}\n`);
    expect(text).toContain(`caselink_step_cycle_seconds_count{${labels}} ${row.cycle.count}\n`);
    expect(text).toContain(`caselink_steps_overdue_total{${labels}} ${row.overdue}\n`);
    expect(text).toContain(`caselink_step_overdue_days_total{${labels}} ${row.overdueDays}\n`);
    const fast = expected.fastTrack.find((r) => r.district === '440112')!;
    expect(text).toContain(`caselink_fast_track_ratio{district="440112"} ${fast.rate}\n`);
    const open = generated.filter((g) => g.outcome.receiptMs === undefined).length;
    expect(text).toMatch(/caselink_open_deadlines\{district="440105"\} \d+/);
    expect(open).toBeGreaterThan(0);
    // Every sample belongs to a family declared with HELP and TYPE.
    const families = new Set([...text.matchAll(/^# TYPE (\S+) (counter|gauge|summary)$/gm)].map((m) => m[1]));
    for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[\d.e+-]+$/);
      const name = line.split(/[{ ]/)[0]!;
      expect(families.has(name) || families.has(name.replace(/_(sum|count)$/, ''))).toBe(true);
    }
    const monthly = await tracker.metrics({ period: 'month' });
    expect(monthly).toMatch(/caselink_step_cycle_seconds_count\{clock="C5",district="440105",agency="PROCURATORATE",track="FAST",period="2022-\d\d"\} \d+/);
  });
});
