/** Coercive measures (强制措施) and release (data/custody-measures.json). */
import { codeTable, codesOf, LabelSchema } from './code-table';
import data from './data/custody-measures.json';

export const CUSTODY_MEASURES = codeTable(data, LabelSchema);

export type CustodyMeasure = keyof typeof CUSTODY_MEASURES;
export const CUSTODY_MEASURE_IDS = codesOf(CUSTODY_MEASURES);

/** Measures under which the person is held, so deadlines do not move off holidays (CPL 105). */
export const IN_CUSTODY_MEASURES: ReadonlySet<CustodyMeasure> = new Set(['DETAINED', 'ARRESTED']);

export function custodyMeasureByLabel(label: string): CustodyMeasure | undefined {
  const wanted = label.trim();
  return CUSTODY_MEASURE_IDS.find((id) => CUSTODY_MEASURES[id].zh === wanted);
}
