/** TYYW (procuratorate) code tables ↔ the standard's codes (legacy/README.md §2). */
import { CUSTODY_MEASURES, custodyMeasureByLabel, type CustodyMeasure } from '../../standard/codes/custody-measures';
import type { Gender } from '../../standard/codes/gender';
import { ID_TYPES, ID_TYPE_IDS, type IdType } from '../../standard/codes/id-types';
import type { DocumentType, MessageType } from '../../standard/codes/message-types';
import { documentCodeOf, documentTypeOf } from '../shared/document-codes';
import { invertCodes } from '../shared/code-tables';

/** `msgType` codes the procuratorate sends. `SCDB_JD` is ARREST_APPROVAL or ARREST_DENIAL by `jd.jdlx`. */
export const PROCURATORATE_SENDS = {
  SLHZ: 'ACCEPTANCE_ACK',
  TBJD: 'SUPP_INV_RETURN',
  BQSJD: 'NON_PROSECUTION_DECISION',
  QSS: 'INDICTMENT',
  FYTZ: 'LEGAL_AID_NOTICE',
  SDHZ: 'SERVICE_RECEIPT',
} as const satisfies Record<string, MessageType>;

export const ARREST_DECISION_MSG_TYPE = 'SCDB_JD';

/** `msgType` codes the procuratorate receives. */
export const PROCURATORATE_RECEIVES = {
  TQPZDB: 'ARREST_REQUEST',
  DBHZ: 'ARREST_EXECUTION_RECEIPT',
  BPBHZ: 'DENIAL_EXECUTION_RECEIPT',
  YSSC: 'PROSECUTION_OPINION',
  BZBG: 'SUPP_INV_REPORT',
  FYSL: 'CASE_ACCEPTED',
  CTTZ: 'HEARING_NOTICE',
  PJ: 'JUDGMENT',
  ZPTZ: 'LAWYER_ASSIGNMENT',
  ZXTZ: 'EXECUTION_NOTICE',
} as const satisfies Record<string, MessageType>;

/** One-to-one `msgType` codes (everything but SCDB_JD). */
export const MESSAGE_TYPE_BY_MSG_TYPE: Readonly<Record<string, MessageType>> = { ...PROCURATORATE_SENDS, ...PROCURATORATE_RECEIVES };
const MSG_TYPE_BY_MESSAGE_TYPE = invertCodes(MESSAGE_TYPE_BY_MSG_TYPE);

export const ALL_MSG_TYPES: readonly string[] = [...Object.keys(MESSAGE_TYPE_BY_MSG_TYPE), ARREST_DECISION_MSG_TYPE].sort();

export function msgTypeOf(type: MessageType): string | undefined {
  if (type === 'ARREST_APPROVAL' || type === 'ARREST_DENIAL') return ARREST_DECISION_MSG_TYPE;
  return MSG_TYPE_BY_MESSAGE_TYPE.get(type);
}

/** `jd.jdlx` decision kinds. */
export const JDLX = { PB: 'PB', BPB: 'BPB', QS: 'QS', BQS: 'BQS', TB: 'TB' } as const;

/** `xyr[].xbmc` gender labels ↔ GB/T 2261.1 (未说明 for "9" is the standard's name; the spec lists 男/女/未知). */
export const GENDER_BY_LABEL: Readonly<Record<string, Gender>> = {
  男: '1',
  男性: '1',
  女: '2',
  女性: '2',
  未知: '0',
  未知的性别: '0',
  未说明: '9',
  未说明的性别: '9',
};
const LABEL_BY_GENDER: Readonly<Record<Gender, string>> = { '1': '男', '2': '女', '0': '未知', '9': '未说明' };
export const genderLabel = (gender: Gender): string => LABEL_BY_GENDER[gender];

/** `xyr[].zjlxmc` id type labels (居民身份证, 护照, 其他证件). */
export const ID_TYPE_BY_LABEL: Readonly<Record<string, IdType>> = Object.fromEntries(ID_TYPE_IDS.map((id) => [ID_TYPES[id].zh, id]));
export const idTypeLabel = (idType: IdType): string => ID_TYPES[idType].zh;

/** `xyr[].qzcs` coercive measure labels (the standard's Chinese names). */
export const measureByLabel = (label: string): CustodyMeasure | undefined => custodyMeasureByLabel(label);
export const measureLabel = (measure: CustodyMeasure): string => CUSTODY_MEASURES[measure].zh;
export const MEASURE_LABELS: readonly string[] = Object.values(CUSTODY_MEASURES).map((m) => m.zh);

/** `aymc` charge names: the whole charge table (adapters/shared/charge-codes.ts). */
export { chargeCodeFromName, chargeNameOf as chargeName } from '../shared/charge-codes';

/**
 * `ws[].wslx`: the shared 文书 codes (as in the sample, `PZDBJDS`), else the procuratorate's own
 * one-to-one msgType codes (e.g. `FYSL` for the court's acceptance notice).
 */
export function documentTypeOfWslx(code: string): DocumentType | undefined {
  return documentTypeOf(code) ?? (Object.prototype.hasOwnProperty.call(MESSAGE_TYPE_BY_MSG_TYPE, code) ? MESSAGE_TYPE_BY_MSG_TYPE[code] : undefined);
}

export function wslxOf(type: DocumentType): string | undefined {
  return documentCodeOf(type) ?? MSG_TYPE_BY_MESSAGE_TYPE.get(type as MessageType);
}
