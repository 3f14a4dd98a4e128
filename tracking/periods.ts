import { beijingDayNumber } from '../standard/beijing-time';
import { beijingDateOf, dayNumber, isoWeekday } from '../standard/clocks/calendar-date';

/** Figure periods are Beijing-time buckets of the closing instant. */
export type Period = 'day' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['day', 'week', 'month'];

const DAY_MS = 86_400_000;
/** Bound of each memo below (a figure computation buckets by a few thousand days at most). */
const MEMO_LIMIT = 50_000;

/**
 * Day, week and month labels memoised by Beijing day number: figures bucket hundreds of thousands
 * of records by a few thousand days, and formatting a date is the costly part.
 */
function memoByDay(label: (epochMs: number) => string): (epochMs: number) => string {
  const memo = new Map<number, string>();
  return (epochMs) => {
    const day = beijingDayNumber(epochMs);
    let text = memo.get(day);
    if (text === undefined) {
      text = label(epochMs);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(day, text);
    }
    return text;
  };
}

/** `2022-12-05` */
export const dayOf: (epochMs: number) => string = memoByDay(beijingDateOf);

/** `2022-12` */
export const monthOf: (epochMs: number) => string = memoByDay((epochMs) => beijingDateOf(epochMs).slice(0, 7));

/** ISO 8601 week of the Beijing date, e.g. `2022-W49`. */
export const isoWeekOf: (epochMs: number) => string = memoByDay((epochMs) => {
  const date = beijingDateOf(epochMs);
  const day = dayNumber(date);
  const thursday = day + (4 - isoWeekday(date));
  const thursdayDate = new Date(thursday * DAY_MS);
  const year = thursdayDate.getUTCFullYear();
  const firstDay = Date.UTC(year, 0, 1) / DAY_MS;
  const week = Math.floor((thursday - firstDay) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
});

export function periodOf(period: Period, epochMs: number): string {
  switch (period) {
    case 'day':
      return dayOf(epochMs);
    case 'week':
      return isoWeekOf(epochMs);
    case 'month':
      return monthOf(epochMs);
  }
}

/** Beijing year of an instant (case numbers count per year). */
export function beijingYearOf(epochMs: number): number {
  return Number(dayOf(epochMs).slice(0, 4));
}

/** The calendar month before `2022-12` is `2022-11`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
