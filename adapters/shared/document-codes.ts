/**
 * 文书类型 codes (`WSLX` in the PSB format, `wslx` in the procuratorate format): the PSB message
 * type codes (legacy/README.md §1), shared by the procuratorate as its sample shows (`PZDBJDS`),
 * plus codes for documents that only travel attached. The attached-document codes are the
 * platform's convention (pinyin initials, the same the court adapter uses), not the vendors'.
 */
import type { DocumentType, MessageType } from '../../standard/codes/message-types';
import { invertCodes } from './code-tables';

export const DOCUMENT_MESSAGE_CODES = {
  TQPZDBS: 'ARREST_REQUEST', // 提请批准逮捕书
  DBZXHZ: 'ARREST_EXECUTION_RECEIPT', // 逮捕执行回执
  BPZDBZXHZ: 'DENIAL_EXECUTION_RECEIPT', // 不批准逮捕执行回执
  QSYJS: 'PROSECUTION_OPINION', // 起诉意见书
  BCZCBGS: 'SUPP_INV_REPORT', // 补充侦查报告书
  TZFLYZ: 'LEGAL_AID_NOTICE', // 通知法律援助
  ZXHZ: 'EXECUTION_RECEIPT', // 执行回执
  SLHZ: 'ACCEPTANCE_ACK', // 受理回执
  PZDBJDS: 'ARREST_APPROVAL', // 批准逮捕决定书
  BPZDBJDS: 'ARREST_DENIAL', // 不批准逮捕决定书
  THBCZCJDS: 'SUPP_INV_RETURN', // 退回补充侦查决定书
  BQSJDS: 'NON_PROSECUTION_DECISION', // 不起诉决定书
  QSS: 'INDICTMENT', // 起诉书
  ZPTZS: 'LAWYER_ASSIGNMENT', // 指派通知书
  ZXTZS: 'EXECUTION_NOTICE', // 执行通知书
  PJS: 'JUDGMENT', // 刑事判决书
} as const satisfies Record<string, MessageType>;

export const ATTACHED_DOCUMENT_CODES = {
  LXJYS: 'SENTENCING_RECOMMENDATION', // 量刑建议书
  JJS: 'PLEA_AFFIDAVIT', // 认罪认罚具结书
  SCJYS: 'FAST_TRACK_PROPOSAL', // 适用速裁程序建议书
  AJCL: 'CASE_FILE', // 案卷材料
  KYWPQD: 'SEIZED_PROPERTY_LIST', // 扣押物品清单
  BCZCTG: 'SUPP_INV_OUTLINE', // 补充侦查提纲
  JADJB: 'CASE_CLOSING_FORM', // 结案登记表
  DBZ: 'ARREST_WARRANT', // 逮捕证
  QT: 'OTHER', // 其他文书
} as const satisfies Record<string, DocumentType>;

export const DOCUMENT_TYPE_BY_CODE: Readonly<Record<string, DocumentType>> = { ...DOCUMENT_MESSAGE_CODES, ...ATTACHED_DOCUMENT_CODES };

const CODE_BY_DOCUMENT_TYPE = invertCodes(DOCUMENT_TYPE_BY_CODE);

/** The shared 文书 code of a document type, when it has one. */
export function documentCodeOf(type: DocumentType): string | undefined {
  return CODE_BY_DOCUMENT_TYPE.get(type);
}

/** The document type of a shared 文书 code, when known. */
export function documentTypeOf(code: string): DocumentType | undefined {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_TYPE_BY_CODE, code) ? DOCUMENT_TYPE_BY_CODE[code] : undefined;
}
