/**
 * Calendar arithmetic on plain `YYYY-MM-DD` dates (Beijing civil dates).
 * Dates are handled as day numbers since 1970-01-01 so no time zone or DST can interfere.
 */
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export type MonthEndRule = 'CLAMP' | 'END_TO_END';

export function isIsoDate(value: string): boolean {
  const match = DATE_SHAPE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(date: string): [number, number, number] {
  const match = DATE_SHAPE.exec(date);
  if (!match || !isIsoDate(date)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${date} (不是有效日期)`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function dayNumber(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  const value = new Date(day * DAY_MS);
  return format(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

export function isLastDayOfMonth(date: string): boolean {
  const [y, m, d] = parts(date);
  return d === daysInMonth(y, m);
}

/**
 * Same day `months` later. When that day does not exist the period ends on the last day of the
 * target month (CLAMP: 01-31 + 1 month = 02-28/29). END_TO_END additionally maps a start on the
 * last day of a month to the last day of the target month (02-29 + 1 month = 03-31).
 */
export function addMonths(date: string, months: number, rule: MonthEndRule = 'CLAMP'): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = daysInMonth(year, month);
  const day = rule === 'END_TO_END' && d === daysInMonth(y, m) ? last : Math.min(d, last);
  return format(year, month, day);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const weekday = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Epoch milliseconds of Beijing midnight starting `date`. */
export function beijingMidnight(date: string): number {
  return dayNumber(date) * DAY_MS - BEIJING_OFFSET_MS;
}

/** Render epoch milliseconds as ISO 8601 in Beijing time, e.g. `2024-10-08T00:00:00+08:00`. */
export function toBeijingIso(epochMs: number): string {
  const local = new Date(epochMs + BEIJING_OFFSET_MS);
  const date = format(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
  const time = [local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `${date}T${time}+08:00`;
}

/** The Beijing civil date an instant falls on. */
export function beijingDateOf(epochMs: number): string {
  return toBeijingIso(epochMs).slice(0, 10);
}

const DATE_TIME_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an ISO 8601 date-time that carries a zone (Z or ±hh:mm), else undefined. */
export function parseInstant(value: string): number | undefined {
  if (!DATE_TIME_SHAPE.test(value) || !isIsoDate(value.slice(0, 10))) return undefined;
  const epoch = Date.parse(value);
  return Number.isNaN(epoch) ? undefined : epoch;
}

export const MS_PER_DAY = DAY_MS;
export const MS_PER_HOUR = 3_600_000;
