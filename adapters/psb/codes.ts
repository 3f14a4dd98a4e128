/** JZPT (PSB) code tables ↔ the standard's codes (legacy/README.md §1). */
import type { CustodyMeasure } from '../../standard/codes/custody-measures';
import type { Gender } from '../../standard/codes/gender';
import type { IdType } from '../../standard/codes/id-types';
import { invertCodes, messageTypeCodes } from '../shared/code-tables';
import messageCodes from './message-codes.json';

/** `BWLX` codes the PSB sends, and those it receives from the other agencies (message-codes.json). */
const MESSAGE_CODES = messageTypeCodes(messageCodes);
export const PSB_SENDS = MESSAGE_CODES.sends;
export const PSB_RECEIVES = MESSAGE_CODES.receives;

/** `BWLX` → messageType (both directions); `WSLX` uses the shared 文书 codes (adapters/shared/document-codes.ts). */
export const MESSAGE_TYPE_BY_BWLX = MESSAGE_CODES.byCode;
export const bwlxOf = MESSAGE_CODES.codeOf;

/** `XB` is already GB/T 2261.1. */
export const GENDER_BY_XB: Readonly<Record<string, Gender>> = { '0': '0', '1': '1', '2': '2', '9': '9' };

/** `ZJLX` (GA 证件种类): 111 居民身份证, 414 普通护照. */
export const ID_TYPE_BY_ZJLX: Readonly<Record<string, IdType>> = { '111': 'RESIDENT_ID', '414': 'PASSPORT' };
export const zjlxOf = (idType: IdType): string | undefined => (idType === 'RESIDENT_ID' ? '111' : idType === 'PASSPORT' ? '414' : undefined);

/** `QZCS` coercive measure codes. */
export const MEASURE_BY_QZCS: Readonly<Record<string, CustodyMeasure>> = {
  '01': 'SUMMONED',
  '02': 'BAIL',
  '03': 'RESIDENTIAL_SURVEILLANCE',
  '04': 'DETAINED',
  '05': 'ARRESTED',
  '06': 'RELEASED',
};
const QZCS_BY_MEASURE = invertCodes(MEASURE_BY_QZCS);
export const qzcsOf = (measure: CustodyMeasure): string => QZCS_BY_MEASURE.get(measure)!;

/**
 * `AJLB` case category (公安案件类别代码) → charge: only the categories JZPT documents (050200 盗窃).
 * Other categories are refused with the value named until the PSB publishes their table; a charge
 * without a category cannot be sent to JZPT (the encoder reports it).
 */
export const CHARGE_BY_AJLB: Readonly<Record<string, string>> = { '050200': 'THEFT' };
const AJLB_BY_CHARGE: Readonly<Record<string, string>> = { THEFT: '050200', CL264: '050200' };
export const ajlbOf = (charge: string): string | undefined => AJLB_BY_CHARGE[charge];

/** `RZRF` guilty plea. */
export const PLEA_BY_RZRF: Readonly<Record<string, boolean>> = { '1': true, '0': false };

/** `JGXX/JDJG` decision result: 1 approved, 2 not approved. */
export const JDJG_APPROVED = '1';
export const JDJG_NOT_APPROVED = '2';
