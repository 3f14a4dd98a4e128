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

type QueryField = 'clock' | 'district' | 'agency' | 'track';

/** Whether a record has the query's value of each of `fields` the query sets. */
function matches(record: Partial<Record<QueryField, string>>, query: FigureQuery, fields: readonly QueryField[]): boolean {
  return fields.every((field) => query[field] === undefined || record[field] === query[field]);
}

/** How a kind of record is grouped into figures: the instant it counts at, the query fields that filter it, the fields a group shares. */
interface Grouping<R, L extends keyof R> {
  at: (record: R) => number | undefined;
  fields: readonly QueryField[];
  /** The group's key (after the period) and the labels of its row. */
  labels: readonly L[];
}

/** Records of one period and labels. */
interface RecordGroup<R, L extends keyof R> {
  period: string;
  labels: Pick<R, L>;
  items: R[];
}

function labelsOf<R, L extends keyof R>(record: R, labels: readonly L[]): Pick<R, L> {
  const picked = {} as Pick<R, L>;
  for (const label of labels) picked[label] = record[label];
  return picked;
}

/** The records the query keeps (instant in its range, its value of each filtered field), grouped by period and labels, in first-seen order. */
function groupRecords<R extends Partial<Record<QueryField, string>>, L extends keyof R>(
  records: readonly R[],
  query: FigureQuery,
  grouping: Grouping<R, L>,
): RecordGroup<R, L>[] {
  const groups = new Map<string, RecordGroup<R, L>>();
  for (const record of records) {
    const atMs = grouping.at(record);
    if (atMs === undefined || !inRange(atMs, query) || !matches(record, query, grouping.fields)) continue;
    const period = bucketOf(query, atMs);
    groupInto(
      groups,
      [period, ...grouping.labels.map((label) => record[label])].join('|'),
      () => ({ period, labels: labelsOf(record, grouping.labels), items: [] }),
      (g) => g.items.push(record),
    );
  }
  return [...groups.values()];
}

const byKey = <T extends { period: string }>(rows: T[], key: (row: T) => string): T[] => rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** One row per group — its period, its labels, then what `measure` makes of its records — in the order of period and labels. */
function figureRows<R extends Partial<Record<QueryField, string>>, L extends keyof R, M>(
  records: readonly R[],
  query: FigureQuery,
  grouping: Grouping<R, L>,
  measure: (items: R[]) => M,
): Array<{ period: string } & Pick<R, L> & M> {
  const rows = groupRecords(records, query, grouping).map(({ period, labels, items }) => ({ period, ...labels, ...measure(items) }));
  return byKey(rows, (row) => [row.period, ...grouping.labels.map((label) => row[label])].join('|'));
}

export function stepFigures(records: readonly StepRecord[], query: FigureQuery, groupBy: readonly StepDimension[] = STEP_DIMENSIONS): StepFigures[] {
  const groups = groupRecords(records, query, { at: (r) => r.stopMs, fields: STEP_DIMENSIONS, labels: groupBy });
  const rows = groups.map(({ period, labels, items }): StepFigures => {
    const inTime = items.filter((r) => onTime(r.stopMs, r.deadlineMs)).length;
    return {
      period,
      cycle: summarize(items.map((r) => r.stopMs - r.startMs)),
      onTime: inTime,
      onTimeRate: inTime / items.length,
      overdue: items.length - inTime,
      overdueDays: items.reduce((sum, r) => sum + overdueDays(r.stopMs, r.deadlineMs), 0),
      ...labels,
    };
  });
  return byKey(rows, (r) => [r.period, r.clock, r.district, r.agency, r.track].join('|'));
}

const LATENCY_GROUPS: Grouping<LatencyRecord, 'messageType' | 'district' | 'agency'> = {
  at: (r) => r.receivedMs,
  fields: ['district', 'agency'],
  labels: ['messageType', 'district', 'agency'],
};

export function latencyFigures(records: readonly LatencyRecord[], query: FigureQuery): LatencyFigures[] {
  return figureRows(records, query, LATENCY_GROUPS, (items) => {
    const acked = items.filter((r) => r.ackMs !== undefined);
    return {
      sentToReceived: summarize(items.map((r) => r.receivedMs - r.sentMs)),
      receivedToAcknowledged: summarize(acked.map((r) => r.ackMs! - r.receivedMs)),
      unacknowledged: items.length - acked.length,
    };
  });
}

const CASE_GROUPS: Grouping<CaseOutcomeRecord, 'district' | 'track'> = { at: (r) => r.receiptMs, fields: ['district', 'track'], labels: ['district', 'track'] };

export function endToEndFigures(records: readonly CaseOutcomeRecord[], query: FigureQuery): EndToEndFigures[] {
  return figureRows(records, query, CASE_GROUPS, (items) => {
    const withEffective = items.filter((r) => r.effectiveMs !== undefined);
    return {
      startToEffective: summarize(withEffective.map((r) => r.effectiveMs! - r.startMs)),
      effectiveToReceipt: summarize(withEffective.map((r) => r.receiptMs! - r.effectiveMs!)),
      startToReceipt: summarize(items.map((r) => r.receiptMs! - r.startMs)),
    };
  });
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
    if (!matches(item, query, ['district'])) continue;
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
    if (!matches(counted, query, ['district', 'clock'])) continue;
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
    if (!matches(record, query, ['district', 'clock'])) continue;
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
      r.indictedMs !== undefined && matches(r, query, ['district'])
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
