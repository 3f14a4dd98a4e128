/** Agencies taking part in the platform (domain.md §1) and their platform org-code type digits. */
export const AGENCIES = {
  PSB: { zh: '公安机关', en: 'Public security bureau', orgType: '01' },
  PROCURATORATE: { zh: '人民检察院', en: "People's procuratorate", orgType: '02' },
  COURT: { zh: '人民法院', en: "People's court", orgType: '03' },
  LEGAL_AID_CENTER: { zh: '法律援助中心', en: 'Legal aid centre', orgType: '04' },
  DETENTION_CENTER: { zh: '看守所', en: 'Detention centre', orgType: '05' },
  COMMUNITY_CORRECTIONS: { zh: '社区矫正机构', en: 'Community corrections', orgType: '06' },
  PRISON: { zh: '监狱', en: 'Prison', orgType: null },
} as const;

export type Agency = keyof typeof AGENCIES;
export const AGENCY_IDS = Object.keys(AGENCIES) as [Agency, ...Agency[]];
