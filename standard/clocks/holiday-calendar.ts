import { z } from 'zod';
import { bilingual } from '../schema/primitives';
import { addDays, isIsoDate, isoWeekday } from './calendar-date';

/**
 * Which days are working days. The calendar is input data, never logic: public holidays and
 * make-up working days (调休) change every year by State Council notice.
 */
export interface HolidayCalendar {
  id: string;
  description?: string;
  /** First and last date (inclusive) the lists are known to be complete for. */
  covers: { from: string; to: string };
  /** Non-working dates (public holidays, including weekend days inside a holiday block). */
  nonWorkingDays: readonly string[];
  /** 调休: weekend dates that are working days. */
  makeUpWorkingDays: readonly string[];
  /** ISO weekdays that are non-working unless listed as make-up days (default Saturday 6, Sunday 7). */
  weekend?: readonly number[];
}

const date = z.string().refine(isIsoDate, { error: bilingual('must be a date YYYY-MM-DD', '应为日期 YYYY-MM-DD') });

/** For calendars loaded from JSON or configuration. */
export const HolidayCalendarSchema = z
  .strictObject({
    id: z.string().min(1),
    description: z.string().optional(),
    covers: z.strictObject({ from: date, to: date }),
    nonWorkingDays: z.array(date),
    makeUpWorkingDays: z.array(date),
    weekend: z.array(z.number().int().min(1).max(7)).optional(),
  })
  .superRefine((calendar, ctx) => {
    if (calendar.covers.from > calendar.covers.to) {
      ctx.addIssue({ code: 'custom', path: ['covers'], input: calendar.covers, message: bilingual('from is after to', '起始日期晚于结束日期') });
    }
    const holidays = new Set(calendar.nonWorkingDays);
    calendar.makeUpWorkingDays.forEach((day, index) => {
      if (holidays.has(day)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeUpWorkingDays', index],
          input: day,
          message: bilingual(`${day} is listed both as a non-working day and as a make-up working day`, `${day}同时被列为节假日和调休上班日`),
        });
      }
    });
  });

interface CalendarIndex {
  nonWorking: Set<string>;
  makeUp: Set<string>;
  weekend: Set<number>;
}

const indexes = new WeakMap<HolidayCalendar, CalendarIndex>();

function indexOf(calendar: HolidayCalendar): CalendarIndex {
  let index = indexes.get(calendar);
  if (!index) {
    index = {
      nonWorking: new Set(calendar.nonWorkingDays),
      makeUp: new Set(calendar.makeUpWorkingDays),
      weekend: new Set(calendar.weekend ?? [6, 7]),
    };
    indexes.set(calendar, index);
  }
  return index;
}

export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  const index = indexOf(calendar);
  if (index.makeUp.has(date)) return true;
  if (index.nonWorking.has(date)) return false;
  return !index.weekend.has(isoWeekday(date));
}

export function calendarCovers(date: string, calendar: HolidayCalendar): boolean {
  return date >= calendar.covers.from && date <= calendar.covers.to;
}

const MAX_SEARCH_DAYS = 366;

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, calendar: HolidayCalendar): string {
  let day = date;
  for (let step = 0; step < MAX_SEARCH_DAYS; step += 1) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) return day;
  }
  throw new RangeError(bilingual(`calendar ${calendar.id} has no working day within a year after ${date}`, `日历${calendar.id}在${date}之后一年内没有工作日`));
}
