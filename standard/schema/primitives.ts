import { z } from 'zod';
import { AGENCY_IDS } from '../codes/agencies';
import { DIVISION_CODES } from '../codes/divisions';
import { ORG_CODE_PATTERN } from '../codes/org-codes';
import { isValidCalendarDate } from '../validators/resident-id';
import { UNIT_CODE_PATTERN } from '../validators/unit-code';
import { bilingual } from '../bilingual';

/** Error text carries English and Chinese: "reason (原因)". */
export { bilingual };

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isoDate = z
  .string()
  .regex(DATE_SHAPE, { error: bilingual('must be a date YYYY-MM-DD', '应为日期 YYYY-MM-DD'), abort: true })
  .refine(
    (value) => {
      const [, y, m, d] = DATE_SHAPE.exec(value) ?? [];
      return isValidCalendarDate(Number(y), Number(m), Number(d));
    },
    { error: bilingual('is not a calendar date', '不是有效日期') },
  );

export const isoDateTime = z.iso.datetime({
  offset: true,
  error: bilingual('must be ISO 8601 with an offset, e.g. 2022-12-05T09:30:00+08:00', '应为带时区的ISO 8601时间，如 2022-12-05T09:30:00+08:00'),
  // Aborting (like isoDate's shape check) lets a union of the two report its own combined reason.
  abort: true,
});

/** A date, or a moment with its offset, whichever the legacy system knows. */
export const isoDateOrDateTime = z.union([isoDate, isoDateTime], {
  error: bilingual('must be a date YYYY-MM-DD or ISO 8601 with an offset', '应为日期 YYYY-MM-DD 或带时区的ISO 8601时间'),
});

export const yuan = z
  .number()
  .nonnegative({ error: bilingual('must not be negative', '不得为负数') })
  .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, {
    error: bilingual('must have at most 2 decimals (yuan)', '金额最多两位小数（元）'),
  });

export const divisionCode = z.enum(DIVISION_CODES, {
  error: bilingual('is not a pilot division code (440105, 440111, 440112, 440115)', '不是试点区划代码'),
});

export const anyDivisionCode = z.string().regex(/^\d{6}$/, { error: bilingual('must be a 6-digit GB/T 2260 code', '应为6位行政区划代码') });

export const orgCode = z.string().regex(ORG_CODE_PATTERN, {
  error: bilingual('must be a 12-digit platform org code (division + type 01-06 + 0000)', '应为12位平台机构代码'),
});

/** Standard 1.1: a 12-digit platform org code, or the 18-character unit code of a unit outside that scheme (prisons …). */
export const orgOrUnitCode = z.string().regex(new RegExp(`^(?:${ORG_CODE_PATTERN.source.slice(1, -1)}|${UNIT_CODE_PATTERN.source.slice(1, -1)})$`), {
  error: bilingual(
    'must be a 12-digit platform org code (division + type 01-06 + 0000) or an 18-character unit code (unified social credit code)',
    '应为12位平台机构代码或18位单位代码（统一社会信用代码）',
  ),
});

export const agency = z.enum(AGENCY_IDS, { error: bilingual('is not a known agency', '不是已知机关类型') });

export const nonEmptyText = z
  .string()
  .trim()
  .min(1, { error: bilingual('must not be empty', '不得为空') });
