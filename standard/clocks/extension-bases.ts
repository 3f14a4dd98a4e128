/**
 * Extensions the law allows, as recorded decisions (standard 1.x `DEADLINE_EXTENSION`). Each basis
 * names the article that allows it and the step it adds; the steps of one clock are taken in order
 * (CPL 156 before 158 before 159). A limit the statute says "may" be extended (CPL 172 fast track,
 * 220, 225) stays on its base limit until such a decision arrives.
 */
export const EXTENDABLE_CLOCKS = ['C1', 'C4', 'C5', 'C9', 'C10', 'C11'] as const;
export type ExtendableClock = (typeof EXTENDABLE_CLOCKS)[number];

export const EXTENSION_BASES = [
  'CPL91',
  'CPL156',
  'CPL158',
  'CPL159',
  'CPL172',
  'CPL172_FAST',
  'CPL225',
  'CPL220',
  'CPL208_PRESIDENT',
  'CPL208_HIGHER_COURT',
  'CPL208_SPC',
] as const;
export type ExtensionBasis = (typeof EXTENSION_BASES)[number];

export interface ExtensionBasisInfo {
  clock: ExtendableClock;
  /** Article, as shown in the ledger. */
  article: string;
  zh: string;
  en: string;
  /** For C5: the review track the basis belongs to. */
  track?: 'FAST' | 'NORMAL';
  /** The statute sets no upper limit (the decision states the new last day). */
  openEnded?: true;
  /** The likely sentence (months) must exceed this for the extension to be lawful. */
  sentenceOverMonths?: number;
}

export const EXTENSION_BASIS_INFO: Readonly<Record<ExtensionBasis, ExtensionBasisInfo>> = {
  CPL91: {
    clock: 'C1',
    article: 'CPL 91',
    zh: '特殊情况下提请审查批准的时间延长一日至四日',
    en: 'special circumstances: request period extended by 1 to 4 days',
  },
  CPL156: {
    clock: 'C4',
    article: 'CPL 156',
    zh: '案情复杂、期限届满不能终结，经上一级检察院批准延长一个月',
    en: 'complex case, +1 month approved by the procuratorate one level up',
  },
  CPL158: {
    clock: 'C4',
    article: 'CPL 158',
    zh: '重大复杂案件经省级检察院批准延长二个月',
    en: 'major complex case (remote area, criminal group, roving, wide-reaching), +2 months approved by the provincial procuratorate',
  },
  CPL159: {
    clock: 'C4',
    article: 'CPL 159',
    zh: '可能判处十年有期徒刑以上刑罚，经省级检察院批准再延长二个月',
    en: 'likely sentence of 10 years or more, a further +2 months approved by the provincial procuratorate',
  },
  CPL172: { clock: 'C5', article: 'CPL 172', zh: '重大、复杂案件审查起诉期限延长十五日', en: 'major or complex case: review period +15 days', track: 'NORMAL' },
  CPL172_FAST: {
    clock: 'C5',
    article: 'CPL 172',
    zh: '速裁案件可能判处有期徒刑超过一年的，审查起诉期限延长至十五日',
    en: 'fast track, likely sentence over one year: review period extended to 15 days',
    track: 'FAST',
    sentenceOverMonths: 12,
  },
  CPL225: {
    clock: 'C9',
    article: 'CPL 225',
    zh: '速裁程序可能判处有期徒刑超过一年的，审理期限延长至十五日',
    en: 'fast-track trial, likely sentence over one year: extended to 15 days',
    sentenceOverMonths: 12,
  },
  CPL220: {
    clock: 'C10',
    article: 'CPL 220',
    zh: '简易程序可能判处有期徒刑超过三年的，审理期限延长至一个半月',
    en: 'summary trial, likely sentence over three years: extended to 1.5 months',
    sentenceOverMonths: 36,
  },
  CPL208_PRESIDENT: {
    clock: 'C11',
    article: 'CPL 208, 解释 210',
    zh: '普通程序审理期限经本院院长批准延长至三个月',
    en: "ordinary trial extended to 3 months with the court president's approval",
  },
  CPL208_HIGHER_COURT: {
    clock: 'C11',
    article: 'CPL 208',
    zh: '经上一级人民法院批准再延长三个月',
    en: 'a further 3 months with the approval of the court one level up',
  },
  CPL208_SPC: {
    clock: 'C11',
    article: 'CPL 208',
    zh: '因特殊情况报请最高人民法院批准延长',
    en: "further extension approved by the Supreme People's Court (no statutory cap; the decision states the last day)",
    openEnded: true,
  },
};

/** The bases of each clock in the order the law grants them. */
export const EXTENSION_STEPS: Readonly<Record<ExtendableClock, readonly ExtensionBasis[]>> = {
  C1: ['CPL91'],
  C4: ['CPL156', 'CPL158', 'CPL159'],
  C5: ['CPL172', 'CPL172_FAST'],
  C9: ['CPL225'],
  C10: ['CPL220'],
  C11: ['CPL208_PRESIDENT', 'CPL208_HIGHER_COURT', 'CPL208_SPC'],
};
