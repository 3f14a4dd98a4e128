/**
 * Where each unified field lives in the procuratorate JSON, so a standard validation failure
 * (`persons[0].idNumber`) is reported on the legacy key (`body.xyr[0].zjhm`).
 */
import { unifiedPathSegments } from '../shared/legacy-fields';

const ENVELOPE: Readonly<Record<string, string>> = {
  messageId: 'head.msgId',
  messageType: 'head.msgType',
  process: 'head.msgType',
  sentAt: 'head.sendTime',
  inReplyTo: 'head.replyTo',
  sender: 'head.sendOrg',
  receiver: 'head.recvOrg',
  caseUid: 'body.tysah',
  localCaseNumbers: 'body.bmsah',
  case: 'body',
  persons: 'body.xyr',
  documents: 'body.ws',
  payload: 'body.jd',
};

const CASE_KEYS: Readonly<Record<string, string>> = {
  name: 'ajmc',
  charge: 'aymc',
  amountYuan: 'sajeFen',
  guiltyPlea: 'rzrf',
  crimeDivision: 'fadq',
  facts: 'ajqk',
};

const PERSON_KEYS: Readonly<Record<string, string>> = {
  name: 'xm',
  gender: 'xbmc',
  birthDate: 'csrq',
  ethnicity: 'mzmc',
  idType: 'zjlxmc',
  idNumber: 'zjhm',
  address: 'zz',
  custody: 'qzcs',
};

const CUSTODY_KEYS: Readonly<Record<string, string>> = { measure: 'qzcs', since: 'qzcsrq' };
const DOCUMENT_KEYS: Readonly<Record<string, string>> = { docType: 'wslx', docNo: 'wsbh', title: 'wsmc', issuedAt: 'kjrq' };
const ATTACHMENT_KEYS: Readonly<Record<string, string>> = { fileName: 'wjm', mediaType: 'wjlx', size: 'wjdx', sha256: 'sha256', content: 'nr' };
const PAYLOAD_KEYS: Readonly<Record<string, string>> = { decision: 'jdlx', decisionDate: 'jdrq', reason: 'ly' };

/** The procuratorate legacy path for a unified validation path. */
export function procuratorateFieldFor(unifiedPath: string): string {
  const [top, second, third] = unifiedPathSegments(unifiedPath);
  if (!top) return '(message)';
  switch (top.key) {
    case 'case':
      return second && CASE_KEYS[second.key] ? `body.${CASE_KEYS[second.key]}` : 'body';
    case 'persons': {
      if (top.index === undefined) return 'body.xyr';
      const base = `body.xyr[${top.index}]`;
      if (second?.key === 'custody' && third && CUSTODY_KEYS[third.key]) return `${base}.${CUSTODY_KEYS[third.key]}`;
      return second && PERSON_KEYS[second.key] ? `${base}.${PERSON_KEYS[second.key]}` : base;
    }
    case 'documents': {
      if (top.index === undefined) return 'body.ws';
      const base = `body.ws[${top.index}]`;
      if (second?.key === 'attachments' && second.index !== undefined) {
        const fj = `${base}.fj[${second.index}]`;
        return third && ATTACHMENT_KEYS[third.key] ? `${fj}.${ATTACHMENT_KEYS[third.key]}` : fj;
      }
      return second && DOCUMENT_KEYS[second.key] ? `${base}.${DOCUMENT_KEYS[second.key]}` : base;
    }
    case 'payload':
      return second && PAYLOAD_KEYS[second.key] ? `body.jd.${PAYLOAD_KEYS[second.key]}` : 'body.jd';
    default:
      return ENVELOPE[top.key] ?? `(unified) ${unifiedPath}`;
  }
}

/** The JSON value at a legacy path such as `body.xyr[0].zjhm`. */
export function valueAtJsonPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = m[1] ?? Number(m[2]);
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
