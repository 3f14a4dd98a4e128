/**
 * Where each unified field lives in the PSB format, so a standard validation failure
 * (`persons[0].idNumber`) is reported on the legacy field the sender must fix
 * (`BODY/XYRLIST/XYR[0]/ZJHM`).
 */
import { unifiedPathSegments } from '../shared/legacy-fields';

const ENVELOPE: Readonly<Record<string, string>> = {
  messageId: 'HEAD/BWBH',
  messageType: 'HEAD/BWLX',
  process: 'HEAD/BWLX',
  sentAt: 'HEAD/FSSJ',
  inReplyTo: 'HEAD/YBWBH',
  sender: 'HEAD/FSDW',
  receiver: 'HEAD/JSDW',
  caseUid: 'BODY/AJXX/TYAJBH',
  localCaseNumbers: 'BODY/AJXX/AJBH',
  case: 'BODY/AJXX',
  persons: 'BODY/XYRLIST',
  documents: 'BODY/WSLIST',
  payload: 'BODY/JGXX',
};

export const CASE_ELEMENTS: Readonly<Record<string, string>> = {
  name: 'AJMC',
  charge: 'AJLB',
  amountYuan: 'SAJE',
  guiltyPlea: 'RZRF',
  crimeDivision: 'FADQ',
  occurredOn: 'FASJ',
  facts: 'JYAQ',
};

export const PERSON_ELEMENTS: Readonly<Record<string, string>> = {
  name: 'XM',
  gender: 'XB',
  birthDate: 'CSRQ',
  ethnicity: 'MZ',
  idType: 'ZJLX',
  idNumber: 'ZJHM',
  address: 'HJDZ',
  custody: 'QZCS',
};

export const CUSTODY_ELEMENTS: Readonly<Record<string, string>> = { measure: 'QZCS', since: 'QZCSRQ', place: 'JYCS' };

export const DOCUMENT_ELEMENTS: Readonly<Record<string, string>> = { docType: 'WSLX', docNo: 'WSH', title: 'WSMC', issuedAt: 'KJRQ' };

export const ATTACHMENT_ELEMENTS: Readonly<Record<string, string>> = {
  fileName: 'WJM',
  mediaType: 'WJLX',
  size: 'WJDX',
  sha256: 'WJHX',
  content: 'WJNR',
};

/** `BODY/JGXX` elements for the payload fields (see payload.ts for which message type uses which). */
export const PAYLOAD_ELEMENTS: Readonly<Record<string, string>> = {
  decision: 'JDJG',
  decisionDate: 'JDRQ',
  reason: 'BYLY',
  executedOn: 'ZXRQ',
  receivedAt: 'ZXRQ',
  warrantNo: 'DBZH',
  pronouncedOn: 'JDRQ',
  lawyer: 'LSXM',
};

export const LAWYER_ELEMENTS: Readonly<Record<string, string>> = { name: 'LSXM', licenceNo: 'LSZYZH', firm: 'LSSWS', phone: 'LSDH' };

/** The PSB legacy path for a unified validation path (validateMessage's `persons[0].idNumber` form). */
export function psbFieldFor(unifiedPath: string): string {
  const [top, second, third] = unifiedPathSegments(unifiedPath);
  if (!top) return '(message)';
  switch (top.key) {
    case 'case':
      return second && CASE_ELEMENTS[second.key] ? `BODY/AJXX/${CASE_ELEMENTS[second.key]}` : 'BODY/AJXX';
    case 'persons': {
      if (top.index === undefined) return 'BODY/XYRLIST';
      const base = `BODY/XYRLIST/XYR[${top.index}]`;
      if (!second) return base;
      if (second.key === 'custody' && third && CUSTODY_ELEMENTS[third.key]) return `${base}/${CUSTODY_ELEMENTS[third.key]}`;
      return PERSON_ELEMENTS[second.key] ? `${base}/${PERSON_ELEMENTS[second.key]}` : base;
    }
    case 'documents': {
      if (top.index === undefined) return 'BODY/WSLIST';
      const base = `BODY/WSLIST/WS[${top.index}]`;
      if (!second) return base;
      if (second.key === 'attachments' && second.index !== undefined) {
        const fj = `${base}/FJ[${second.index}]`;
        return third && ATTACHMENT_ELEMENTS[third.key] ? `${fj}/${ATTACHMENT_ELEMENTS[third.key]}` : fj;
      }
      return DOCUMENT_ELEMENTS[second.key] ? `${base}/${DOCUMENT_ELEMENTS[second.key]}` : base;
    }
    case 'payload':
      if (second?.key === 'lawyer' && third && LAWYER_ELEMENTS[third.key]) return `BODY/JGXX/${LAWYER_ELEMENTS[third.key]}`;
      return second && PAYLOAD_ELEMENTS[second.key] ? `BODY/JGXX/${PAYLOAD_ELEMENTS[second.key]}` : 'BODY/JGXX';
    default:
      return ENVELOPE[top.key] ?? `(unified) ${unifiedPath}`;
  }
}
