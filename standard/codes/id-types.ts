/** Identity document types. */
export const ID_TYPES = {
  RESIDENT_ID: { zh: '居民身份证', en: 'Resident identity card' },
  PASSPORT: { zh: '护照', en: 'Passport' },
  OTHER: { zh: '其他证件', en: 'Other document' },
} as const;

export type IdType = keyof typeof ID_TYPES;
export const ID_TYPE_IDS = Object.keys(ID_TYPES) as [IdType, ...IdType[]];
