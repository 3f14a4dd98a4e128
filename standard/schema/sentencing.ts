import { z } from 'zod';
import { TrackSchema } from './case-info';
import { LawyerSchema } from './parties';
import { bilingual, isoDate, isoDateOrDateTime, nonEmptyText, yuan } from './primitives';

export const PRINCIPAL_PENALTIES = {
  FIXED_TERM: '有期徒刑',
  SHORT_DETENTION: '拘役',
  SURVEILLANCE: '管制',
  FINE_ONLY: '罚金',
  EXEMPTED: '免予刑事处罚',
} as const;
export type PrincipalPenalty = keyof typeof PRINCIPAL_PENALTIES;
export const PrincipalPenaltySchema = z
  .enum(Object.keys(PRINCIPAL_PENALTIES) as [PrincipalPenalty, ...PrincipalPenalty[]])
  .describe('主刑');

const months = z.number().int().nonnegative();

/** 量刑建议 (domain.md §4). */
export const SentencingRecommendationSchema = z
  .strictObject({
    principal: PrincipalPenaltySchema,
    kind: z.enum(['FIXED', 'RANGE']).describe('确定刑/幅度刑'),
    termMonths: months.optional().describe('刑期（月）'),
    range: z.strictObject({ min: months.describe('下限（月）'), max: months.describe('上限（月）') }).optional().describe('幅度'),
    probationMonths: months.optional().describe('缓刑考验期（月）'),
    fineYuan: yuan.optional().describe('罚金（元）'),
    leniencyGrounds: z.array(nonEmptyText).optional().describe('从宽情节'),
  })
  .describe('量刑建议')
  .superRefine((rec, ctx) => {
    if (rec.kind === 'RANGE' && rec.range && rec.range.min > rec.range.max) {
      ctx.addIssue({ code: 'custom', path: ['range'], input: rec.range, message: bilingual('min is greater than max', '下限大于上限') });
    }
  });

/** 认罪认罚具结书 (domain.md §4). */
export const PleaAffidavitSchema = z
  .strictObject({
    signedAt: isoDateOrDateTime.describe('签署时间'),
    lawyer: LawyerSchema.optional().describe('在场律师'),
    prosecutor: nonEmptyText.optional().describe('检察官'),
    admittedCharge: nonEmptyText.optional().describe('认可的罪名'),
    recommendation: SentencingRecommendationSchema.optional().describe('同意的量刑建议'),
    agreedProcedure: TrackSchema.optional(),
    recordingRef: nonEmptyText.optional().describe('同步录音录像编号'),
    status: z.enum(['SIGNED', 'WITHDRAWN']).describe('状态'),
  })
  .describe('认罪认罚具结书');

/** A sentence as pronounced (JUDGMENT) or to be executed (EXECUTION_NOTICE). */
export const SentenceSchema = z
  .strictObject({
    principal: PrincipalPenaltySchema,
    termMonths: months.optional().describe('刑期（月）'),
    probationMonths: months.optional().describe('缓刑考验期（月）'),
    fineYuan: yuan.optional().describe('罚金（元）'),
    termStart: isoDate.optional().describe('刑期起算日'),
    termEnd: isoDate.optional().describe('刑期届满日'),
  })
  .describe('刑罚');

export type SentencingRecommendation = z.infer<typeof SentencingRecommendationSchema>;
export type PleaAffidavit = z.infer<typeof PleaAffidavitSchema>;
export type Sentence = z.infer<typeof SentenceSchema>;
