import { z } from 'zod';
import { addDays } from './calendar-date';
import data from './data/cn-holidays.json';
import type { HolidayCalendar } from './holiday-calendar';

/**
 * SAMPLE DATA — Chinese public holidays 2022–2026 as published in the State Council notices
 * (国办发明电〔2021〕11号, 〔2022〕16号, 〔2023〕7号, 〔2024〕12号, 〔2025〕7号), and 2027 before its
 * notice, as dated editions in data/cn-holidays.json. Shipped for tests and demonstrations; a
 * deployment supplies its own calendar and checks it against the notice each year.
 */
interface HolidayBlock {
  name: string;
  from: string;
  to: string;
  /** 调休 working days belonging to this block. */
  makeUp?: readonly string[];
}

function expand(block: HolidayBlock): string[] {
  const days: string[] = [];
  for (let day = block.from; day <= block.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * One year of the calendar as dated data: the notice it comes from and whether it is official.
 * Update path: when the State Council publishes a year's notice, add (or replace) its edition,
 * build the calendar with `calendarFromEditions` and hand it to `Tracker.updateCalendar`, which
 * recounts every running deadline and reports what moved.
 */
export interface CalendarEdition {
  year: number;
  /** The notice (国办发明电〔…〕…号), or the statute a provisional edition is derived from. */
  source: string;
  /** OFFICIAL: the State Council notice. PROVISIONAL: only the statutory holidays, before the notice (no 调休 yet). */
  status: 'OFFICIAL' | 'PROVISIONAL';
  blocks: readonly HolidayBlock[];
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const HolidayBlockSchema = z.strictObject({ name: z.string().min(1), from: IsoDate, to: IsoDate, makeUp: z.array(IsoDate).optional() });
const EditionSchema = z.strictObject({
  year: z.number().int(),
  source: z.string().min(1),
  status: z.enum(['OFFICIAL', 'PROVISIONAL']),
  blocks: z.array(HolidayBlockSchema),
});

/** The editions of the data file, oldest first: 2022–2026 official, 2027 provisional. */
export const CN_CALENDAR_EDITIONS: readonly CalendarEdition[] = z.strictObject({ editions: z.array(EditionSchema) }).parse(data).editions;

/** The official years' holiday blocks (2022–2026). */
export const SAMPLE_CN_HOLIDAY_BLOCKS: readonly HolidayBlock[] = CN_CALENDAR_EDITIONS.filter((e) => e.status === 'OFFICIAL').flatMap((e) => e.blocks);

/**
 * 2027 before its notice: the statutory days of 《全国年节及纪念日放假办法》 (2024 revision) on
 * their 2027 dates (春节 除夕–正月初三 2-05…2-08, 清明 4-05, 端午 6-09, 中秋 9-15). The notice moves
 * days and adds 调休: replace this edition with the official one when it is published. Dates in a
 * provisional year are outside `covers`, so every deadline counted into it says
 * `calendarCovered: false`.
 */
export const PROVISIONAL_CN_2027: CalendarEdition = CN_CALENDAR_EDITIONS.find((e) => e.year === 2027)!;

/** A calendar from editions: `covers` spans the official years from the first one on (a provisional year is not covered). */
export function calendarFromEditions(editions: readonly CalendarEdition[], id: string): HolidayCalendar {
  const sorted = [...editions].sort((a, b) => a.year - b.year);
  let lastOfficial = sorted[0]!.year - 1;
  for (const edition of sorted) if (edition.status === 'OFFICIAL' && edition.year === lastOfficial + 1) lastOfficial = edition.year;
  const blocks = sorted.flatMap((e) => e.blocks);
  return {
    id,
    description: sorted.map((e) => `${e.year}: ${e.source}${e.status === 'PROVISIONAL' ? ' (provisional 暂定)' : ''}`).join('; '),
    // A holiday block of one year may start in the year before (2023 元旦 from 2022-12-31).
    covers: { from: `${sorted[0]!.year}-01-01`, to: `${lastOfficial}-12-31` },
    nonWorkingDays: blocks.flatMap(expand),
    makeUpWorkingDays: blocks.flatMap((block) => block.makeUp ?? []),
  };
}

/** Mainland China working days 2022–2026 (official notices) and 2027 (provisional statutory days until its notice). */
export const CN_CALENDAR: HolidayCalendar = calendarFromEditions(CN_CALENDAR_EDITIONS, 'cn-2022-2027');

/** SAMPLE: mainland China working-day calendar 2022-01-01 … 2026-12-31. */
export const SAMPLE_CN_CALENDAR_2022_2026: HolidayCalendar = {
  id: 'sample-cn-2022-2026',
  description: 'SAMPLE DATA: PRC public holidays and 调休 2022–2026 (State Council notices); verify before production use',
  covers: { from: '2022-01-01', to: '2026-12-31' },
  nonWorkingDays: SAMPLE_CN_HOLIDAY_BLOCKS.flatMap(expand),
  makeUpWorkingDays: SAMPLE_CN_HOLIDAY_BLOCKS.flatMap((block) => block.makeUp ?? []),
};
