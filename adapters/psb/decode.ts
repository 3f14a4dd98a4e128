/**
 * PSB (JZPT) GBK XML → unified messages. One body holds one `<PACKAGE>`; every problem is reported
 * on its legacy field (`BODY/XYRLIST/XYR[0]/ZJHM`), unknown elements are warnings, and the raw text
 * is kept with the result either way.
 */
import type { MessageType } from '../../standard/codes/message-types';
import { normalizeBrackets, parseCourtCaseNumber } from '../../standard/validators/case-numbers';
import { canonicalDivision } from '../../standard/codes/divisions';
import { compactDateTimeToIso } from '../shared/beijing-time';
import { decodeWholeBody, rejectedBody } from '../shared/body-decode';
import { decodeBody } from '../shared/charset';
import { headerOf } from '../shared/http-headers';
import { DOCUMENT_TYPE_BY_CODE } from '../shared/document-codes';
import { IssueCollector } from '../shared/issues';
import {
  bi,
  checkedAttachment,
  codeValue,
  compactDateValue,
  ethnicityValue,
  nonNegativeIntText,
  orgValue,
  required,
  requiredTimeValue,
  yuanText,
} from '../shared/legacy-values';
import { decodedMessage, unifiedCandidate, type MappedBody } from '../shared/mapping-result';
import { acceptanceProcess, personRoleFor, usualProcessOf } from '../shared/process-rules';
import { DEFAULT_XML_LIMITS, parseXml, type XmlNode } from '../shared/safe-xml';
import type { DecodeResult, Headers } from '../types';
import { CHARGE_BY_AJLB, GENDER_BY_XB, ID_TYPE_BY_ZJLX, MEASURE_BY_QZCS, MESSAGE_TYPE_BY_BWLX, PLEA_BY_RZRF } from './codes';
import { psbFieldFor } from './fields';
import { JGXX_ELEMENTS, LAWYER_FIELDS, PAYLOAD_RULES, type JgxxField } from './payload';
import { container, leaf, repeated, textAtPath, warnUnknown } from './xml-reader';

const known = (...names: string[]): ReadonlySet<string> => new Set(names);
const PACKAGE_CHILDREN = known('HEAD', 'BODY');
const HEAD_CHILDREN = known('BWBH', 'BWLX', 'FSDW', 'JSDW', 'FSSJ', 'YBWBH');
const BODY_CHILDREN = known('AJXX', 'XYRLIST', 'WSLIST', 'JGXX');
const AJXX_CHILDREN = known('TYAJBH', 'AJBH', 'AJMC', 'AJLB', 'FASJ', 'FADQ', 'SAJE', 'RZRF', 'JYAQ');
const XYR_CHILDREN = known('XM', 'XB', 'CSRQ', 'MZ', 'ZJLX', 'ZJHM', 'HJDZ', 'QZCS', 'QZCSRQ', 'JYCS');
const WS_CHILDREN = known('WSLX', 'WSH', 'WSMC', 'KJRQ', 'FJ');
const FJ_CHILDREN = known('WJM', 'WJLX', 'WJDX', 'WJHX', 'WJNR');

type Obj = Record<string, unknown>;

/** Case numbers and document numbers: a court 案号 is normalised to half-width brackets. */
function caseNumberText(value: string): string {
  return /[（）]/.test(value) && parseCourtCaseNumber(value) ? normalizeBrackets(value) : value;
}

/** `yyyyMMdd`, or `yyyyMMddHHmmss` (Beijing time) where a time is allowed. */
function dateOrTime(value: string | undefined, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 14) {
    return compactDateTimeToIso(value) ?? issues.error(field, value, bi('must be yyyyMMdd or yyyyMMddHHmmss', '应为 yyyyMMdd 或 yyyyMMddHHmmss'));
  }
  return compactDateValue(value, field, issues);
}

function mapCase(ajxx: XmlNode | undefined, issues: IssueCollector, out: Obj): Obj {
  const caseInfo: Obj = {};
  if (!ajxx) return caseInfo;
  const p = 'BODY/AJXX';
  warnUnknown(ajxx, p, AJXX_CHILDREN, issues);
  const tyajbh = leaf(ajxx, 'TYAJBH', p, issues);
  if (tyajbh !== undefined) out.caseUid = tyajbh;
  const ajbh = leaf(ajxx, 'AJBH', p, issues);
  if (ajbh !== undefined) out.localCaseNumbers = [{ system: 'PSB', number: caseNumberText(ajbh) }];
  const name = leaf(ajxx, 'AJMC', p, issues);
  if (name !== undefined) caseInfo.name = name;
  const charge = codeValue(leaf(ajxx, 'AJLB', p, issues), CHARGE_BY_AJLB, `${p}/AJLB`, issues, 'AJLB case category (案件类别)');
  if (charge !== undefined) caseInfo.charge = { code: charge };
  const amount = yuanText(leaf(ajxx, 'SAJE', p, issues), `${p}/SAJE`, issues);
  if (amount !== undefined) caseInfo.amountYuan = amount;
  const plea = codeValue(leaf(ajxx, 'RZRF', p, issues), PLEA_BY_RZRF, `${p}/RZRF`, issues, 'RZRF guilty plea (认罪认罚)');
  if (plea !== undefined) caseInfo.guiltyPlea = plea;
  const fadq = leaf(ajxx, 'FADQ', p, issues);
  if (fadq !== undefined) caseInfo.crimeDivision = canonicalDivision(fadq) ?? fadq;
  const occurred = compactDateValue(leaf(ajxx, 'FASJ', p, issues), `${p}/FASJ`, issues);
  if (occurred !== undefined) caseInfo.occurredOn = occurred;
  const facts = leaf(ajxx, 'JYAQ', p, issues);
  if (facts !== undefined) caseInfo.facts = facts;
  return caseInfo;
}

function mapPerson(xyr: XmlNode, p: string, role: string, issues: IssueCollector): Obj {
  warnUnknown(xyr, p, XYR_CHILDREN, issues);
  const person: Obj = { role };
  const name = required(leaf(xyr, 'XM', p, issues), `${p}/XM`, issues);
  if (name !== undefined) person.name = name;
  const gender = codeValue(leaf(xyr, 'XB', p, issues), GENDER_BY_XB, `${p}/XB`, issues, 'XB gender GB/T 2261.1 (性别)');
  if (gender !== undefined) person.gender = gender;
  const birth = compactDateValue(leaf(xyr, 'CSRQ', p, issues), `${p}/CSRQ`, issues);
  if (birth !== undefined) person.birthDate = birth;
  const ethnicity = ethnicityValue(leaf(xyr, 'MZ', p, issues), `${p}/MZ`, issues);
  if (ethnicity !== undefined) person.ethnicity = ethnicity;
  const idType = codeValue(leaf(xyr, 'ZJLX', p, issues), ID_TYPE_BY_ZJLX, `${p}/ZJLX`, issues, 'ZJLX id type (证件类型)');
  if (idType !== undefined) person.idType = idType;
  const idNumber = leaf(xyr, 'ZJHM', p, issues);
  if (idNumber !== undefined) person.idNumber = idType === 'RESIDENT_ID' ? idNumber.toUpperCase() : idNumber;
  const address = leaf(xyr, 'HJDZ', p, issues);
  if (address !== undefined) person.address = address;
  const qzcs = leaf(xyr, 'QZCS', p, issues);
  const since = compactDateValue(leaf(xyr, 'QZCSRQ', p, issues), `${p}/QZCSRQ`, issues);
  const place = leaf(xyr, 'JYCS', p, issues);
  if (qzcs !== undefined) {
    const measure = codeValue(qzcs, MEASURE_BY_QZCS, `${p}/QZCS`, issues, 'QZCS coercive measure (强制措施)');
    if (measure !== undefined) {
      const custody: Obj = { measure };
      if (since !== undefined) custody.since = since;
      if (place !== undefined) custody.place = place;
      person.custody = custody;
    }
  } else if (since !== undefined || place !== undefined) {
    issues.error(`${p}/QZCS`, undefined, bi('is required when QZCSRQ or JYCS is given', '给出QZCSRQ或JYCS时必须给出强制措施'));
  }
  return person;
}

function mapAttachment(fj: XmlNode, p: string, issues: IssueCollector): Obj | undefined {
  warnUnknown(fj, p, FJ_CHILDREN, issues);
  const fileName = required(leaf(fj, 'WJM', p, issues), `${p}/WJM`, issues);
  const mediaType = required(leaf(fj, 'WJLX', p, issues), `${p}/WJLX`, issues);
  const size = nonNegativeIntText(required(leaf(fj, 'WJDX', p, issues), `${p}/WJDX`, issues), `${p}/WJDX`, issues);
  const sha256 = required(leaf(fj, 'WJHX', p, issues), `${p}/WJHX`, issues);
  const content = leaf(fj, 'WJNR', p, issues);
  const checked = checkedAttachment({ fileName, mediaType, size, sha256, content }, { sha256: `${p}/WJHX`, size: `${p}/WJDX`, content: `${p}/WJNR` }, issues);
  return checked as Obj | undefined;
}

function mapDocument(ws: XmlNode, p: string, issues: IssueCollector): Obj {
  warnUnknown(ws, p, WS_CHILDREN, issues);
  const doc: Obj = {};
  const docType = codeValue(
    required(leaf(ws, 'WSLX', p, issues), `${p}/WSLX`, issues),
    DOCUMENT_TYPE_BY_CODE,
    `${p}/WSLX`,
    issues,
    'WSLX document type (文书类型)',
  );
  if (docType !== undefined) doc.docType = docType;
  const docNo = leaf(ws, 'WSH', p, issues);
  if (docNo !== undefined) doc.docNo = caseNumberText(docNo);
  const title = leaf(ws, 'WSMC', p, issues);
  if (title !== undefined) doc.title = title;
  const issued = dateOrTime(leaf(ws, 'KJRQ', p, issues), `${p}/KJRQ`, issues);
  if (issued !== undefined) doc.issuedAt = issued;
  const attachments: Obj[] = [];
  repeated(ws, 'FJ', p, issues).forEach((fj, j) => {
    const attachment = mapAttachment(fj, `${p}/FJ[${j}]`, issues);
    if (attachment) attachments.push(attachment);
  });
  doc.attachments = attachments;
  return doc;
}

function jgxxValue(jgxx: XmlNode, field: JgxxField, issues: IssueCollector): string | undefined {
  const path = `BODY/JGXX/${field.element}`;
  const value = leaf(jgxx, field.element, 'BODY/JGXX', issues);
  if (field.kind === 'date') return compactDateValue(value, path, issues);
  if (field.kind === 'dateOrTime') return dateOrTime(value, path, issues);
  return value;
}

function mapPayload(type: MessageType, jgxx: XmlNode | undefined, issues: IssueCollector): Obj {
  const rule = PAYLOAD_RULES[type];
  const payload: Obj = { ...rule?.constant };
  if (!jgxx) return payload;
  const p = 'BODY/JGXX';
  warnUnknown(jgxx, p, JGXX_ELEMENTS, issues);
  const used = new Set<string>();
  for (const field of rule?.fields ?? []) {
    used.add(field.element);
    const value = jgxxValue(jgxx, field, issues);
    if (value !== undefined) payload[field.key] = value;
  }
  if (rule?.lawyer) {
    const lawyer: Obj = {};
    for (const field of LAWYER_FIELDS) {
      used.add(field.element);
      const value = jgxxValue(jgxx, field, issues);
      if (value !== undefined) lawyer[field.key] = value;
    }
    if (Object.keys(lawyer).length > 0) payload.lawyer = lawyer;
  }
  if (rule?.jdjg !== undefined) {
    used.add('JDJG');
    const jdjg = leaf(jgxx, 'JDJG', p, issues);
    if (jdjg !== undefined && jdjg !== rule.jdjg) {
      issues.error(`${p}/JDJG`, jdjg, bi(`contradicts the message type (expected ${rule.jdjg})`, `与报文类型不符，应为${rule.jdjg}`));
    }
  }
  for (const element of JGXX_ELEMENTS) {
    if (!used.has(element) && jgxx[element] !== undefined) {
      issues.warn(
        `${p}/${element}`,
        textAtPath({ E: [jgxx] } as XmlNode, `E/${element}`),
        bi(`not used for ${type}, kept in the raw archive only`, `该报文类型不使用此元素，仅保留在原文中`),
      );
    }
  }
  return payload;
}

function head(pkg: XmlNode, issues: IssueCollector): XmlNode {
  const node = container(pkg, 'HEAD', '', issues);
  if (!node) {
    issues.error('HEAD', undefined, bi('is required', '必填'));
    return {};
  }
  return node;
}

function mapPackage(pkg: XmlNode, issues: IssueCollector): MappedBody {
  warnUnknown(pkg, 'PACKAGE', PACKAGE_CHILDREN, issues);
  const h = head(pkg, issues);
  warnUnknown(h, 'HEAD', HEAD_CHILDREN, issues);
  const legacyId = required(leaf(h, 'BWBH', 'HEAD', issues), 'HEAD/BWBH', issues);
  const messageType = codeValue(
    required(leaf(h, 'BWLX', 'HEAD', issues), 'HEAD/BWLX', issues),
    MESSAGE_TYPE_BY_BWLX,
    'HEAD/BWLX',
    issues,
    'BWLX message type (报文类型)',
  );
  const sender = orgValue(leaf(h, 'FSDW', 'HEAD', issues), 'HEAD/FSDW', issues);
  const receiver = orgValue(leaf(h, 'JSDW', 'HEAD', issues), 'HEAD/JSDW', issues);
  const sentAt = requiredTimeValue(leaf(h, 'FSSJ', 'HEAD', issues), 'HEAD/FSSJ', issues, compactDateTimeToIso, 'yyyyMMddHHmmss');
  const inReplyTo = leaf(h, 'YBWBH', 'HEAD', issues);

  const body = container(pkg, 'BODY', '', issues) ?? {};
  warnUnknown(body, 'BODY', BODY_CHILDREN, issues);
  const out: Obj = {};
  const caseInfo = mapCase(container(body, 'AJXX', 'BODY', issues), issues, out);
  const documents = repeated(container(body, 'WSLIST', 'BODY', issues) ?? {}, 'WS', 'BODY/WSLIST', issues).map((ws, i) =>
    mapDocument(ws, `BODY/WSLIST/WS[${i}]`, issues),
  );
  const xyrList = container(body, 'XYRLIST', 'BODY', issues);

  if (messageType === undefined) return { legacyId };
  const process =
    messageType === 'ACCEPTANCE_ACK'
      ? acceptanceProcess([
          (out.localCaseNumbers as Obj[] | undefined)?.[0]?.number as string | undefined,
          ...documents.flatMap((d) => [d.docNo as string | undefined, d.title as string | undefined]),
        ])
      : usualProcessOf(messageType);
  const role = personRoleFor(process);
  if (xyrList) warnUnknown(xyrList, 'BODY/XYRLIST', known('XYR'), issues);
  const persons = repeated(xyrList ?? {}, 'XYR', 'BODY/XYRLIST', issues).map((xyr, i) => mapPerson(xyr, `BODY/XYRLIST/XYR[${i}]`, role, issues));
  const payload = mapPayload(messageType, container(body, 'JGXX', 'BODY', issues), issues);

  const candidate = unifiedCandidate(
    { legacyId, messageType, process, sender, receiver, sentAt, inReplyTo },
    { caseUid: out.caseUid, localCaseNumbers: out.localCaseNumbers ?? [], case: caseInfo, persons, documents, payload },
  );
  return { legacyId, candidate };
}

/** Decodes one PSB push body (bytes as received, with the HTTP headers when there are any). */
export function decodePsb(body: Buffer, headers?: Headers): DecodeResult {
  return decodeWholeBody(body, {
    maxBytes: DEFAULT_XML_LIMITS.maxBytes,
    text: (bytes) => decodeBody(bytes, headerOf(headers, 'content-type'), { xml: true }),
    decode: decodePsbText,
  });
}

function decodePsbText(text: string): DecodeResult {
  const root = parseXml(text);
  const issues = new IssueCollector();
  const rootNames = Object.keys(root);
  const packages = root['PACKAGE'] as unknown[] | undefined;
  if (!packages || rootNames.length !== 1 || packages.length !== 1 || packages[0] === null || typeof packages[0] !== 'object') {
    return rejectedBody([{ field: 'PACKAGE', value: rootNames.join(','), reason: bi('the root element must be one PACKAGE', '根元素应为一个PACKAGE') }], text);
  }
  const pkg = packages[0] as XmlNode;
  return decodedMessage(mapPackage(pkg, issues), issues, text, { fieldFor: psbFieldFor, valueAt: (field) => textAtPath(pkg, field) });
}
