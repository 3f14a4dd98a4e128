import { z } from 'zod';
import { CHARGE_CODES, CHARGE_TABLE_INFO, LEGACY_CHARGE_CODES } from '../codes/charges';
import { anyDivisionCode, bilingual, isoDate, nonEmptyText, yuan } from './primitives';

export const TRACKS = ['FAST', 'SIMPLIFIED', 'ORDINARY'] as const;
export const TRACK_LABELS = {
  FAST: { zh: '速裁程序', en: 'Fast track' },
  SIMPLIFIED: { zh: '简易程序', en: 'Summary procedure' },
  ORDINARY: { zh: '普通程序', en: 'Ordinary procedure' },
} as const satisfies Record<(typeof TRACKS)[number], { zh: string; en: string }>;
export const TrackSchema = z.enum(TRACKS).describe('程序（速裁/简易/普通）');
export type Track = z.infer<typeof TrackSchema>;

/**
 * Case circumstances that select a statutory limit (standard 1.x, optional). Recorded facts, never guessed:
 * ROVING / REPEATED / GANG — 流窜作案、多次作案、结伙作案的重大嫌疑分子 (CPL 91: 30 days to request arrest);
 * MAJOR_COMPLEX — 重大、复杂 (SPP Rules 2019 art. 282: 20 days to decide on an arrest request when not detained).
 */
export const CIRCUMSTANCES = ['ROVING', 'REPEATED', 'GANG', 'MAJOR_COMPLEX'] as const;
export type Circumstance = (typeof CIRCUMSTANCES)[number];
export const CIRCUMSTANCE_LABELS = {
  ROVING: { zh: '流窜作案', en: 'Roving offender' },
  REPEATED: { zh: '多次作案', en: 'Repeat offender' },
  GANG: { zh: '结伙作案', en: 'Gang offender' },
  MAJOR_COMPLEX: { zh: '重大复杂', en: 'Major or complex case' },
} as const satisfies Record<Circumstance, { zh: string; en: string }>;

/** The standard 1.0 charge table (one pilot charge); 1.1 uses the full table in codes/charges.ts. */
export const CHARGES = { THEFT: { zh: '盗窃罪', statute: '刑法第二百六十四条' } } as const;

/** Every charge code a message may carry: the full table, plus the 1.0 codes (THEFT = CL264). */
export const CHARGE_CODE_IDS = [...CHARGE_CODES, ...Object.keys(LEGACY_CHARGE_CODES)] as [string, ...string[]];

export const ChargeSchema = z
  .strictObject({
    code: z
      .enum(CHARGE_CODE_IDS, {
        error: bilingual(
          `is not a charge code of the charge table ${CHARGE_TABLE_INFO.table} version ${CHARGE_TABLE_INFO.version}`,
          `不是罪名表（${CHARGE_TABLE_INFO.version}版）中的罪名代码`,
        ),
      })
      .describe('罪名代码'),
    statute: nonEmptyText.optional().describe('法条'),
  })
  .describe('罪名');

export const CaseInfoSchema = z
  .strictObject({
    name: nonEmptyText.optional().describe('案件名称'),
    charge: ChargeSchema.optional().describe('罪名（主罪名）'),
    charges: z.array(ChargeSchema).optional().describe('全案罪名（1.1）'),
    amountYuan: yuan.optional().describe('涉案金额（元）'),
    guiltyPlea: z.boolean().optional().describe('认罪认罚'),
    track: TrackSchema.optional(),
    crimeDivision: anyDivisionCode.optional().describe('案发地区划代码'),
    occurredOn: isoDate.optional().describe('案发日期'),
    facts: nonEmptyText.optional().describe('简要案情'),
    circumstances: z.array(z.enum(CIRCUMSTANCES)).optional().describe('影响法定期限的案件情节（1.x）'),
  })
  .describe('案件信息');

export type CaseInfo = z.infer<typeof CaseInfoSchema>;
