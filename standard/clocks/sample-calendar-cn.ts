import { addDays } from './calendar-date';
import type { HolidayCalendar } from './holiday-calendar';

/**
 * SAMPLE DATA — Chinese public holidays 2022–2026 as published in the State Council notices
 * (国办发明电〔2021〕11号, 〔2022〕16号, 〔2023〕7号, 〔2024〕12号, 〔2025〕7号). Shipped for tests and
 * demonstrations; a deployment supplies its own calendar and checks it against the notice each year.
 */
interface HolidayBlock {
  name: string;
  from: string;
  to: string;
  /** 调休 working days belonging to this block. */
  makeUp?: readonly string[];
}

export const SAMPLE_CN_HOLIDAY_BLOCKS: readonly HolidayBlock[] = [
  // 2022 国办发明电〔2021〕11号
  { name: '2022 元旦', from: '2022-01-01', to: '2022-01-03' },
  { name: '2022 春节', from: '2022-01-31', to: '2022-02-06', makeUp: ['2022-01-29', '2022-01-30'] },
  { name: '2022 清明节', from: '2022-04-03', to: '2022-04-05', makeUp: ['2022-04-02'] },
  { name: '2022 劳动节', from: '2022-04-30', to: '2022-05-04', makeUp: ['2022-04-24', '2022-05-07'] },
  { name: '2022 端午节', from: '2022-06-03', to: '2022-06-05' },
  { name: '2022 中秋节', from: '2022-09-10', to: '2022-09-12' },
  { name: '2022 国庆节', from: '2022-10-01', to: '2022-10-07', makeUp: ['2022-10-08', '2022-10-09'] },
  // 2023 国办发明电〔2022〕16号
  { name: '2023 元旦', from: '2022-12-31', to: '2023-01-02' },
  { name: '2023 春节', from: '2023-01-21', to: '2023-01-27', makeUp: ['2023-01-28', '2023-01-29'] },
  { name: '2023 清明节', from: '2023-04-05', to: '2023-04-05' },
  { name: '2023 劳动节', from: '2023-04-29', to: '2023-05-03', makeUp: ['2023-04-23', '2023-05-06'] },
  { name: '2023 端午节', from: '2023-06-22', to: '2023-06-24', makeUp: ['2023-06-25'] },
  { name: '2023 中秋节、国庆节', from: '2023-09-29', to: '2023-10-06', makeUp: ['2023-10-07', '2023-10-08'] },
  // 2024 国办发明电〔2023〕7号
  { name: '2024 元旦', from: '2023-12-30', to: '2024-01-01' },
  { name: '2024 春节', from: '2024-02-10', to: '2024-02-17', makeUp: ['2024-02-04', '2024-02-18'] },
  { name: '2024 清明节', from: '2024-04-04', to: '2024-04-06', makeUp: ['2024-04-07'] },
  { name: '2024 劳动节', from: '2024-05-01', to: '2024-05-05', makeUp: ['2024-04-28', '2024-05-11'] },
  { name: '2024 端午节', from: '2024-06-08', to: '2024-06-10' },
  { name: '2024 中秋节', from: '2024-09-15', to: '2024-09-17', makeUp: ['2024-09-14'] },
  { name: '2024 国庆节', from: '2024-10-01', to: '2024-10-07', makeUp: ['2024-09-29', '2024-10-12'] },
  // 2025 国办发明电〔2024〕12号
  { name: '2025 元旦', from: '2025-01-01', to: '2025-01-01' },
  { name: '2025 春节', from: '2025-01-28', to: '2025-02-04', makeUp: ['2025-01-26', '2025-02-08'] },
  { name: '2025 清明节', from: '2025-04-04', to: '2025-04-06' },
  { name: '2025 劳动节', from: '2025-05-01', to: '2025-05-05', makeUp: ['2025-04-27'] },
  { name: '2025 端午节', from: '2025-05-31', to: '2025-06-02' },
  { name: '2025 国庆节、中秋节', from: '2025-10-01', to: '2025-10-08', makeUp: ['2025-09-28', '2025-10-11'] },
  // 2026 国办发明电〔2025〕7号
  { name: '2026 元旦', from: '2026-01-01', to: '2026-01-03', makeUp: ['2026-01-04'] },
  { name: '2026 春节', from: '2026-02-15', to: '2026-02-23', makeUp: ['2026-02-14', '2026-02-28'] },
  { name: '2026 清明节', from: '2026-04-04', to: '2026-04-06' },
  { name: '2026 劳动节', from: '2026-05-01', to: '2026-05-05', makeUp: ['2026-05-09'] },
  { name: '2026 端午节', from: '2026-06-19', to: '2026-06-21' },
  { name: '2026 中秋节', from: '2026-09-25', to: '2026-09-27' },
  { name: '2026 国庆节', from: '2026-10-01', to: '2026-10-07', makeUp: ['2026-09-20', '2026-10-10'] },
];

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

const yearOf = (block: HolidayBlock): number => Number(block.name.slice(0, 4));
const NOTICES: Record<number, string> = {
  2022: '国办发明电〔2021〕11号',
  2023: '国办发明电〔2022〕16号',
  2024: '国办发明电〔2023〕7号',
  2025: '国办发明电〔2024〕12号',
  2026: '国办发明电〔2025〕7号',
};

/**
 * 2027 before its notice: the statutory days of 《全国年节及纪念日放假办法》 (2024 revision) on
 * their 2027 dates (春节 除夕–正月初三 2-05…2-08, 清明 4-05, 端午 6-09, 中秋 9-15). The notice moves
 * days and adds 调休: replace this edition with the official one when it is published. Dates in a
 * provisional year are outside `covers`, so every deadline counted into it says
 * `calendarCovered: false`.
 */
export const PROVISIONAL_CN_2027: CalendarEdition = {
  year: 2027,
  source: '全国年节及纪念日放假办法（2024年修订）第二条 — provisional, replace with the State Council notice',
  status: 'PROVISIONAL',
  blocks: [
    { name: '2027 元旦', from: '2027-01-01', to: '2027-01-01' },
    { name: '2027 春节', from: '2027-02-05', to: '2027-02-08' },
    { name: '2027 清明节', from: '2027-04-05', to: '2027-04-05' },
    { name: '2027 劳动节', from: '2027-05-01', to: '2027-05-02' },
    { name: '2027 端午节', from: '2027-06-09', to: '2027-06-09' },
    { name: '2027 中秋节', from: '2027-09-15', to: '2027-09-15' },
    { name: '2027 国庆节', from: '2027-10-01', to: '2027-10-03' },
  ],
};

export const CN_CALENDAR_EDITIONS: readonly CalendarEdition[] = [
  ...[2022, 2023, 2024, 2025, 2026].map((year) => ({
    year,
    source: NOTICES[year]!,
    status: 'OFFICIAL' as const,
    blocks: SAMPLE_CN_HOLIDAY_BLOCKS.filter((b) => yearOf(b) === year),
  })),
  PROVISIONAL_CN_2027,
];

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
