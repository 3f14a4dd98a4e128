/** TYYW (procuratorate) code tables ↔ the standard's codes (legacy/README.md §2). */
import { CUSTODY_MEASURES, custodyMeasureByLabel, type CustodyMeasure } from '../../standard/codes/custody-measures';
import type { Gender } from '../../standard/codes/gender';
import { ID_TYPES, ID_TYPE_IDS, type IdType } from '../../standard/codes/id-types';
import type { DocumentType, MessageType } from '../../standard/codes/message-types';
import { documentCodeOf, documentTypeOf } from '../shared/document-codes';
import { messageTypeCodes } from '../shared/code-tables';
import messageCodes from './message-codes.json';

/**
 * `msgType` codes the procuratorate sends, and those it receives (message-codes.json). `SCDB_JD` is
 * ARREST_APPROVAL or ARREST_DENIAL by `jd.jdlx`.
 */
const MESSAGE_CODES = messageTypeCodes(messageCodes);
export const PROCURATORATE_SENDS = MESSAGE_CODES.sends;
export const PROCURATORATE_RECEIVES = MESSAGE_CODES.receives;

export const ARREST_DECISION_MSG_TYPE = 'SCDB_JD';

/** One-to-one `msgType` codes (everything but SCDB_JD). */
export const MESSAGE_TYPE_BY_MSG_TYPE = MESSAGE_CODES.byCode;

export const ALL_MSG_TYPES: readonly string[] = [...Object.keys(MESSAGE_TYPE_BY_MSG_TYPE), ARREST_DECISION_MSG_TYPE].sort();

export function msgTypeOf(type: MessageType): string | undefined {
  if (type === 'ARREST_APPROVAL' || type === 'ARREST_DENIAL') return ARREST_DECISION_MSG_TYPE;
  return MESSAGE_CODES.codeOf(type);
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
  return documentCodeOf(type) ?? MESSAGE_CODES.codeOf(type as MessageType);
}
