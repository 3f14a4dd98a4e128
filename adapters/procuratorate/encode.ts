/** Unified message → the procuratorate's `{head, body}` JSON (UTF-8) with its headers. */
import { ETHNICITIES, type Ethnicity } from '../../standard/codes/ethnicities';
import type { UnifiedMessage } from '../../standard/schema/message';
import { isoToSpacedDateTime } from '../shared/beijing-time';
import { MappingError, type MappingIssue } from '../shared/issues';
import { bi } from '../shared/legacy-values';
import { tokenPushRequest } from '../shared/push-client';
import type { EncodeContext, EncodedRequest } from '../types';
import { chargeName, genderLabel, idTypeLabel, measureLabel, msgTypeOf, wslxOf } from './codes';
import { JD_RULES } from './payload';

export const PROCURATORATE_RECEIVE_PATH = '/tyyw/api/v2/exchange/documents';
export const PROCURATORATE_CONTENT_TYPE = 'application/json; charset=utf-8';

type Obj = Record<string, unknown>;

/** Adds `key: value` only when the value is defined (the procuratorate omits what it does not know). */
function put(target: Obj, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

const dateOrTime = (value: string): string => (value.includes('T') ? isoToSpacedDateTime(value) : value);

/** The `{head, body}` document. Throws MappingError for what the procuratorate cannot carry. */
export function toProcuratorateJson(message: UnifiedMessage): Obj {
  const problems: MappingIssue[] = [];
  const msgType = msgTypeOf(message.messageType);
  if (msgType === undefined) {
    throw new MappingError([
      {
        field: 'messageType',
        value: message.messageType,
        reason: bi('has no procuratorate msgType: the procuratorate cannot receive it', '检察接口无此报文类型'),
      },
    ]);
  }
  const head: Obj = {
    msgId: message.messageId,
    msgType,
    sendOrg: message.sender.orgCode,
    recvOrg: message.receiver.orgCode,
    sendTime: isoToSpacedDateTime(message.sentAt),
  };
  put(head, 'replyTo', message.inReplyTo);

  const c = message.case;
  const body: Obj = {};
  put(body, 'tysah', message.caseUid);
  put(body, 'bmsah', message.localCaseNumbers.find((n) => n.system === 'PROCURATORATE')?.number);
  put(body, 'ajmc', c.name);
  put(body, 'aymc', c.charge ? chargeName(c.charge.code) : undefined);
  put(body, 'sajeFen', c.amountYuan === undefined ? undefined : Math.round(c.amountYuan * 100));
  put(body, 'rzrf', c.guiltyPlea);
  put(body, 'fadq', c.crimeDivision);
  put(body, 'ajqk', c.facts);

  body.xyr = message.persons.flatMap((person, i) => {
    if (person.role === 'VICTIM') {
      problems.push({
        field: `persons[${i}].role`,
        value: person.role,
        reason: bi('xyr holds suspects only; a victim cannot be sent', '检察接口xyr仅含犯罪嫌疑人，无法发送被害人'),
      });
      return [];
    }
    const xyr: Obj = { xm: person.name };
    put(xyr, 'xbmc', person.gender === undefined ? undefined : genderLabel(person.gender));
    put(xyr, 'csrq', person.birthDate);
    put(xyr, 'mzmc', person.ethnicity === undefined ? undefined : ethnicityName(person.ethnicity));
    put(xyr, 'zjlxmc', person.idType === undefined ? undefined : idTypeLabel(person.idType));
    put(xyr, 'zjhm', person.idNumber);
    put(xyr, 'zz', person.address);
    put(xyr, 'qzcs', person.custody ? measureLabel(person.custody.measure) : undefined);
    put(xyr, 'qzcsrq', person.custody?.since);
    return [xyr];
  });

  body.ws = message.documents.map((doc, i) => {
    const wslx = wslxOf(doc.docType);
    if (wslx === undefined)
      problems.push({ field: `documents[${i}].docType`, value: doc.docType, reason: bi('has no wslx document code', '无对应的文书类型代码') });
    const ws: Obj = { wslx };
    put(ws, 'wsbh', doc.docNo);
    put(ws, 'wsmc', doc.title);
    put(ws, 'kjrq', doc.issuedAt === undefined ? undefined : dateOrTime(doc.issuedAt));
    ws.fj = doc.attachments.map((file) => {
      const fj: Obj = { wjm: file.fileName, wjlx: file.mediaType, wjdx: file.size, sha256: file.sha256 };
      put(fj, 'nr', file.content);
      return fj;
    });
    return ws;
  });

  const rule = JD_RULES[message.messageType];
  if (rule) {
    const payload = message.payload as Obj;
    if (payload.decision !== undefined || payload.decisionDate !== undefined || payload.reason !== undefined) {
      const jd: Obj = { jdlx: rule.jdlx };
      put(jd, 'jdrq', payload.decisionDate);
      if (rule.hasReason) put(jd, 'ly', payload.reason);
      body.jd = jd;
    }
  }
  if (problems.length > 0) throw new MappingError(problems);
  return { head, body };
}

function ethnicityName(code: string): string {
  return ETHNICITIES[code as Ethnicity] ?? code;
}

export function encodeProcuratorate(message: UnifiedMessage, context: EncodeContext): EncodedRequest {
  return tokenPushRequest(context, 'the procuratorate adapter needs credentials.token for the Bearer token (检察接口需要令牌)', (token) => ({
    path: PROCURATORATE_RECEIVE_PATH,
    headers: { 'Content-Type': PROCURATORATE_CONTENT_TYPE, Authorization: `Bearer ${token}` },
    body: Buffer.from(JSON.stringify(toProcuratorateJson(message)), 'utf8'),
  }));
}
