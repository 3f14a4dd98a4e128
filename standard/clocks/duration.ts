import { z } from 'zod';
import { bilingual } from '../schema/primitives';

/**
 * A statutory period: calendar months and/or days, or hours (never mixed with the others).
 * `{ months: 1, days: 15 }` is "one and a half months" (一个半月): months first, then days.
 */
export interface Duration {
  months?: number;
  days?: number;
  hours?: number;
}

const count = z
  .number()
  .int()
  .nonnegative({ error: bilingual('must be a whole number ≥ 0', '应为非负整数') });

export const DurationSchema = z
  .strictObject({ months: count.optional(), days: count.optional(), hours: count.optional() })
  .refine((d) => d.months !== undefined || d.days !== undefined || d.hours !== undefined, {
    error: bilingual('needs months, days or hours', '应给出月、日或小时'),
  })
  .refine((d) => d.hours === undefined || (d.months === undefined && d.days === undefined), {
    error: bilingual('hours cannot be combined with months or days', '小时不能与月、日混用'),
  });

export function describeDuration(duration: Duration): { en: string; zh: string } {
  const en: string[] = [];
  const zh: string[] = [];
  if (duration.months) {
    en.push(`${duration.months} month${duration.months === 1 ? '' : 's'}`);
    zh.push(`${duration.months}个月`);
  }
  if (duration.days !== undefined && (duration.days > 0 || en.length === 0)) {
    en.push(`${duration.days} day${duration.days === 1 ? '' : 's'}`);
    zh.push(`${duration.days}日`);
  }
  if (duration.hours !== undefined) {
    en.push(`${duration.hours} hour${duration.hours === 1 ? '' : 's'}`);
    zh.push(`${duration.hours}小时`);
  }
  return { en: en.join(' '), zh: zh.join('') };
}

export function addDurations(a: Duration, b: Duration): Duration {
  if (a.hours !== undefined || b.hours !== undefined) {
    if (a.months || a.days || b.months || b.days) throw new RangeError(bilingual('cannot add hours to months or days', '小时不能与月、日相加'));
    return { hours: (a.hours ?? 0) + (b.hours ?? 0) };
  }
  return { months: (a.months ?? 0) + (b.months ?? 0), days: (a.days ?? 0) + (b.days ?? 0) };
}
