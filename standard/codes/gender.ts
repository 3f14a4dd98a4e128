/** GB/T 2261.1 sex codes. */
export const GENDERS = {
  '0': { zh: '未知的性别', en: 'Unknown' },
  '1': { zh: '男性', en: 'Male' },
  '2': { zh: '女性', en: 'Female' },
  '9': { zh: '未说明的性别', en: 'Unspecified' },
} as const;

export type Gender = keyof typeof GENDERS;
export const GENDER_CODES = Object.keys(GENDERS) as [Gender, ...Gender[]];
