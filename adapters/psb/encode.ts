/** Unified message → the GBK XML `<PACKAGE>` the PSB system (JZPT) expects, with its headers. */
import iconv from 'iconv-lite';
import { xmlTextFor } from '../shared/charset';
import type { UnifiedMessage } from '../../standard/schema/message';
import { isoToCompactDateTime } from '../shared/beijing-time';
import { documentCodeOf } from '../shared/document-codes';
import { MappingError, type MappingIssue } from '../shared/issues';
import { bi } from '../shared/legacy-values';
import { tokenPushRequest } from '../shared/push-client';
import { XmlLines } from '../shared/xml-write';
import type { EncodeContext, EncodedRequest } from '../types';
import { ajlbOf, bwlxOf, qzcsOf, zjlxOf } from './codes';
import { LAWYER_FIELDS, PAYLOAD_RULES, type JgxxKind } from './payload';

export const PSB_RECEIVE_PATH = '/jzpt/api/xtba/receive';
export const PSB_CONTENT_TYPE = 'application/xml; charset=GBK';
export const PSB_TOKEN_HEADER = 'X-JZPT-Token';

const compactDate = (isoDate: string): string => isoDate.replace(/-/g, '');
const compactDateOrTime = (value: string): string => (value.includes('T') ? isoToCompactDateTime(value) : compactDate(value));

function jgxxText(value: unknown, kind: JgxxKind): string | undefined {
  if (typeof value !== 'string') return undefined;
  return kind === 'text' ? value : kind === 'date' ? compactDate(value) : compactDateOrTime(value);
}

/** The `<PACKAGE>` text (without checking that GBK can hold it). Throws MappingError for what PSB cannot carry. */
function ajlbOrProblem(charge: string, problems: MappingIssue[]): string | undefined {
  const code = ajlbOf(charge);
  if (code === undefined)
    problems.push({ field: 'case.charge.code', value: charge, reason: 'JZPT has no AJLB case category for this charge (公安系统无对应的案件类别代码)' });
  return code;
}

export function renderPsbXml(message: UnifiedMessage): string {
  const problems: MappingIssue[] = [];
  const bwlx = bwlxOf(message.messageType);
  if (bwlx === undefined) {
    throw new MappingError([
      { field: 'messageType', value: message.messageType, reason: bi('has no PSB BWLX code: the PSB system cannot receive it', '公安接口无此报文类型') },
    ]);
  }
  const x = new XmlLines();
  x.raw('<?xml version="1.0" encoding="GBK"?>').open('PACKAGE');
  x.open('HEAD')
    .leaf('BWBH', message.messageId)
    .leaf('BWLX', bwlx)
    .leaf('FSDW', message.sender.orgCode)
    .leaf('JSDW', message.receiver.orgCode)
    .leaf('FSSJ', isoToCompactDateTime(message.sentAt))
    .leaf('YBWBH', message.inReplyTo)
    .close('HEAD');
  x.open('BODY');

  const c = message.case;
  const ajbh = message.localCaseNumbers.find((n) => n.system === 'PSB')?.number;
  const hasCase = message.caseUid !== undefined || ajbh !== undefined || Object.keys(c).length > 0;
  if (hasCase) {
    x.open('AJXX')
      .leaf('TYAJBH', message.caseUid)
      .leaf('AJBH', ajbh)
      .leaf('AJMC', c.name)
      .leaf('AJLB', c.charge ? ajlbOrProblem(c.charge.code, problems) : undefined)
      .leaf('FASJ', c.occurredOn === undefined ? undefined : compactDate(c.occurredOn))
      .leaf('FADQ', c.crimeDivision)
      .leaf('SAJE', c.amountYuan === undefined ? undefined : c.amountYuan.toFixed(2))
      .leaf('RZRF', c.guiltyPlea === undefined ? undefined : c.guiltyPlea ? '1' : '0')
      .leaf('JYAQ', c.facts)
      .close('AJXX');
  }

  if (message.persons.length > 0) {
    x.open('XYRLIST');
    message.persons.forEach((person, i) => {
      if (person.role === 'VICTIM') {
        problems.push({
          field: `persons[${i}].role`,
          value: person.role,
          reason: bi('PSB XYR holds suspects only; a victim cannot be sent', '公安接口XYR仅含犯罪嫌疑人，无法发送被害人'),
        });
        return;
      }
      const zjlx = person.idType === undefined ? undefined : zjlxOf(person.idType);
      if (person.idType !== undefined && zjlx === undefined) {
        problems.push({
          field: `persons[${i}].idType`,
          value: person.idType,
          reason: bi('has no PSB ZJLX code (111 resident id, 414 passport)', '公安接口无此证件类型代码'),
        });
      }
      x.open('XYR')
        .leaf('XM', person.name)
        .leaf('XB', person.gender)
        .leaf('CSRQ', person.birthDate === undefined ? undefined : compactDate(person.birthDate))
        .leaf('MZ', person.ethnicity)
        .leaf('ZJLX', zjlx)
        .leaf('ZJHM', person.idNumber)
        .leaf('HJDZ', person.address)
        .leaf('QZCS', person.custody ? qzcsOf(person.custody.measure) : undefined)
        .leaf('QZCSRQ', person.custody?.since === undefined ? undefined : compactDate(person.custody.since))
        .leaf('JYCS', person.custody?.place)
        .close('XYR');
    });
    x.close('XYRLIST');
  }

  if (message.documents.length > 0) {
    x.open('WSLIST');
    message.documents.forEach((doc, i) => {
      const wslx = documentCodeOf(doc.docType);
      if (wslx === undefined)
        problems.push({ field: `documents[${i}].docType`, value: doc.docType, reason: bi('has no WSLX document code', '无对应的文书类型代码') });
      x.open('WS')
        .leaf('WSLX', wslx)
        .leaf('WSH', doc.docNo)
        .leaf('WSMC', doc.title)
        .leaf('KJRQ', doc.issuedAt === undefined ? undefined : compactDateOrTime(doc.issuedAt));
      for (const file of doc.attachments) {
        x.open('FJ')
          .leaf('WJM', file.fileName)
          .leaf('WJLX', file.mediaType)
          .leaf('WJDX', file.size)
          .leaf('WJHX', file.sha256)
          .leaf('WJNR', file.content)
          .close('FJ');
      }
      x.close('WS');
    });
    x.close('WSLIST');
  }

  writeJgxx(message, x);
  x.close('BODY').close('PACKAGE');
  if (problems.length > 0) throw new MappingError(problems);
  return x.toString();
}

function writeJgxx(message: UnifiedMessage, x: XmlLines): void {
  const rule = PAYLOAD_RULES[message.messageType];
  if (!rule) return;
  const payload = message.payload as Record<string, unknown>;
  const entries: Array<[string, string]> = [];
  if (rule.jdjg !== undefined) entries.push(['JDJG', rule.jdjg]);
  for (const field of rule.fields) {
    const text = jgxxText(payload[field.key], field.kind);
    if (text !== undefined) entries.push([field.element, text]);
  }
  if (rule.lawyer && payload.lawyer && typeof payload.lawyer === 'object') {
    const lawyer = payload.lawyer as Record<string, unknown>;
    for (const field of LAWYER_FIELDS) {
      const text = jgxxText(lawyer[field.key], field.kind);
      if (text !== undefined) entries.push([field.element, text]);
    }
  }
  if (entries.length === 0) return;
  x.open('JGXX');
  for (const [name, value] of entries) x.leaf(name, value);
  x.close('JGXX');
}

/**
 * GBK bytes of the PSB XML `text`: a character GBK cannot hold (a rare character, 生僻字, of CJK
 * Extension A or B) is written as a numeric character reference, `&#x20BB7;`, which the PSB's
 * XML reader turns back into the character.
 */
export function toGbk(text: string): Buffer {
  return iconv.encode(xmlTextFor(text, 'gbk'), 'gbk');
}

export function encodePsb(message: UnifiedMessage, context: EncodeContext): EncodedRequest {
  return tokenPushRequest(context, 'the PSB adapter needs credentials.token for X-JZPT-Token (公安接口需要令牌)', (token) => ({
    path: PSB_RECEIVE_PATH,
    headers: { 'Content-Type': PSB_CONTENT_TYPE, [PSB_TOKEN_HEADER]: token },
    body: toGbk(renderPsbXml(message)),
  }));
}
