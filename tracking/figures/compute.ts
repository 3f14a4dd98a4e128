import { beijingMidnight } from '../../standard/clocks/calendar-date';
import { periodOf, type Period } from '../periods';
import type { CaseOutcomeRecord, EventRecord, LatencyRecord, StepRecord } from './records';

const DAY_MS = 86_400_000;

/**
 * Nearest-rank quantile of ascending `sorted` values: the smallest value with at least p·n values
 * at or below it (median of an even count is the lower middle). undefined for no values.
 */
export function quantile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** On time: the step ended before its deadline (the exclusive end instant of the period). */
export function onTime(stopMs: number, deadlineMs: number): boolean {
  return stopMs < deadlineMs;
}

/** Days a step ran past its deadline, a started day counting as a whole one; 0 when on time. */
export function overdueDays(stopMs: number, deadlineMs: number): number {
  return onTime(stopMs, deadlineMs) ? 0 : Math.floor((stopMs - deadlineMs) / DAY_MS) + 1;
}

export interface DurationSummary {
  count: number;
  sumSeconds: number;
  medianSeconds?: number;
  p90Seconds?: number;
}

export function summarize(durationsMs: number[]): DurationSummary {
  const seconds = durationsMs.map((ms) => ms / 1000).sort((a, b) => a - b);
  const summary: DurationSummary = { count: seconds.length, sumSeconds: seconds.reduce((a, b) => a + b, 0) };
  const median = quantile(seconds, 0.5);
  const p90 = quantile(seconds, 0.9);
  if (median !== undefined) summary.medianSeconds = median;
  if (p90 !== undefined) summary.p90Seconds = p90;
  return summary;
}

/** Which records count and how they are bucketed. All filters are optional. */
export interface FigureQuery {
  /** Bucket by the Beijing day, ISO week or month of the closing instant; omitted = one bucket for all time. */
  period?: Period;
  /** Closing instant from (inclusive) / to (exclusive), epoch ms. */
  from?: number;
  to?: number;
  clock?: string;
  district?: string;
  agency?: string;
  track?: string;
}

export type StepDimension = 'clock' | 'district' | 'agency' | 'track';
export const STEP_DIMENSIONS: readonly StepDimension[] = ['clock', 'district', 'agency', 'track'];

export interface StepFigures {
  /** The bucket, or 'all'. */
  period: string;
  clock?: string;
  district?: string;
  agency?: string;
  track?: string;
  cycle: DurationSummary;
  onTime: number;
  /** onTime ÷ count */
  onTimeRate: number;
  overdue: number;
  overdueDays: number;
}

export interface LatencyFigures {
  period: string;
  messageType: string;
  district: string;
  agency: string;
  sentToReceived: DurationSummary;
  receivedToAcknowledged: DurationSummary;
  unacknowledged: number;
}

export interface EndToEndFigures {
  period: string;
  district: string;
  track: string;
  startToEffective: DurationSummary;
  effectiveToReceipt: DurationSummary;
  startToReceipt: DurationSummary;
}

export interface RateFigures {
  period: string;
  district: string;
  numerator: number;
  denominator: number;
  rate: number;
}

export interface EventFigures {
  period: string;
  kind: string;
  district: string;
  detail: string;
  clock?: string;
  count: number;
}

export interface Figures {
  steps: StepFigures[];
  latency: LatencyFigures[];
  endToEnd: EndToEndFigures[];
  /** Indicted cases on the fast track (速裁) ÷ indicted cases, bucketed by indictment. */
  fastTrack: RateFigures[];
  /** Judgments adopting the sentencing recommendation ÷ judgments that said, bucketed by judgment. */
  recommendationAdoption: RateFigures[];
  /** Legal-aid assignments within their limit ÷ assignments (clock C14b). */
  legalAidAssignedInTime: RateFigures[];
  /** Execution documents within 10 days ÷ documents sent (clock C15). */
  executionDocumentsInTime: RateFigures[];
  events: EventFigures[];
}

export interface FigureClocks {
  /** The clock whose on-time rate is "legal aid assigned within 3 days". */
  legalAidAssignment: string;
  /** The clock whose on-time rate is "execution documents within 10 days". */
  executionDocuments: string;
}

function inRange(atMs: number, query: FigureQuery): boolean {
  return (query.from === undefined || atMs >= query.from) && (query.to === undefined || atMs < query.to);
}

function bucketOf(query: FigureQuery, atMs: number): string {
  return query.period ? periodOf(query.period, atMs) : 'all';
}

function groupInto<G>(map: Map<string, G>, key: string, create: () => G, add: (group: G) => void): void {
  let group = map.get(key);
  if (!group) {
    group = create();
    map.set(key, group);
  }
  add(group);
}

const byKey = <T extends { period: string }>(rows: T[], key: (row: T) => string): T[] => rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

export function stepFigures(records: readonly StepRecord[], query: FigureQuery, groupBy: readonly StepDimension[] = STEP_DIMENSIONS): StepFigures[] {
  const groups = new Map<string, { sample: StepRecord; period: string; items: StepRecord[] }>();
  for (const record of records) {
    if (!inRange(record.stopMs, query)) continue;
    if (query.clock !== undefined && record.clock !== query.clock) continue;
    if (query.district !== undefined && record.district !== query.district) continue;
    if (query.agency !== undefined && record.agency !== query.agency) continue;
    if (query.track !== undefined && record.track !== query.track) continue;
    const period = bucketOf(query, record.stopMs);
    const key = [period, ...groupBy.map((dim) => record[dim])].join('|');
    groupInto(
      groups,
      key,
      () => ({ sample: record, period, items: [] as StepRecord[] }),
      (g) => g.items.push(record),
    );
  }
  const rows = [...groups.values()].map(({ sample, period, items }) => {
    const inTime = items.filter((r) => onTime(r.stopMs, r.deadlineMs)).length;
    const row: StepFigures = {
      period,
      cycle: summarize(items.map((r) => r.stopMs - r.startMs)),
      onTime: inTime,
      onTimeRate: inTime / items.length,
      overdue: items.length - inTime,
      overdueDays: items.reduce((sum, r) => sum + overdueDays(r.stopMs, r.deadlineMs), 0),
    };
    for (const dim of groupBy) row[dim] = sample[dim];
    return row;
  });
  return byKey(rows, (r) => [r.period, r.clock, r.district, r.agency, r.track].join('|'));
}

export function latencyFigures(records: readonly LatencyRecord[], query: FigureQuery): LatencyFigures[] {
  const groups = new Map<string, { sample: LatencyRecord; period: string; items: LatencyRecord[] }>();
  for (const record of records) {
    if (!inRange(record.receivedMs, query)) continue;
    if (query.district !== undefined && record.district !== query.district) continue;
    if (query.agency !== undefined && record.agency !== query.agency) continue;
    const period = bucketOf(query, record.receivedMs);
    const key = [period, record.messageType, record.district, record.agency].join('|');
    groupInto(
      groups,
      key,
      () => ({ sample: record, period, items: [] as LatencyRecord[] }),
      (g) => g.items.push(record),
    );
  }
  const rows = [...groups.values()].map(({ sample, period, items }) => {
    const acked = items.filter((r) => r.ackMs !== undefined);
    return {
      period,
      messageType: sample.messageType,
      district: sample.district,
      agency: sample.agency,
      sentToReceived: summarize(items.map((r) => r.receivedMs - r.sentMs)),
      receivedToAcknowledged: summarize(acked.map((r) => r.ackMs! - r.receivedMs)),
      unacknowledged: items.length - acked.length,
    };
  });
  return byKey(rows, (r) => [r.period, r.messageType, r.district, r.agency].join('|'));
}

function caseFilter(record: CaseOutcomeRecord, query: FigureQuery): boolean {
  return (query.district === undefined || record.district === query.district) && (query.track === undefined || record.track === query.track);
}

export function endToEndFigures(records: readonly CaseOutcomeRecord[], query: FigureQuery): EndToEndFigures[] {
  const groups = new Map<string, { sample: CaseOutcomeRecord; period: string; items: CaseOutcomeRecord[] }>();
  for (const record of records) {
    if (record.receiptMs === undefined || !inRange(record.receiptMs, query) || !caseFilter(record, query)) continue;
    const period = bucketOf(query, record.receiptMs);
    groupInto(
      groups,
      [period, record.district, record.track].join('|'),
      () => ({ sample: record, period, items: [] as CaseOutcomeRecord[] }),
      (g) => g.items.push(record),
    );
  }
  const rows = [...groups.values()].map(({ sample, period, items }) => {
    const withEffective = items.filter((r) => r.effectiveMs !== undefined);
    return {
      period,
      district: sample.district,
      track: sample.track,
      startToEffective: summarize(withEffective.map((r) => r.effectiveMs! - r.startMs)),
      effectiveToReceipt: summarize(withEffective.map((r) => r.receiptMs! - r.effectiveMs!)),
      startToReceipt: summarize(items.map((r) => r.receiptMs! - r.startMs)),
    };
  });
  return byKey(rows, (r) => [r.period, r.district, r.track].join('|'));
}

function rateFigures<T>(
  records: readonly T[],
  query: FigureQuery,
  pick: (record: T) => { atMs: number; district: string; hit: boolean } | undefined,
): RateFigures[] {
  const groups = new Map<string, RateFigures>();
  for (const record of records) {
    const item = pick(record);
    if (!item || !inRange(item.atMs, query)) continue;
    if (query.district !== undefined && item.district !== query.district) continue;
    const period = bucketOf(query, item.atMs);
    groupInto(
      groups,
      `${period}|${item.district}`,
      () => ({ period, district: item.district, numerator: 0, denominator: 0, rate: 0 }),
      (g) => {
        g.denominator += 1;
        if (item.hit) g.numerator += 1;
      },
    );
  }
  const rows = [...groups.values()];
  for (const row of rows) row.rate = row.numerator / row.denominator;
  return byKey(rows, (r) => `${r.period}|${r.district}`);
}

export function eventFigures(records: readonly EventRecord[], query: FigureQuery, alertCounts: readonly AlertCount[] = []): EventFigures[] {
  const groups = new Map<string, EventFigures>();
  for (const counted of alertCounts) {
    const atMs = beijingMidnight(counted.day);
    if (!inRange(atMs, query)) continue;
    if (query.district !== undefined && counted.district !== query.district) continue;
    if (query.clock !== undefined && counted.clock !== query.clock) continue;
    const period = bucketOf(query, atMs);
    const key = [period, 'alert', counted.district, counted.level, counted.clock].join('|');
    groupInto(
      groups,
      key,
      () => ({ period, kind: 'alert', district: counted.district, detail: counted.level, clock: counted.clock, count: 0 }),
      (g) => {
        g.count += counted.count;
      },
    );
  }
  for (const record of records) {
    if (!inRange(record.atMs, query)) continue;
    if (query.district !== undefined && record.district !== query.district) continue;
    if (query.clock !== undefined && record.clock !== query.clock) continue;
    const period = bucketOf(query, record.atMs);
    const key = [period, record.kind, record.district, record.detail, record.clock ?? ''].join('|');
    groupInto(
      groups,
      key,
      () => {
        const row: EventFigures = { period, kind: record.kind, district: record.district, detail: record.detail, count: 0 };
        if (record.clock) row.clock = record.clock;
        return row;
      },
      (g) => {
        g.count += 1;
      },
    );
  }
  return byKey([...groups.values()], (r) => [r.period, r.kind, r.district, r.detail, r.clock ?? ''].join('|'));
}

/** Alerts claimed on one Beijing day (counted by the claim script). */
export interface AlertCount {
  district: string;
  day: string;
  clock: string;
  level: string;
  count: number;
}

export interface FigureInput {
  steps: readonly StepRecord[];
  latency: readonly LatencyRecord[];
  cases: readonly CaseOutcomeRecord[];
  events: readonly EventRecord[];
  alertCounts?: readonly AlertCount[];
}

/** Every figure of domain.md §6 the tracker keeps, from its records. Pure. */
export function computeFigures(input: FigureInput, query: FigureQuery, clocks: FigureClocks, groupBy?: readonly StepDimension[]): Figures {
  const onTimeOf = (clock: string) =>
    rateFigures(input.steps, { ...query, period: query.period }, (r) =>
      r.clock === clock ? { atMs: r.stopMs, district: r.district, hit: onTime(r.stopMs, r.deadlineMs) } : undefined,
    );
  return {
    steps: stepFigures(input.steps, query, groupBy),
    latency: latencyFigures(input.latency, query),
    endToEnd: endToEndFigures(input.cases, query),
    fastTrack: rateFigures(input.cases, query, (r) =>
      r.indictedMs !== undefined && caseFilter(r, { district: query.district })
        ? { atMs: r.indictedMs, district: r.district, hit: r.indictedFastTrack === true }
        : undefined,
    ),
    recommendationAdoption: rateFigures(input.cases, query, (r) =>
      r.judgmentMs !== undefined && r.recommendationAdopted !== undefined
        ? { atMs: r.judgmentMs, district: r.district, hit: r.recommendationAdopted }
        : undefined,
    ),
    legalAidAssignedInTime: onTimeOf(clocks.legalAidAssignment),
    executionDocumentsInTime: onTimeOf(clocks.executionDocuments),
    events: eventFigures(input.events, query, input.alertCounts),
  };
}
