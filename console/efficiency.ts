import { periodOf, type Period, type Tracker } from '../tracking/index';
import { badRequest } from './errors';

export interface EfficiencyQuery {
  period?: Period;
  /** Epoch ms, inclusive / exclusive; default the last 30 days (days), 26 weeks (weeks) or 12 months. */
  from?: number;
  to?: number;
  district?: string;
}

export interface StepPoint {
  period: string;
  clock: string;
  district: string;
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  onTimeRate: number;
  overdue: number;
}

export interface RatePoint {
  period: string;
  district: string;
  numerator: number;
  denominator: number;
  rate: number;
}

export interface EfficiencyView {
  period: Period;
  from: number;
  to: number;
  /** Every bucket in the range, oldest first (the charts' x axis). */
  periods: string[];
  districts: string[];
  clocks: string[];
  /** Cycle time and on-time rate per period, clock and district. */
  steps: StepPoint[];
  /** On-time rate of all steps per period and district. */
  onTime: RatePoint[];
  /** Cycle time per clock and district over the whole range. */
  stepsOverall: StepPoint[];
  fastTrack: RatePoint[];
  recommendationAdoption: RatePoint[];
  legalAidAssignedInTime: RatePoint[];
  executionDocumentsInTime: RatePoint[];
}

const DAY = 86_400_000;
const DEFAULT_SPAN: Record<Period, number> = { day: 30 * DAY, week: 26 * 7 * DAY, month: 365 * DAY };
const PERIODS: readonly Period[] = ['day', 'week', 'month'];

function stepPoint(row: {
  period: string;
  clock?: string;
  district?: string;
  cycle: { count: number; medianSeconds?: number; p90Seconds?: number };
  onTimeRate: number;
  overdue: number;
}): StepPoint {
  return {
    period: row.period,
    clock: row.clock ?? '',
    district: row.district ?? '',
    count: row.cycle.count,
    medianSeconds: row.cycle.medianSeconds ?? null,
    p90Seconds: row.cycle.p90Seconds ?? null,
    onTimeRate: row.onTimeRate,
    overdue: row.overdue,
  };
}

/** The efficiency figures (tracking, domain.md §6) shaped for the console's charts. */
export async function efficiencyView(tracker: Tracker, input: EfficiencyQuery, now: number): Promise<EfficiencyView> {
  const period = input.period ?? 'day';
  if (!PERIODS.includes(period)) throw badRequest('period', 'must be day, week or month', '应为 day、week 或 month');
  const to = input.to ?? now + 1;
  const from = input.from ?? to - DEFAULT_SPAN[period];
  if (!(Number.isFinite(from) && Number.isFinite(to) && from < to))
    throw badRequest('from/to', 'must be epoch milliseconds with from < to', '应为毫秒时间戳且起点早于终点');
  if (to - from > 3 * 366 * DAY) throw badRequest('from/to', 'may span at most three years', '时间范围不得超过三年');
  const base = { from, to, ...(input.district ? { district: input.district } : {}) };
  const [byPeriod, overall] = await Promise.all([tracker.figures({ ...base, period }, ['clock', 'district']), tracker.figures(base, ['clock', 'district'])]);
  const onTimeFigures = await tracker.figures({ ...base, period }, ['district']);
  const buckets = new Set<string>();
  for (let t = from; t < to; t += DAY) buckets.add(periodOf(period, t));
  buckets.add(periodOf(period, to - 1));
  const periods = [...buckets];
  const byStep = (a: StepPoint, b: StepPoint) => clockOrder(a.clock, b.clock) || a.district.localeCompare(b.district) || a.period.localeCompare(b.period);
  const steps = byPeriod.steps.map(stepPoint).sort(byStep);
  const stepsOverall = overall.steps.map(stepPoint).sort(byStep);
  const onTime: RatePoint[] = onTimeFigures.steps.map((row) => ({
    period: row.period,
    district: row.district ?? '',
    numerator: row.onTime,
    denominator: row.cycle.count,
    rate: row.onTimeRate,
  }));
  const districts = [...new Set([...stepsOverall.map((s) => s.district), ...onTime.map((o) => o.district)])].filter(Boolean).sort();
  const clocks = [...new Set(stepsOverall.map((s) => s.clock))].filter(Boolean).sort(clockOrder);
  return {
    period,
    from,
    to,
    periods,
    districts,
    clocks,
    steps,
    onTime,
    stepsOverall,
    fastTrack: overall.fastTrack,
    recommendationAdoption: overall.recommendationAdoption,
    legalAidAssignedInTime: overall.legalAidAssignedInTime,
    executionDocumentsInTime: overall.executionDocumentsInTime,
  };
}

/** C2 before C10, C14b after C14a. */
function clockOrder(a: string, b: string): number {
  const parse = (c: string) => /^C(\d+)(.*)$/.exec(c) ?? ['', '999', c];
  const [, na, ra] = parse(a);
  const [, nb, rb] = parse(b);
  return Number(na) - Number(nb) || String(ra).localeCompare(String(rb));
}
