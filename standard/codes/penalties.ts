/**
 * Penalties of the Criminal Law (arts. 32–35, 38–60, 72–77): the standard's codes with their labels
 * (data/penalties.json) and rules.
 */
import { z } from 'zod';
import { codeTable, codesOf, LabelSchema } from './code-table';
import data from './data/penalties.json';

/** A penalty's names and the article of the Criminal Law that defines it. */
const PenaltyInfoSchema = LabelSchema.extend({ article: z.string().min(1) });
export type PenaltyInfo = z.infer<typeof PenaltyInfoSchema>;

/** 主刑 (art. 33), plus the outcomes a sentence field must also be able to say (单处附加刑, 免予刑事处罚). */
export const PRINCIPAL_PENALTY_INFO = codeTable(data.principal, PenaltyInfoSchema);

/** 附加刑 (art. 34, 35). */
export const ACCESSORY_PENALTY_INFO = codeTable(data.accessory, PenaltyInfoSchema);

export type AccessoryPenalty = keyof typeof ACCESSORY_PENALTY_INFO;
export const ACCESSORY_PENALTY_IDS = codesOf(ACCESSORY_PENALTY_INFO);

/**
 * Term limits in months, inclusive: a single sentence's minimum (arts. 38, 42, 45) and the maximum a
 * combined sentence for several crimes may reach (art. 69: 管制 3 years, 拘役 1 year, 有期徒刑 20 or 25 years).
 */
export const TERM_LIMIT_MONTHS = {
  SURVEILLANCE: { min: 3, max: 36 },
  SHORT_DETENTION: { min: 1, max: 12 },
  FIXED_TERM: { min: 6, max: 300 },
} as const;

/** 缓刑 (arts. 72, 73): who may have it and how long the probation runs (months). */
export const SUSPENSION_RULES = {
  SHORT_DETENTION: { maxTermMonths: 12, probation: { min: 2, max: 12 } },
  FIXED_TERM: { maxTermMonths: 36, probation: { min: 12, max: 60 } },
} as const;

/** Principal penalties that carry no term (the person is held for life, executed, or not held). */
export const TERMLESS_PENALTIES = ['LIFE_IMPRISONMENT', 'DEATH', 'DEATH_WITH_REPRIEVE', 'FINE_ONLY', 'ACCESSORY_ONLY', 'EXEMPTED'] as const;
