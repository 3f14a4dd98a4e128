/**
 * The org directory file (docs/org-directory.md): divisions, units with their org codes, and the
 * system instances serving them. Shapes only; the cross-entry rules (codes unique, every
 * reference listed, org codes that fit their unit) are in validate.ts.
 */
import { z } from 'zod';
import { AGENCY_IDS } from '../standard/codes/agencies';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;

const text = z
  .string()
  .trim()
  .min(1, { error: bilingual('must not be empty', '不得为空') });
export const BilingualNameSchema = z.strictObject({ 'zh-CN': text, 'en-US': text });
const divisionCode = z.string().regex(/^[1-8]\d{5}$/, { error: bilingual('must be a 6-digit GB/T 2260 division code', '应为6位GB/T 2260行政区划代码') });

export const DivisionEntrySchema = z.strictObject({
  code: divisionCode,
  name: BilingualNameSchema,
  level: z.enum(['province', 'city', 'district'], { error: bilingual('must be province, city or district', '应为 province、city 或 district') }),
  /** The division this one belongs to (a district's city, a city's province). */
  parent: divisionCode.optional(),
  /** Court code of the district's basic court, e.g. 粤0105 (case numbers). */
  courtCode: z
    .string()
    .regex(/^[\u4e00-\u9fff]\d{4}$/, { error: bilingual('must be a court code like 粤0105', '应为法院代字，如 粤0105') })
    .optional(),
  /** One-character abbreviation used in document numbers, e.g. 海. */
  abbr: z
    .string()
    .regex(/^[\u4e00-\u9fff]$/, { error: bilingual('must be one Chinese character', '应为一个汉字') })
    .optional(),
  /** Former codes still sent by some systems, read as this division. */
  aliases: z.array(z.strictObject({ code: divisionCode, name: BilingualNameSchema })).optional(),
});

export const UnitEntrySchema = z.strictObject({
  /**
   * The unit's org code: a 12-digit platform code (division + agency type 01-06 + 0000), or, for
   * units outside that scheme (prisons, detention centres not run as a district unit), the unit's
   * 18-character unified social credit code (统一社会信用代码, GB 32100).
   */
  orgCode: z.string().regex(/^(\d{12}|[0-9A-Z]{18})$/, {
    error: bilingual('must be a 12-digit platform org code or an 18-character unified social credit code', '应为12位平台机构代码或18位统一社会信用代码'),
  }),
  agency: z.enum(AGENCY_IDS, { error: bilingual(`must be one of ${AGENCY_IDS.join(', ')}`, '不是已知机关类型') }),
  division: divisionCode,
  name: BilingualNameSchema,
});

export const InstanceEntrySchema = z.strictObject({
  /** `<kind>-<division>`: the delivery destination of the instance. */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,31}-\d{6}$/, { error: bilingual('must be <kind>-<division>, e.g. court-440105', '应为“系统类型-区划”，如 court-440105') }),
  kind: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, {
    error: bilingual('must be an adapter kind (lower-case letters, digits, dashes)', '应为适配器类型（小写字母、数字、连字符）'),
  }),
  division: divisionCode,
  /** Org codes of the units it serves; the first is its own. */
  serves: z.array(z.string()).min(1, { error: bilingual('must serve at least one unit', '至少应服务一个单位') }),
});

export const DirectoryFileSchema = z.strictObject({
  version: z.literal(1, { error: bilingual('must be 1', '应为 1') }),
  /** `builtin`: this file adds to the shipped directory instead of replacing it. */
  extends: z.literal('builtin', { error: bilingual('must be "builtin" when given', '如填写，应为 "builtin"') }).optional(),
  divisions: z.array(DivisionEntrySchema).default([]),
  units: z.array(UnitEntrySchema).default([]),
  instances: z.array(InstanceEntrySchema).default([]),
});

export type DivisionEntry = z.infer<typeof DivisionEntrySchema>;
export type UnitEntry = z.infer<typeof UnitEntrySchema>;
export type InstanceEntry = z.infer<typeof InstanceEntrySchema>;
export type DirectoryFile = z.infer<typeof DirectoryFileSchema>;
export interface DirectoryData {
  divisions: DivisionEntry[];
  units: UnitEntry[];
  instances: InstanceEntry[];
}
