/** Penalties of the Criminal Law (arts. 32–35, 38–60, 72–77): the standard's codes with their labels and rules. */

export interface PenaltyInfo {
  zh: string;
  en: string;
  /** Article of the Criminal Law that defines it. */
  article: string;
}

/** 主刑 (art. 33), plus the outcomes a sentence field must also be able to say (单处附加刑, 免予刑事处罚). */
export const PRINCIPAL_PENALTY_INFO = {
  FIXED_TERM: { zh: '有期徒刑', en: 'Fixed-term imprisonment', article: '45–47' },
  SHORT_DETENTION: { zh: '拘役', en: 'Criminal detention', article: '42–44' },
  SURVEILLANCE: { zh: '管制', en: 'Public surveillance', article: '38–41' },
  LIFE_IMPRISONMENT: { zh: '无期徒刑', en: 'Life imprisonment', article: '46' },
  DEATH: { zh: '死刑（立即执行）', en: 'Death penalty (immediate execution)', article: '48' },
  DEATH_WITH_REPRIEVE: { zh: '死刑缓期二年执行', en: 'Death penalty with a two-year reprieve', article: '48, 50' },
  FINE_ONLY: { zh: '单处罚金', en: 'Fine only', article: '52' },
  ACCESSORY_ONLY: { zh: '单处附加刑', en: 'Accessory penalty only', article: '34' },
  EXEMPTED: { zh: '免予刑事处罚', en: 'Exempted from criminal punishment', article: '37' },
} as const satisfies Record<string, PenaltyInfo>;

/** 附加刑 (art. 34, 35). */
export const ACCESSORY_PENALTY_INFO = {
  FINE: { zh: '罚金', en: 'Fine', article: '52, 53' },
  DEPRIVATION_OF_POLITICAL_RIGHTS: { zh: '剥夺政治权利', en: 'Deprivation of political rights', article: '54–58' },
  CONFISCATION_OF_PROPERTY: { zh: '没收财产', en: 'Confiscation of property', article: '59, 60' },
  DEPORTATION: { zh: '驱逐出境', en: 'Deportation', article: '35' },
} as const satisfies Record<string, PenaltyInfo>;

export type AccessoryPenalty = keyof typeof ACCESSORY_PENALTY_INFO;
export const ACCESSORY_PENALTY_IDS = Object.keys(ACCESSORY_PENALTY_INFO) as [AccessoryPenalty, ...AccessoryPenalty[]];

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
