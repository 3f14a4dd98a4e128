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

/** SAMPLE: mainland China working-day calendar 2022-01-01 … 2026-12-31. */
export const SAMPLE_CN_CALENDAR_2022_2026: HolidayCalendar = {
  id: 'sample-cn-2022-2026',
  description: 'SAMPLE DATA: PRC public holidays and 调休 2022–2026 (State Council notices); verify before production use',
  covers: { from: '2022-01-01', to: '2026-12-31' },
  nonWorkingDays: SAMPLE_CN_HOLIDAY_BLOCKS.flatMap(expand),
  makeUpWorkingDays: SAMPLE_CN_HOLIDAY_BLOCKS.flatMap((block) => block.makeUp ?? []),
};
