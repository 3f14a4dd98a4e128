import { beijingDateOf, dayNumber, isoWeekday } from '../standard/clocks/calendar-date';

/** Figure periods are Beijing-time buckets of the closing instant. */
export type Period = 'day' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['day', 'week', 'month'];

/** `2022-12-05` */
export function dayOf(epochMs: number): string {
  return beijingDateOf(epochMs);
}

/** `2022-12` */
export function monthOf(epochMs: number): string {
  return beijingDateOf(epochMs).slice(0, 7);
}

/** ISO 8601 week of the Beijing date, e.g. `2022-W49`. */
export function isoWeekOf(epochMs: number): string {
  const date = beijingDateOf(epochMs);
  const day = dayNumber(date);
  const thursday = day + (4 - isoWeekday(date));
  const thursdayDate = new Date(thursday * 86_400_000);
  const year = thursdayDate.getUTCFullYear();
  const firstDay = Date.UTC(year, 0, 1) / 86_400_000;
  const week = Math.floor((thursday - firstDay) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

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
  return Number(beijingDateOf(epochMs).slice(0, 4));
}

/** The calendar month before `2022-12` is `2022-11`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
