/** SFXZ (justice bureau: legal aid and community corrections) code tables ↔ the standard's codes (legacy/README.md §4). */
import type { Gender } from '../../standard/codes/gender';
import type { DocumentType } from '../../standard/codes/message-types';
import type { PrincipalPenalty } from '../../standard/schema/sentencing';
import { ATTACHED_DOCUMENT_CODES } from '../shared/document-codes';
import { invertCodes, messageTypeCodes } from '../shared/code-tables';
import messageCodes from './message-codes.json';

/** Item `type` codes: what the justice system sends and what it receives (message-codes.json). */
const MESSAGE_CODES = messageTypeCodes(messageCodes);
export const JUSTICE_SENDS = MESSAGE_CODES.sends;
export const JUSTICE_RECEIVES = MESSAGE_CODES.receives;
export const MESSAGE_TYPE_BY_CODE = MESSAGE_CODES.byCode;
export const messageTypeCode = MESSAGE_CODES.codeOf;

/**
 * `documents[].type` codes (文书类型, pinyin initials as in the sample's ZPTZS) plus the platform's
 * attached-document codes shared by every adapter.
 */
export const DOCUMENT_TYPE_BY_CODE: Readonly<Record<string, DocumentType>> = {
  ZPTZS: 'LAWYER_ASSIGNMENT', // 指派通知书
  FYJDS: 'LEGAL_AID_DECISION', // 法律援助决定书
  FYTZS: 'LEGAL_AID_NOTICE', // 提供法律援助通知书
  JZTZS: 'CC_NOTICE', // 社区矫正执行通知书
  JZHZ: 'CC_RECEIPT', // 社区矫正回执
  BDTZ: 'CC_REPORTED', // 社区矫正对象报到通知
  WBDTZ: 'CC_NOT_REPORTED', // 社区矫正对象未报到通知
  PJS: 'JUDGMENT', // 刑事判决书
  QSS: 'INDICTMENT', // 起诉书
  ZXTZS: 'EXECUTION_NOTICE', // 执行通知书
  ...ATTACHED_DOCUMENT_CODES,
};
const CODE_BY_DOCUMENT_TYPE = invertCodes(DOCUMENT_TYPE_BY_CODE);
export const documentTypeCode = (type: DocumentType): string | undefined => CODE_BY_DOCUMENT_TYPE.get(type);

/** `person.sex` M/F/U ↔ GB/T 2261.1. Unified "0" and "9" both leave as U, which reads back as "0". */
export const GENDER_BY_CODE: Readonly<Record<string, Gender>> = { M: '1', F: '2', U: '0' };
export const genderCode = (gender: Gender): string => (gender === '1' ? 'M' : gender === '2' ? 'F' : 'U');

/** `detail.aid_type` and `detail.stage` use the standard's own words. */
export const AID_TYPES = { DUTY_LAWYER: 'DUTY_LAWYER', DEFENDER: 'DEFENDER' } as const;
export const AID_STAGES = { INVESTIGATION: 'INVESTIGATION', REVIEW: 'REVIEW', TRIAL: 'TRIAL' } as const;
export const AID_REASONS = {
  MINOR: 'MINOR',
  DISABILITY: 'DISABILITY',
  MENTAL_CAPACITY: 'MENTAL_CAPACITY',
  SEVERE_PENALTY: 'SEVERE_PENALTY',
  HARDSHIP: 'HARDSHIP',
  PLEA_SIGNING: 'PLEA_SIGNING',
} as const;

/** `detail.sentence.principal` labels (JUDGMENT_COPY), as the court writes them. */
export const PRINCIPAL_BY_LABEL: Readonly<Record<string, PrincipalPenalty>> = {
  有期徒刑: 'FIXED_TERM',
  拘役: 'SHORT_DETENTION',
  管制: 'SURVEILLANCE',
  罚金: 'FINE_ONLY',
  免予刑事处罚: 'EXEMPTED',
  // Standard 1.1: the penalties beyond the pilot, with the labels of the Criminal Law (art. 33).
  无期徒刑: 'LIFE_IMPRISONMENT',
  死刑: 'DEATH',
  死刑缓期二年执行: 'DEATH_WITH_REPRIEVE',
};
const LABEL_BY_PRINCIPAL = invertCodes(PRINCIPAL_BY_LABEL);
export const principalLabel = (principal: PrincipalPenalty): string | undefined => LABEL_BY_PRINCIPAL.get(principal);

/** `case.charge` names: the whole charge table (adapters/shared/charge-codes.ts). */
export { chargeCodeFromName, chargeNameOf as chargeName } from '../shared/charge-codes';
