import { z } from 'zod';
import { anyDivisionCode, isoDate, nonEmptyText, yuan } from './primitives';

export const TRACKS = ['FAST', 'SIMPLIFIED', 'ORDINARY'] as const;
export const TRACK_LABELS = {
  FAST: { zh: '速裁程序', en: 'Fast track' },
  SIMPLIFIED: { zh: '简易程序', en: 'Summary procedure' },
  ORDINARY: { zh: '普通程序', en: 'Ordinary procedure' },
} as const satisfies Record<(typeof TRACKS)[number], { zh: string; en: string }>;
export const TrackSchema = z.enum(TRACKS).describe('程序（速裁/简易/普通）');
export type Track = z.infer<typeof TrackSchema>;

export const CHARGES = { THEFT: { zh: '盗窃罪', statute: '刑法第二百六十四条' } } as const;

export const ChargeSchema = z
  .strictObject({
    code: z.enum(['THEFT']).describe('罪名代码'),
    statute: nonEmptyText.optional().describe('法条'),
  })
  .describe('罪名');

export const CaseInfoSchema = z
  .strictObject({
    name: nonEmptyText.optional().describe('案件名称'),
    charge: ChargeSchema.optional().describe('罪名'),
    amountYuan: yuan.optional().describe('涉案金额（元）'),
    guiltyPlea: z.boolean().optional().describe('认罪认罚'),
    track: TrackSchema.optional(),
    crimeDivision: anyDivisionCode.optional().describe('案发地区划代码'),
    occurredOn: isoDate.optional().describe('案发日期'),
    facts: nonEmptyText.optional().describe('简要案情'),
  })
  .describe('案件信息');

export type CaseInfo = z.infer<typeof CaseInfoSchema>;
