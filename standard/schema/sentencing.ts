import { z } from 'zod';
import { ACCESSORY_PENALTY_IDS, PRINCIPAL_PENALTY_INFO, SUSPENSION_RULES, TERM_LIMIT_MONTHS, TERMLESS_PENALTIES } from '../codes/penalties';
import { ChargeSchema, TrackSchema } from './case-info';
import { LawyerSchema } from './parties';
import { bilingual, isoDate, isoDateOrDateTime, nonEmptyText, yuan } from './primitives';

/** Principal penalty codes and their Chinese names (labels and rules in codes/penalties.ts). */
export const PRINCIPAL_PENALTIES = Object.fromEntries(Object.entries(PRINCIPAL_PENALTY_INFO).map(([id, info]) => [id, info.zh])) as {
  readonly [K in keyof typeof PRINCIPAL_PENALTY_INFO]: (typeof PRINCIPAL_PENALTY_INFO)[K]['zh'];
};
export type PrincipalPenalty = keyof typeof PRINCIPAL_PENALTY_INFO;
export const PRINCIPAL_PENALTY_IDS = Object.keys(PRINCIPAL_PENALTY_INFO) as [PrincipalPenalty, ...PrincipalPenalty[]];
export const PrincipalPenaltySchema = z.enum(PRINCIPAL_PENALTY_IDS, { error: bilingual('is not a known principal penalty', '不是已知主刑') }).describe('主刑');

const months = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

/** A term in years, months and days as pronounced (e.g. 有期徒刑三年六个月); at least one part is above 0. */
export const TermSchema = z
  .strictObject({
    years: count.optional().describe('年'),
    months: count.optional().describe('月'),
    days: count.optional().describe('日'),
  })
  .describe('期限（年/月/日）')
  .refine((term) => (term.years ?? 0) + (term.months ?? 0) + (term.days ?? 0) > 0, { error: bilingual('must not be zero', '期限不得为零') });

export type Term = z.infer<typeof TermSchema>;

/** A term in months, days counted as 1/30 month (only to compare with the statutory limits). */
export function termInMonths(term: Term): number {
  return (term.years ?? 0) * 12 + (term.months ?? 0) + (term.days ?? 0) / 30;
}

/** 附加刑 (art. 34, 35): fine, deprivation of political rights, confiscation of property, deportation. */
export const AccessoryPenaltySchema = z
  .strictObject({
    kind: z.enum(ACCESSORY_PENALTY_IDS, { error: bilingual('is not a known accessory penalty', '不是已知附加刑') }).describe('附加刑种类'),
    amountYuan: yuan.optional().describe('金额（元）：罚金数额或没收的部分财产'),
    term: TermSchema.optional().describe('剥夺政治权利期限'),
    lifelong: z.boolean().optional().describe('剥夺政治权利终身'),
    wholeProperty: z.boolean().optional().describe('没收全部财产'),
  })
  .describe('附加刑')
  .superRefine((penalty, ctx) => {
    const issue = (path: string, en: string, zh: string) =>
      ctx.addIssue({ code: 'custom', path: [path], input: (penalty as Record<string, unknown>)[path], message: bilingual(en, zh) });
    const isDpr = penalty.kind === 'DEPRIVATION_OF_POLITICAL_RIGHTS';
    if (!isDpr && penalty.term !== undefined) issue('term', `is only for DEPRIVATION_OF_POLITICAL_RIGHTS, not ${penalty.kind}`, '期限仅适用于剥夺政治权利');
    if (!isDpr && penalty.lifelong !== undefined)
      issue('lifelong', `is only for DEPRIVATION_OF_POLITICAL_RIGHTS, not ${penalty.kind}`, '终身仅适用于剥夺政治权利');
    if (isDpr && (penalty.term === undefined) === (penalty.lifelong !== true)) {
      issue(
        'term',
        'deprivation of political rights needs either a term or lifelong: true (art. 55, 57)',
        '剥夺政治权利应写明期限或终身（刑法第五十五条、第五十七条）',
      );
    }
    if (isDpr && penalty.term && termInMonths(penalty.term) > 60)
      issue('term', 'must be at most 5 years (art. 55)', '剥夺政治权利期限不得超过五年（刑法第五十五条）');
    if (penalty.kind !== 'CONFISCATION_OF_PROPERTY' && penalty.wholeProperty !== undefined)
      issue('wholeProperty', 'is only for CONFISCATION_OF_PROPERTY', '仅适用于没收财产');
    if (penalty.kind === 'CONFISCATION_OF_PROPERTY' && penalty.wholeProperty === true && penalty.amountYuan !== undefined) {
      issue('amountYuan', 'confiscation of all property has no amount', '没收全部财产不写金额');
    }
    if ((penalty.kind === 'DEPORTATION' || isDpr) && penalty.amountYuan !== undefined) issue('amountYuan', `${penalty.kind} has no amount`, '该附加刑无金额');
  });

export type AccessoryPenaltyItem = z.infer<typeof AccessoryPenaltySchema>;

/** 量刑建议 (domain.md §4). */
export const SentencingRecommendationSchema = z
  .strictObject({
    principal: PrincipalPenaltySchema,
    kind: z.enum(['FIXED', 'RANGE']).describe('确定刑/幅度刑'),
    termMonths: months.optional().describe('刑期（月）'),
    range: z
      .strictObject({ min: months.describe('下限（月）'), max: months.describe('上限（月）') })
      .optional()
      .describe('幅度'),
    probationMonths: months.optional().describe('缓刑考验期（月）'),
    fineYuan: yuan.optional().describe('罚金（元）'),
    accessories: z.array(AccessoryPenaltySchema).optional().describe('附加刑（1.1）'),
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

type SentenceShape = {
  principal: PrincipalPenalty;
  termMonths?: number;
  term?: Term;
  suspended?: boolean;
  probation?: Term;
  probationMonths?: number;
  fineYuan?: number;
  accessories?: AccessoryPenaltyItem[];
  termStart?: string;
  termEnd?: string;
  noCommutationOrParole?: boolean;
};

/** The pronounced term in months: 1.1 `term`, else 1.0 `termMonths`. */
export function sentenceTermMonths(sentence: { term?: Term; termMonths?: number }): number | undefined {
  return sentence.term ? termInMonths(sentence.term) : sentence.termMonths;
}

/** The probation in months: 1.1 `probation`, else 1.0 `probationMonths`. */
export function sentenceProbationMonths(sentence: { probation?: Term; probationMonths?: number }): number | undefined {
  return sentence.probation ? termInMonths(sentence.probation) : sentence.probationMonths;
}

/** The sentence is suspended (缓刑): said in 1.1, or implied by a 1.0 probation. */
export function isSuspended(sentence: { suspended?: boolean; probation?: Term; probationMonths?: number }): boolean {
  return sentence.suspended ?? (sentenceProbationMonths(sentence) ?? 0) > 0;
}

function checkSentence(sentence: SentenceShape, ctx: z.RefinementCtx): void {
  const issue = (path: string, en: string, zh: string) =>
    ctx.addIssue({ code: 'custom', path: [path], input: (sentence as Record<string, unknown>)[path], message: bilingual(en, zh) });
  const { principal } = sentence;
  const termless = (TERMLESS_PENALTIES as readonly string[]).includes(principal);
  const months = sentenceTermMonths(sentence);
  if (sentence.term !== undefined && sentence.termMonths !== undefined && termInMonths(sentence.term) !== sentence.termMonths) {
    issue('termMonths', `disagrees with term (${termInMonths(sentence.term)} months)`, '与 term 不一致');
  }
  if (termless && months !== undefined)
    issue(sentence.term ? 'term' : 'termMonths', `${principal} has no term`, `${PRINCIPAL_PENALTY_INFO[principal].zh}没有刑期`);
  if (!termless && months !== undefined) {
    const limit = TERM_LIMIT_MONTHS[principal as keyof typeof TERM_LIMIT_MONTHS];
    if (months < limit.min || months > limit.max) {
      issue(
        sentence.term ? 'term' : 'termMonths',
        `${principal} runs from ${limit.min} to ${limit.max} months (arts. 38, 42, 45, 69)`,
        `${PRINCIPAL_PENALTY_INFO[principal].zh}的期限为${limit.min}至${limit.max}个月（刑法第三十八条、第四十二条、第四十五条、第六十九条）`,
      );
    }
  }
  const suspended = isSuspended(sentence);
  const probation = sentenceProbationMonths(sentence);
  if (suspended) {
    const rule = SUSPENSION_RULES[principal as keyof typeof SUSPENSION_RULES];
    if (!rule)
      issue(
        'suspended',
        `a suspended sentence is only for SHORT_DETENTION or FIXED_TERM, not ${principal} (art. 72)`,
        '缓刑只适用于拘役或三年以下有期徒刑（刑法第七十二条）',
      );
    else {
      if (months !== undefined && months > rule.maxTermMonths)
        issue(
          'suspended',
          `a suspended ${principal} is at most ${rule.maxTermMonths} months (art. 72)`,
          '缓刑只适用于拘役或三年以下有期徒刑（刑法第七十二条）',
        );
      if (probation === undefined) issue('probation', 'a suspended sentence needs its probation term (art. 73)', '宣告缓刑应写明考验期（刑法第七十三条）');
      else if (probation < rule.probation.min || probation > rule.probation.max || (months !== undefined && probation < months)) {
        issue(
          sentence.probation ? 'probation' : 'probationMonths',
          `probation runs ${rule.probation.min}–${rule.probation.max} months and not less than the term (art. 73)`,
          `考验期为${rule.probation.min}至${rule.probation.max}个月且不能少于原判刑期（刑法第七十三条）`,
        );
      }
    }
  } else if (sentence.suspended === false && probation !== undefined) {
    issue('probation', 'a probation term needs suspended: true', '有考验期应同时宣告缓刑');
  }
  if (sentence.noCommutationOrParole === true && principal !== 'DEATH_WITH_REPRIEVE') {
    issue(
      'noCommutationOrParole',
      'life imprisonment without commutation or parole follows only a death sentence with reprieve (arts. 383, 386)',
      '终身监禁只适用于判处死刑缓期执行的贪污、受贿犯罪（刑法第三百八十三条、第三百八十六条）',
    );
  }
  const severe = principal === 'DEATH' || principal === 'DEATH_WITH_REPRIEVE' || principal === 'LIFE_IMPRISONMENT';
  (sentence.accessories ?? []).forEach((accessory, index) => {
    if (severe && accessory.kind === 'DEPRIVATION_OF_POLITICAL_RIGHTS' && accessory.lifelong !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['accessories', index, 'lifelong'],
        input: accessory.lifelong,
        message: bilingual(
          `with ${principal} political rights are deprived for life (art. 57)`,
          '对于被判处死刑、无期徒刑的犯罪分子，应当剥夺政治权利终身（刑法第五十七条）',
        ),
      });
    }
  });
  if (sentence.termStart && sentence.termEnd && sentence.termEnd < sentence.termStart)
    issue('termEnd', `is before termStart ${sentence.termStart}`, `早于刑期起算日${sentence.termStart}`);
}

const sentenceFields = {
  principal: PrincipalPenaltySchema,
  termMonths: months.optional().describe('刑期（月）'),
  term: TermSchema.optional().describe('刑期（年/月/日，1.1）'),
  suspended: z.boolean().optional().describe('宣告缓刑（1.1）'),
  probation: TermSchema.optional().describe('缓刑考验期（1.1）'),
  probationMonths: months.optional().describe('缓刑考验期（月）'),
  fineYuan: yuan.optional().describe('罚金（元）'),
  accessories: z.array(AccessoryPenaltySchema).optional().describe('附加刑（1.1）'),
  termStart: isoDate.optional().describe('刑期起算日'),
  termEnd: isoDate.optional().describe('刑期届满日'),
  noCommutationOrParole: z.boolean().optional().describe('终身监禁，不得减刑、假释（1.1）'),
};

/** A sentence as pronounced (JUDGMENT) or to be executed (EXECUTION_NOTICE). */
export const SentenceSchema = z.strictObject(sentenceFields).describe('刑罚').superRefine(checkSentence);

/** The sentence for one charge of a person convicted of several (数罪并罚, art. 69). */
export const ChargeSentenceSchema = z
  .strictObject({
    charge: ChargeSchema,
    sentence: SentenceSchema.optional(),
  })
  .describe('单项罪名的判决');

/** One defendant's outcome in a judgment or ruling (1.1): verdict, sentence per charge, sentence to execute. */
export const DefendantJudgmentSchema = z
  .strictObject({
    personId: nonEmptyText.describe('当事人编号'),
    verdict: z.enum(['CONVICTED', 'ACQUITTED', 'EXEMPTED']).optional().describe('判决结果'),
    charges: z.array(ChargeSentenceSchema).optional().describe('各罪名及其刑罚'),
    sentence: SentenceSchema.optional().describe('决定执行的刑罚'),
  })
  .describe('被告人判决');

export type SentencingRecommendation = z.infer<typeof SentencingRecommendationSchema>;
export type PleaAffidavit = z.infer<typeof PleaAffidavitSchema>;
export type Sentence = z.infer<typeof SentenceSchema>;
export type DefendantJudgment = z.infer<typeof DefendantJudgmentSchema>;
