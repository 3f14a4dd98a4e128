/**
 * `BODY/JGXX` (decision data) ↔ the unified payload, per message type. The specification names
 * `JDJG` (1 approved / 2 not approved), `BYLY` (reason) and `ZXRQ` (executed date) "e.g."; the
 * adapter also reads and writes `JDRQ` (决定日期), `DBZH` (逮捕证号) and the lawyer elements
 * `LSXM`/`LSZYZH`/`LSSWS`/`LSDH` (律师姓名/执业证号/律师事务所/联系电话) — see the adapter doc.
 */
import type { MessageType } from '../../standard/codes/message-types';
import { JDJG_APPROVED, JDJG_NOT_APPROVED } from './codes';

export type JgxxKind = 'date' | 'dateOrTime' | 'text';

export interface JgxxField {
  key: string;
  element: string;
  kind: JgxxKind;
}

export interface PayloadRule {
  /** Payload values fixed by the message type itself (e.g. decision APPROVED for PZDBJDS). */
  constant?: Readonly<Record<string, string>>;
  /** The `JDJG` value this message type implies; a contradicting JDJG is an error. */
  jdjg?: string;
  fields: readonly JgxxField[];
  /** payload.lawyer from LSXM/LSZYZH/LSSWS/LSDH. */
  lawyer?: boolean;
}

const decisionDate: JgxxField = { key: 'decisionDate', element: 'JDRQ', kind: 'date' };
const reason: JgxxField = { key: 'reason', element: 'BYLY', kind: 'text' };

export const PAYLOAD_RULES: Readonly<Partial<Record<MessageType, PayloadRule>>> = {
  ARREST_APPROVAL: { constant: { decision: 'APPROVED' }, jdjg: JDJG_APPROVED, fields: [decisionDate, reason] },
  ARREST_DENIAL: { constant: { decision: 'NOT_APPROVED' }, jdjg: JDJG_NOT_APPROVED, fields: [decisionDate, reason] },
  ARREST_EXECUTION_RECEIPT: {
    fields: [
      { key: 'executedOn', element: 'ZXRQ', kind: 'date' },
      { key: 'warrantNo', element: 'DBZH', kind: 'text' },
    ],
  },
  DENIAL_EXECUTION_RECEIPT: { fields: [{ key: 'executedOn', element: 'ZXRQ', kind: 'date' }] },
  SUPP_INV_RETURN: { constant: { decision: 'RETURN_FOR_SUPP_INV' }, fields: [decisionDate, reason] },
  NON_PROSECUTION_DECISION: { constant: { decision: 'NON_PROSECUTE' }, fields: [decisionDate, reason] },
  INDICTMENT: { fields: [decisionDate] },
  EXECUTION_RECEIPT: { fields: [{ key: 'receivedAt', element: 'ZXRQ', kind: 'dateOrTime' }] },
  JUDGMENT: { fields: [{ key: 'pronouncedOn', element: 'JDRQ', kind: 'date' }] },
  LAWYER_ASSIGNMENT: { fields: [], lawyer: true },
};

export const LAWYER_FIELDS: readonly JgxxField[] = [
  { key: 'name', element: 'LSXM', kind: 'text' },
  { key: 'licenceNo', element: 'LSZYZH', kind: 'text' },
  { key: 'firm', element: 'LSSWS', kind: 'text' },
  { key: 'phone', element: 'LSDH', kind: 'text' },
];

/** Every JGXX element the adapter knows (others are warnings). */
export const JGXX_ELEMENTS: ReadonlySet<string> = new Set(['JDJG', 'JDRQ', 'BYLY', 'ZXRQ', 'DBZH', ...LAWYER_FIELDS.map((f) => f.element)]);
