import { bilingual } from '../schema/primitives';
import {
  addDays,
  addMonths,
  beijingDateOf,
  beijingMidnight,
  isIsoDate,
  MS_PER_DAY,
  MS_PER_HOUR,
  parseInstant,
  toBeijingIso,
  type MonthEndRule,
} from './calendar-date';
import { DurationSchema, type Duration } from './duration';
import { calendarCovers, isWorkingDay, nextWorkingDay, type HolidayCalendar } from './holiday-calendar';

/**
 * How periods are counted (CPL 105, marked ○ in domain.md, hence a policy object).
 * Defaults: the start day/hour is not counted; months run to the same day of the target month,
 * clamped to its last day; a last day that is not a working day moves to the next working day,
 * except while the person is in custody.
 */
export interface CountingPolicy {
  monthEnd: MonthEndRule;
  shiftNonWorkingLastDay: boolean;
  shiftWhileInCustody: boolean;
}

export const DEFAULT_COUNTING_POLICY: Readonly<CountingPolicy> = Object.freeze({
  monthEnd: 'CLAMP',
  shiftNonWorkingLastDay: true,
  shiftWhileInCustody: false,
});

export interface DeadlineInput {
  /** `YYYY-MM-DD` (Beijing date) or an ISO 8601 date-time with a zone. */
  start: string;
  limit: Duration;
  inCustody: boolean;
  calendar: HolidayCalendar;
  policy?: Partial<CountingPolicy>;
}

export interface Deadline {
  start: string;
  limit: Duration;
  inCustody: boolean;
  /** Instant counting begins (the day after the start day, or the hour after the start hour). */
  countingFrom: string;
  /** Last day by plain counting, and after the non-working-day rule. */
  nominalDue: string;
  due: string;
  /** Exclusive end instants (+08:00): the act is on time if done before this. */
  nominalExpiresAt: string;
  expiresAt: string;
  shifted: boolean;
  /**
   * False when a date consulted lies outside the calendar's known range (e.g. a year whose State
   * Council notice the calendar does not hold yet): the last day may move once it does.
   */
  calendarCovered: boolean;
}

export class DeadlineInputError extends RangeError {
  constructor(
    readonly field: string,
    en: string,
    zh: string,
  ) {
    super(`${field}: ${bilingual(en, zh)}`);
    this.name = 'DeadlineInputError';
  }
}

const DURATION_FIELDS: ReadonlySet<string> = new Set(['months', 'days', 'hours']);
const isCount = (value: unknown): boolean => value === undefined || (Number.isSafeInteger(value) && (value as number) >= 0);

/**
 * A plain object every `DurationSchema` accepts (whole counts ≥ 0, months/days or hours). Checked by
 * hand because deadlines are computed per message; anything else goes to the schema for its verdict and message.
 */
function plainValidDuration(limit: unknown): boolean {
  if (typeof limit !== 'object' || limit === null || Object.getPrototypeOf(limit) !== Object.prototype) return false;
  for (const field of Object.keys(limit)) if (!DURATION_FIELDS.has(field)) return false;
  const { months, days, hours } = limit as Record<string, unknown>;
  if (!isCount(months) || !isCount(days) || !isCount(hours)) return false;
  if (months === undefined && days === undefined && hours === undefined) return false;
  return hours === undefined || (months === undefined && days === undefined);
}

export function computeDeadline(input: DeadlineInput): Deadline {
  const policy = { ...DEFAULT_COUNTING_POLICY, ...input.policy };
  if (!plainValidDuration(input.limit)) {
    const limit = DurationSchema.safeParse(input.limit);
    if (!limit.success) throw new DeadlineInputError('limit', limit.error.issues[0]?.message ?? 'is not a duration', '不是有效期限');
  }
  return input.limit.hours !== undefined ? hoursDeadline(input) : calendarDeadline(input, policy);
}

function hoursDeadline(input: DeadlineInput): Deadline {
  const startMs = parseInstant(input.start);
  if (startMs === undefined) {
    throw new DeadlineInputError('start', 'an hour limit needs an ISO 8601 date-time with a zone', '按小时计算的期限需要带时区的时间');
  }
  const countingFromMs = Math.floor(startMs / MS_PER_HOUR) * MS_PER_HOUR + MS_PER_HOUR;
  const expiresMs = countingFromMs + (input.limit.hours ?? 0) * MS_PER_HOUR;
  const due = beijingDateOf(expiresMs - 1);
  return {
    start: input.start,
    limit: input.limit,
    inCustody: input.inCustody,
    countingFrom: toBeijingIso(countingFromMs),
    nominalDue: due,
    due,
    nominalExpiresAt: toBeijingIso(expiresMs),
    expiresAt: toBeijingIso(expiresMs),
    shifted: false,
    calendarCovered: true,
  };
}

function startDate(start: string): string {
  if (isIsoDate(start)) return start;
  const instant = parseInstant(start);
  if (instant === undefined) {
    throw new DeadlineInputError('start', 'must be YYYY-MM-DD or an ISO 8601 date-time with a zone', '应为 YYYY-MM-DD 或带时区的ISO 8601时间');
  }
  return beijingDateOf(instant);
}

function calendarDeadline(input: DeadlineInput, policy: CountingPolicy): Deadline {
  const first = startDate(input.start);
  const afterMonths = input.limit.months ? addMonths(first, input.limit.months, policy.monthEnd) : first;
  const nominalDue = addDays(afterMonths, input.limit.days ?? 0);
  const mayShift = policy.shiftNonWorkingLastDay && (!input.inCustody || policy.shiftWhileInCustody);
  const due = mayShift && !isWorkingDay(nominalDue, input.calendar) ? nextWorkingDay(nominalDue, input.calendar) : nominalDue;
  return {
    start: input.start,
    limit: input.limit,
    inCustody: input.inCustody,
    countingFrom: toBeijingIso(beijingMidnight(addDays(first, 1))),
    nominalDue,
    due,
    nominalExpiresAt: toBeijingIso(beijingMidnight(addDays(nominalDue, 1))),
    expiresAt: toBeijingIso(beijingMidnight(addDays(due, 1))),
    shifted: due !== nominalDue,
    // In custody the last day is not moved, so no calendar date is consulted (CPL 105).
    calendarCovered: !mayShift || (calendarCovers(nominalDue, input.calendar) && calendarCovers(due, input.calendar)),
  };
}

export type Instant = string | number | Date;

function epochOf(value: Instant, field: string): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const epoch = parseInstant(value);
  if (epoch === undefined) throw new DeadlineInputError(field, 'must be an ISO 8601 date-time with a zone', '应为带时区的ISO 8601时间');
  return epoch;
}

export interface Remaining {
  /** Milliseconds until the deadline expires; negative once overdue. */
  ms: number;
  /** The same in (fractional) days of 24 hours. */
  days: number;
  overdue: boolean;
}

export function remaining(deadline: Pick<Deadline, 'expiresAt'>, now: Instant): Remaining {
  const ms = epochOf(deadline.expiresAt, 'deadline.expiresAt') - epochOf(now, 'now');
  return { ms, days: ms / MS_PER_DAY, overdue: ms <= 0 };
}

/** Length of the statutory period itself (before any non-working-day shift). */
export function periodLengthMs(deadline: Pick<Deadline, 'countingFrom' | 'nominalExpiresAt'>): number {
  return epochOf(deadline.nominalExpiresAt, 'deadline.nominalExpiresAt') - epochOf(deadline.countingFrom, 'deadline.countingFrom');
}
