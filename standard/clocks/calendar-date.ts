/**
 * Calendar arithmetic on plain `YYYY-MM-DD` dates (Beijing civil dates).
 * Dates are handled as day numbers since 1970-01-01 so no time zone or DST can interfere.
 */
import { BEIJING_OFFSET_MS, toBeijingIso } from '../beijing-time';

export { toBeijingIso };

const DAY_MS = 86_400_000;

export type MonthEndRule = 'CLAMP' | 'END_TO_END';

const ZERO = 48;
const HYPHEN = 45;

function digitAt(value: string, index: number): number {
  const digit = value.charCodeAt(index) - ZERO;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

/**
 * `[year, month, day]` of a string shaped `YYYY-MM-DD` (ASCII digits), else undefined; read by
 * hand rather than by regular expression because dates are parsed many times per message.
 */
function shapeOf(value: string): [number, number, number] | undefined {
  if (value.length !== 10 || value.charCodeAt(4) !== HYPHEN || value.charCodeAt(7) !== HYPHEN) return undefined;
  let year = 0;
  for (let index = 0; index < 4; index += 1) {
    const digit = digitAt(value, index);
    if (digit < 0) return undefined;
    year = year * 10 + digit;
  }
  const m1 = digitAt(value, 5);
  const m2 = digitAt(value, 6);
  const d1 = digitAt(value, 8);
  const d2 = digitAt(value, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return undefined;
  return [year, m1 * 10 + m2, d1 * 10 + d2];
}

function validParts(value: string): [number, number, number] | undefined {
  const shape = shapeOf(value);
  if (!shape) return undefined;
  const [y, m, d] = shape;
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? shape : undefined;
}

export function isIsoDate(value: string): boolean {
  return validParts(value) !== undefined;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  // Date.UTC reads years 0-99 as 1900-1999: those (and anything unusual) keep its answer.
  if (year < 100 || year > 9999 || !Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12)
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function parts(date: string): [number, number, number] {
  const valid = validParts(date);
  if (!valid) throw new RangeError(`not a calendar date YYYY-MM-DD: ${date} (不是有效日期)`);
  return valid;
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
