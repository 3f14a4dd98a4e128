/** SPLC (court) code tables ↔ the standard's codes (legacy/README.md §3). */
import type { CustodyMeasure } from '../../standard/codes/custody-measures';
import { CUSTODY_MEASURES, custodyMeasureByLabel } from '../../standard/codes/custody-measures';
import type { Gender } from '../../standard/codes/gender';
import type { IdType } from '../../standard/codes/id-types';
import type { DocumentType } from '../../standard/codes/message-types';
import type { Track } from '../../standard/schema/case-info';
import type { PrincipalPenalty } from '../../standard/schema/sentencing';
import { ATTACHED_DOCUMENT_CODES } from '../shared/document-codes';
import { invertCodes, messageTypeCodes } from '../shared/code-tables';
import messageCodes from './message-codes.json';

export const COURT_NS = 'urn:gz-court:case-exchange:1.0';

/** Message `type` codes: what the court sends and what it receives (message-codes.json). */
const MESSAGE_CODES = messageTypeCodes(messageCodes);
export const COURT_SENDS = MESSAGE_CODES.sends;
export const COURT_RECEIVES = MESSAGE_CODES.receives;
export const MESSAGE_TYPE_BY_CODE = MESSAGE_CODES.byCode;

/**
 * `Document/@type` codes: the court's message type codes plus the platform's codes for documents
 * that travel attached (LXJYS 量刑建议书, JJS 具结书, SCJYS, AJCL, JADJB, QT … shared with PSB and
 * procuratorate in adapters/shared/document-codes.ts).
 */
export const DOCUMENT_TYPE_BY_CODE: Readonly<Record<string, DocumentType>> = { ...MESSAGE_TYPE_BY_CODE, ...ATTACHED_DOCUMENT_CODES };

const CODE_BY_DOCUMENT_TYPE = invertCodes(DOCUMENT_TYPE_BY_CODE);

export const messageTypeCode = MESSAGE_CODES.codeOf;
export const documentTypeCode = (type: DocumentType): string | undefined => CODE_BY_DOCUMENT_TYPE.get(type);

/** `gender` M/F/U ↔ GB/T 2261.1. Unified "0" and "9" both leave as U, which reads back as "0". */
export const GENDER_BY_CODE: Readonly<Record<string, Gender>> = { M: '1', F: '2', U: '0' };
export const genderCode = (gender: Gender): string => (gender === '1' ? 'M' : gender === '2' ? 'F' : 'U');

/** `idType` ID/PP. */
export const ID_TYPE_BY_CODE: Readonly<Record<string, IdType>> = { ID: 'RESIDENT_ID', PP: 'PASSPORT' };
export const idTypeCode = (idType: IdType): string | undefined => (idType === 'RESIDENT_ID' ? 'ID' : idType === 'PASSPORT' ? 'PP' : undefined);

/** `procedure` SC 速裁 / JY 简易 / PT 普通. */
export const TRACK_BY_CODE: Readonly<Record<string, Track>> = { SC: 'FAST', JY: 'SIMPLIFIED', PT: 'ORDINARY' };
const CODE_BY_TRACK = invertCodes(TRACK_BY_CODE);
export const trackCode = (track: Track): string => CODE_BY_TRACK.get(track)!;

/** `Sentence/@principal` labels. 免予刑事处罚 is not in the court's vocabulary. */
export const PRINCIPAL_BY_LABEL: Readonly<Record<string, PrincipalPenalty>> = {
  有期徒刑: 'FIXED_TERM',
  拘役: 'SHORT_DETENTION',
  管制: 'SURVEILLANCE',
  罚金: 'FINE_ONLY',
  // Standard 1.1: the penalties beyond the pilot, with the labels of the Criminal Law (art. 33).
  无期徒刑: 'LIFE_IMPRISONMENT',
  死刑: 'DEATH',
  死刑缓期二年执行: 'DEATH_WITH_REPRIEVE',
};
const LABEL_BY_PRINCIPAL = invertCodes(PRINCIPAL_BY_LABEL);
export const principalLabel = (principal: PrincipalPenalty): string | undefined => LABEL_BY_PRINCIPAL.get(principal);

/** `Custody/@measure` uses the standard's Chinese labels (拘传, 取保候审, 监视居住, 刑事拘留, 逮捕, 释放). */
export const custodyMeasureFromLabel = (label: string): CustodyMeasure | undefined => custodyMeasureByLabel(label);
export const custodyMeasureLabel = (measure: CustodyMeasure): string => CUSTODY_MEASURES[measure].zh;

/** `Case/@ay` charge names: the whole charge table (adapters/shared/charge-codes.ts). */
export { chargeCodeFromName, chargeNameOf as chargeName } from '../shared/charge-codes';
