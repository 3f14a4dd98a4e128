/**
 * Procuratorate (TYYW) JSON → unified messages. One body holds one `{head, body}`; problems are
 * reported on the legacy key (`body.xyr[0].zjhm`), unknown keys are warnings, the raw text is kept.
 * Empty strings and null mean "not sent".
 */
import { ethnicityCodeByName } from '../../standard/codes/ethnicities';
import { canonicalDivision } from '../../standard/codes/divisions';
import type { MessageType } from '../../standard/codes/message-types';
import { normalizeBrackets, parseCourtCaseNumber } from '../../standard/validators/case-numbers';
import { spacedDateTimeToIso } from '../shared/beijing-time';
import { decodeWholeBody, rejectedBody } from '../shared/body-decode';
import { decodeBody } from '../shared/charset';
import { headerOf } from '../shared/http-headers';
import { IssueCollector } from '../shared/issues';
import { arrayAt, booleanAt, isObject, joinPath, numberAt, objectAt, stringAt, warnUnknownKeys, type JsonObject } from '../shared/json-read';
import { bi, checkedAttachment, codeValue, isoDateValue, orgValue, required, requiredTimeValue } from '../shared/legacy-values';
import { decodedMessage, unifiedCandidate, type MappedBody } from '../shared/mapping-result';
import { acceptanceProcess, personRoleFor, usualProcessOf } from '../shared/process-rules';
import { DEFAULT_JSON_LIMITS, parseJson } from '../shared/safe-json';
import type { DecodeResult, Headers } from '../types';
import {
  ALL_MSG_TYPES,
  ARREST_DECISION_MSG_TYPE,
  chargeCodeFromName,
  documentTypeOfWslx,
  GENDER_BY_LABEL,
  ID_TYPE_BY_LABEL,
  JDLX,
  measureByLabel,
  MEASURE_LABELS,
  MESSAGE_TYPE_BY_MSG_TYPE,
} from './codes';
import { procuratorateFieldFor, valueAtJsonPath } from './fields';
import { JD_RULES } from './payload';

const TOP_KEYS = ['head', 'body'];
const HEAD_KEYS = ['msgId', 'msgType', 'sendOrg', 'recvOrg', 'sendTime', 'replyTo'];
const BODY_KEYS = ['tysah', 'bmsah', 'ajmc', 'aymc', 'sajeFen', 'rzrf', 'fadq', 'ajqk', 'xyr', 'ws', 'jd'];
const XYR_KEYS = ['xm', 'xbmc', 'csrq', 'mzmc', 'zjlxmc', 'zjhm', 'zz', 'qzcs', 'qzcsrq'];
const WS_KEYS = ['wslx', 'wsbh', 'wsmc', 'kjrq', 'fj'];
const FJ_KEYS = ['wjm', 'wjlx', 'wjdx', 'sha256', 'nr'];
const JD_KEYS = ['jdlx', 'jdrq', 'ly'];

type Obj = Record<string, unknown>;

/** A string value, trimmed; empty or null is "not sent". */
function text(parent: JsonObject, key: string, path: string, issues: IssueCollector): string | undefined {
  const value = stringAt(parent, key, path, issues);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function objectItems(parent: JsonObject, key: string, path: string, issues: IssueCollector): Array<JsonObject | undefined> {
  return arrayAt(parent, key, path, issues).map((item, i) =>
    isObject(item) ? item : issues.error(`${joinPath(path, key)}[${i}]`, item, bi('must be an object', '应为对象')),
  );
}

function caseNumberText(value: string): string {
  return /[（）]/.test(value) && parseCourtCaseNumber(value) ? normalizeBrackets(value) : value;
}

/** `yyyy-MM-dd`, or `yyyy-MM-dd HH:mm:ss` (Beijing time) where a time is allowed. */
function dateOrTime(value: string | undefined, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > 10) {
    return spacedDateTimeToIso(value) ?? issues.error(field, value, bi('must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss', '应为 yyyy-MM-dd 或 yyyy-MM-dd HH:mm:ss'));
  }
  return isoDateValue(value, field, issues);
}

function mapPerson(xyr: JsonObject, p: string, role: string, issues: IssueCollector): Obj {
  warnUnknownKeys(xyr, p, XYR_KEYS, issues);
  const person: Obj = { role };
  const name = required(text(xyr, 'xm', p, issues), `${p}.xm`, issues);
  if (name !== undefined) person.name = name;
  const gender = codeValue(text(xyr, 'xbmc', p, issues), GENDER_BY_LABEL, `${p}.xbmc`, issues, 'gender label (性别)');
  if (gender !== undefined) person.gender = gender;
  const birth = isoDateValue(text(xyr, 'csrq', p, issues), `${p}.csrq`, issues);
  if (birth !== undefined) person.birthDate = birth;
  const mzmc = text(xyr, 'mzmc', p, issues);
  if (mzmc !== undefined) {
    const ethnicity = ethnicityCodeByName(mzmc);
    if (ethnicity === undefined) issues.error(`${p}.mzmc`, mzmc, bi('is not a GB/T 3304 ethnicity name (e.g. 汉族)', '不是GB/T 3304民族名称'));
    else person.ethnicity = ethnicity;
  }
  const idType = codeValue(text(xyr, 'zjlxmc', p, issues), ID_TYPE_BY_LABEL, `${p}.zjlxmc`, issues, 'id type label (证件类型)');
  if (idType !== undefined) person.idType = idType;
  const idNumber = text(xyr, 'zjhm', p, issues);
  if (idNumber !== undefined) person.idNumber = idType === 'RESIDENT_ID' ? idNumber.toUpperCase() : idNumber;
  const address = text(xyr, 'zz', p, issues);
  if (address !== undefined) person.address = address;
  const qzcs = text(xyr, 'qzcs', p, issues);
  const since = isoDateValue(text(xyr, 'qzcsrq', p, issues), `${p}.qzcsrq`, issues);
  if (qzcs !== undefined) {
    const measure = measureByLabel(qzcs);
    if (measure === undefined) {
      issues.error(`${p}.qzcs`, qzcs, bi(`is not a known coercive measure (expected ${MEASURE_LABELS.join(', ')})`, '不是已知的强制措施'));
    } else {
      person.custody = since === undefined ? { measure } : { measure, since };
    }
  } else if (since !== undefined) {
    issues.error(`${p}.qzcs`, undefined, bi('is required when qzcsrq is given', '给出qzcsrq时必须给出强制措施'));
  }
  return person;
}

function mapAttachment(fj: JsonObject, p: string, issues: IssueCollector): Obj | undefined {
  warnUnknownKeys(fj, p, FJ_KEYS, issues);
  const fileName = required(text(fj, 'wjm', p, issues), `${p}.wjm`, issues);
  const mediaType = required(text(fj, 'wjlx', p, issues), `${p}.wjlx`, issues);
  const size = required(numberAt(fj, 'wjdx', p, issues, { integer: true }), `${p}.wjdx`, issues);
  const sha256 = required(text(fj, 'sha256', p, issues), `${p}.sha256`, issues);
  const content = text(fj, 'nr', p, issues);
  return checkedAttachment({ fileName, mediaType, size, sha256, content }, { sha256: `${p}.sha256`, size: `${p}.wjdx`, content: `${p}.nr` }, issues) as
    Obj | undefined;
}

function mapDocument(ws: JsonObject, p: string, issues: IssueCollector): Obj {
  warnUnknownKeys(ws, p, WS_KEYS, issues);
  const doc: Obj = {};
  const wslx = required(text(ws, 'wslx', p, issues), `${p}.wslx`, issues);
  if (wslx !== undefined) {
    const docType = documentTypeOfWslx(wslx);
    if (docType === undefined) issues.error(`${p}.wslx`, wslx, bi('is not a known document type code (文书类型)', '不是已知的文书类型代码'));
    else doc.docType = docType;
  }
  const docNo = text(ws, 'wsbh', p, issues);
  if (docNo !== undefined) doc.docNo = caseNumberText(docNo);
  const title = text(ws, 'wsmc', p, issues);
  if (title !== undefined) doc.title = title;
  const issued = dateOrTime(text(ws, 'kjrq', p, issues), `${p}.kjrq`, issues);
  if (issued !== undefined) doc.issuedAt = issued;
  const attachments: Obj[] = [];
  objectItems(ws, 'fj', p, issues).forEach((fj, j) => {
    const attachment = fj && mapAttachment(fj, `${p}.fj[${j}]`, issues);
    if (attachment) attachments.push(attachment);
  });
  doc.attachments = attachments;
  return doc;
}

/** msgType (+ jd.jdlx for SCDB_JD) → messageType. */
function messageTypeOf(msgType: string | undefined, jd: JsonObject | undefined, issues: IssueCollector): MessageType | undefined {
  if (msgType === undefined) return undefined;
  if (msgType === ARREST_DECISION_MSG_TYPE) {
    const jdlx = jd ? text(jd, 'jdlx', 'body.jd', issues) : undefined;
    if (jdlx === JDLX.PB) return 'ARREST_APPROVAL';
    if (jdlx === JDLX.BPB) return 'ARREST_DENIAL';
    return issues.error('body.jd.jdlx', jdlx, bi('must be PB (批准逮捕) or BPB (不批准逮捕) for SCDB_JD', 'SCDB_JD的决定类型应为PB或BPB'));
  }
  if (Object.prototype.hasOwnProperty.call(MESSAGE_TYPE_BY_MSG_TYPE, msgType)) return MESSAGE_TYPE_BY_MSG_TYPE[msgType];
  return issues.error('head.msgType', msgType, bi(`is not a known msgType (expected ${ALL_MSG_TYPES.join(', ')})`, '不是已知的报文类型'));
}

function mapPayload(type: MessageType, jd: JsonObject | undefined, issues: IssueCollector): Obj {
  const rule = JD_RULES[type];
  if (!rule) {
    if (jd) issues.warn('body.jd', jd, bi(`not used for ${type}, kept in the raw archive only`, '该报文类型不使用决定信息，仅保留在原文中'));
    return {};
  }
  const payload: Obj = rule.alwaysDecided ? { decision: rule.decision } : {};
  if (!jd) return payload;
  const p = 'body.jd';
  warnUnknownKeys(jd, p, JD_KEYS, issues);
  const jdlx = text(jd, 'jdlx', p, issues);
  if (jdlx !== undefined && jdlx !== rule.jdlx) {
    issues.error(`${p}.jdlx`, jdlx, bi(`contradicts the message type (expected ${rule.jdlx})`, `与报文类型不符，应为${rule.jdlx}`));
  }
  if (jdlx === rule.jdlx) payload.decision = rule.decision;
  const decisionDate = isoDateValue(text(jd, 'jdrq', p, issues), `${p}.jdrq`, issues);
  if (decisionDate !== undefined) payload.decisionDate = decisionDate;
  const reason = text(jd, 'ly', p, issues);
  if (reason !== undefined) {
    if (rule.hasReason) payload.reason = reason;
    else issues.warn(`${p}.ly`, reason, bi(`not used for ${type}, kept in the raw archive only`, '该报文类型不使用理由，仅保留在原文中'));
  }
  return payload;
}

function requiredObject(root: JsonObject, key: string, issues: IssueCollector): JsonObject {
  const value = objectAt(root, key, '', issues);
  if (value === undefined && (root[key] === undefined || root[key] === null)) issues.error(key, undefined, bi('is required', '必填'));
  return value ?? {};
}

function mapEnvelope(root: JsonObject, issues: IssueCollector): MappedBody {
  warnUnknownKeys(root, '', TOP_KEYS, issues);
  const head = requiredObject(root, 'head', issues);
  const body = requiredObject(root, 'body', issues);
  warnUnknownKeys(head, 'head', HEAD_KEYS, issues);
  warnUnknownKeys(body, 'body', BODY_KEYS, issues);

  const legacyId = required(text(head, 'msgId', 'head', issues), 'head.msgId', issues);
  const jd = objectAt(body, 'jd', 'body', issues);
  const messageType = messageTypeOf(required(text(head, 'msgType', 'head', issues), 'head.msgType', issues), jd, issues);
  const sender = orgValue(text(head, 'sendOrg', 'head', issues), 'head.sendOrg', issues);
  const receiver = orgValue(text(head, 'recvOrg', 'head', issues), 'head.recvOrg', issues);
  const sentAt = requiredTimeValue(text(head, 'sendTime', 'head', issues), 'head.sendTime', issues, spacedDateTimeToIso, 'yyyy-MM-dd HH:mm:ss');
  const replyTo = text(head, 'replyTo', 'head', issues);

  const caseInfo: Obj = {};
  const tysah = text(body, 'tysah', 'body', issues);
  const bmsah = text(body, 'bmsah', 'body', issues);
  const ajmc = text(body, 'ajmc', 'body', issues);
  if (ajmc !== undefined) caseInfo.name = ajmc;
  const charge = chargeCodeFromName(text(body, 'aymc', 'body', issues), 'body.aymc', issues);
  if (charge !== undefined) caseInfo.charge = { code: charge };
  const fen = numberAt(body, 'sajeFen', 'body', issues, { integer: true });
  if (fen !== undefined) caseInfo.amountYuan = fen / 100;
  const plea = booleanAt(body, 'rzrf', 'body', issues);
  if (plea !== undefined) caseInfo.guiltyPlea = plea;
  const fadq = text(body, 'fadq', 'body', issues);
  if (fadq !== undefined) caseInfo.crimeDivision = canonicalDivision(fadq) ?? fadq;
  const facts = text(body, 'ajqk', 'body', issues);
  if (facts !== undefined) caseInfo.facts = facts;

  const documents = objectItems(body, 'ws', 'body', issues).map((ws, i) => (ws ? mapDocument(ws, `body.ws[${i}]`, issues) : {}));
  if (messageType === undefined) return { legacyId };
  const process =
    messageType === 'ACCEPTANCE_ACK'
      ? acceptanceProcess([bmsah, ...documents.flatMap((d) => [d.docNo as string | undefined, d.title as string | undefined])])
      : usualProcessOf(messageType);
  const role = personRoleFor(process);
  const persons = objectItems(body, 'xyr', 'body', issues).map((xyr, i) => (xyr ? mapPerson(xyr, `body.xyr[${i}]`, role, issues) : { role }));
  const payload = mapPayload(messageType, jd, issues);

  const localCaseNumbers = bmsah === undefined ? [] : [{ system: 'PROCURATORATE', number: caseNumberText(bmsah) }];
  const candidate = unifiedCandidate(
    { legacyId, messageType, process, sender, receiver, sentAt, inReplyTo: replyTo },
    { caseUid: tysah, localCaseNumbers, case: caseInfo, persons, documents, payload },
  );
  return { legacyId, candidate };
}

/** Decodes one procuratorate push body (bytes as received, with the HTTP headers when there are any). */
export function decodeProcuratorate(body: Buffer, headers?: Headers): DecodeResult {
  return decodeWholeBody(body, {
    maxBytes: DEFAULT_JSON_LIMITS.maxBytes,
    text: (bytes) => decodeBody(bytes, headerOf(headers, 'content-type')),
    decode: decodeProcuratorateText,
  });
}

function decodeProcuratorateText(text: string): DecodeResult {
  const root = parseJson(text);
  if (!isObject(root))
    return rejectedBody([{ field: '(root)', value: root, reason: bi('must be an object {"head":…, "body":…}', '应为包含head和body的对象') }], text);
  const issues = new IssueCollector();
  return decodedMessage(mapEnvelope(root, issues), issues, text, { fieldFor: procuratorateFieldFor, valueAt: (field) => valueAtJsonPath(root, field) });
}
