/** Coercive measures (强制措施) and release. */
export const CUSTODY_MEASURES = {
  SUMMONED: { zh: '拘传', en: 'Summoned' },
  BAIL: { zh: '取保候审', en: 'Bail pending trial' },
  RESIDENTIAL_SURVEILLANCE: { zh: '监视居住', en: 'Residential surveillance' },
  DETAINED: { zh: '刑事拘留', en: 'Criminal detention' },
  ARRESTED: { zh: '逮捕', en: 'Arrested' },
  RELEASED: { zh: '释放', en: 'Released' },
} as const;

export type CustodyMeasure = keyof typeof CUSTODY_MEASURES;
export const CUSTODY_MEASURE_IDS = Object.keys(CUSTODY_MEASURES) as [CustodyMeasure, ...CustodyMeasure[]];

/** Measures under which the person is held, so deadlines do not move off holidays (CPL 105). */
export const IN_CUSTODY_MEASURES: ReadonlySet<CustodyMeasure> = new Set(['DETAINED', 'ARRESTED']);

export function custodyMeasureByLabel(label: string): CustodyMeasure | undefined {
  const wanted = label.trim();
  return CUSTODY_MEASURE_IDS.find((id) => CUSTODY_MEASURES[id].zh === wanted);
}
