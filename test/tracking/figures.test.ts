/**
 * Figures over generated cases driven through `observe`, checked against an independent
 * computation from the generated data (figure-cases.ts; deadlines counted there by hand: every
 * suspect is in custody, so no deadline moves off a holiday).
 *
 * The run is bound by Node's CPU (about 0.3 ms per observed message; the case record's deflate and
 * JSON are over a quarter of it), not by Redis: the feed keeps many cases in flight, acknowledges each
 * message as soon as it is observed, and forgets each case's messages once they are fed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { periodOf, type Figures, type Period, type Tracker } from '../../tracking';
import { DAY, generateCase, HOUR, prng, type Generated } from './figure-cases';
import { newTracker, TestClock, trackingEnvForFile, type TrackingEnv } from './helpers';

let env: TrackingEnv;
trackingEnvForFile((e) => (env = e));

/**
 * 500 cases in the unit run; `npm run bench -- figures` runs the same file over 10,000 (where the
 * coverage bounds below are 1,000 late and 10,000 on-time steps).
 */
const CASES = Number(process.env.TRACKING_FIGURE_CASES ?? 500);
/** Cases observed at the same time (each case's messages in order). */
const IN_FLIGHT = 256;

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
    : {
        count: seconds.length,
        sumSeconds: seconds.reduce((a, b) => a + b, 0),
        medianSeconds: nearestRank(seconds, 0.5),
        p90Seconds: nearestRank(seconds, 0.9),
      };
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
    fastTrack: rate(
      outcomes.filter((o) => o.indictedMs !== undefined),
      (o) => o.indictedMs!,
      (o) => o.district,
      (o) => o.fast === true,
    ),
    recommendationAdoption: rate(
      outcomes.filter((o) => o.judgmentMs !== undefined && o.adopted !== undefined),
      (o) => o.judgmentMs!,
      (o) => o.district,
      (o) => o.adopted!,
    ),
    legalAidAssignedInTime: rate(
      stepsOf('C14b'),
      (s) => s.stopMs,
      (s) => s.district,
      (s) => s.stopMs < s.deadlineMs,
    ),
    executionDocumentsInTime: rate(
      stepsOf('C15'),
      (s) => s.stopMs,
      (s) => s.district,
      (s) => s.stopMs < s.deadlineMs,
    ),
  };
}

/** Float sums may differ in the last bits with the order of addition: round them (in place, the figures are fresh objects). */
const ROUNDED = new Set(['sumSeconds', 'rate', 'onTimeRate']);
function roundSums<T>(value: T): T {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (node !== null && typeof node === 'object') {
      const fields = node as Record<string, unknown>;
      for (const [key, field] of Object.entries(fields)) {
        if (ROUNDED.has(key) && typeof field === 'number') fields[key] = Math.round(field * 1e6) / 1e6;
        else visit(field);
      }
    }
  };
  visit(value);
  return value;
}

/**
 * Feeds every case's messages in order, IN_FLIGHT cases at a time, each receiver acknowledging as
 * soon as its message is observed; a fed case keeps only what the expected figures are made of.
 */
async function drive(tracker: Tracker, generated: Generated[]): Promise<void> {
  let next = 0;
  const acks: Array<Promise<void>> = [];
  const unknown: string[] = [];
  const feed = async (): Promise<void> => {
    for (let i = next++; i < generated.length; i = next++) {
      const g = generated[i]!;
      for (const { message, receivedMs, ackMs } of g.messages) {
        const observed = await tracker.observe(message, { receivedAt: receivedMs });
        if (observed.violation) throw new Error(`${message.messageType} of ${message.caseUid}: ${observed.violation.reason}`);
        if (ackMs !== undefined) {
          acks.push(
            tracker.acknowledged(message.messageId, ackMs).then((known) => {
              if (!known) unknown.push(`${message.messageId} ${message.messageType} ${message.sentAt}`);
            }),
          );
        }
      }
      g.messages = [];
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, feed));
  await Promise.all(acks);
  expect(unknown).toEqual([]);
}

describe(`efficiency figures over ${CASES.toLocaleString('en-US')} generated cases`, () => {
  let tracker: Tracker;
  let generated: Generated[];

  beforeAll(async () => {
    const rnd = prng(20221205);
    generated = Array.from({ length: CASES }, (_, i) => generateCase(i, rnd));
    // A fixed injected clock: every observation and acknowledgement passes its own time.
    const clock = new TestClock(Date.UTC(2023, 6, 1));
    // One connection with auto-pipelining: commands of concurrent observations share writes.
    tracker = newTracker(env.connect({ enableAutoPipelining: true }), env.prefix(), clock, { validate: false });
    await drive(tracker, generated);
  }, 600_000);

  it('covers every clock of the path, on time and late', () => {
    const clocks = new Set(generated.flatMap((g) => g.steps.map((s) => s.clock)));
    expect([...clocks].sort()).toEqual(['C11', 'C12', 'C13', 'C14b', 'C15', 'C5', 'C7', 'C8', 'C9', 'C10'].sort());
    const steps = generated.flatMap((g) => g.steps);
    expect(steps.filter((s) => s.stopMs >= s.deadlineMs).length).toBeGreaterThan(CASES / 10);
    expect(steps.filter((s) => s.stopMs < s.deadlineMs).length).toBeGreaterThan(CASES);
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
    expect(figures.steps[0]!.cycle.medianSeconds).toBe(
      nearestRank(
        steps.map((s) => (s.stopMs - s.startMs) / 1000),
        0.5,
      ),
    );
    const byClock = await tracker.figures({}, ['clock']);
    const c13 = generated.flatMap((g) => g.steps).filter((s) => s.clock === 'C13');
    expect(byClock.steps.find((s) => s.clock === 'C13')).toMatchObject({
      period: 'all',
      cycle: {
        count: c13.length,
        p90Seconds: nearestRank(
          c13.map((s) => (s.stopMs - s.startMs) / 1000),
          0.9,
        ),
      },
    });
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
