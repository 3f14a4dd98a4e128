/** One SFXZ item (parsed JSON) → a unified message, with every problem named by its legacy path. */
import type { Agency } from '../../standard/codes/agencies';
import { STANDARD_1_0, standardVersionFor } from '../../standard/versioning';
import type { MessageType } from '../../standard/codes/message-types';
import { parseCourtCaseNumber } from '../../standard/validators/case-numbers';
import { IssueCollector } from '../shared/issues';
import { arrayAt, booleanAt, isObject, joinPath, knownObjectAt, numberAt, objectAt, stringAt, warnUnknownKeys, type JsonObject } from '../shared/json-read';
import { withoutUndefined } from '../shared/legacy-fields';
import { validateMapped, type MappedItem } from '../shared/mapping-result';
import { bi, checkedAttachment, codeValue, compactDateValue, docNoValue, epochValue, ethnicityValue, orgValue, required } from '../shared/legacy-values';
import { personRoleFor, usualProcessOf } from '../shared/process-rules';
import {
  AID_REASONS,
  AID_STAGES,
  AID_TYPES,
  chargeCodeFromName,
  DOCUMENT_TYPE_BY_CODE,
  GENDER_BY_CODE,
  MESSAGE_TYPE_BY_CODE,
  PRINCIPAL_BY_LABEL,
} from './codes';
import { justiceFieldFor } from './fields';

export type MappedJusticeItem = MappedItem;

interface Walk {
  issues: IssueCollector;
}

const PROCURATORATE_NUMBER = /检.*[〔[(（]\d{4}[〕\])）].*号$/;
const PSB_CASE_NUMBER = /^A\d{12}\d{6}\d{4}$/;

/**
 * Which agency's number `case_no` is, by its shape: a court 案号 ((2022)粤0105刑初123号, either
 * bracket form) → COURT; a procuratorate number (…检…〔yyyy〕…号) → PROCURATORATE; a PSB 案件编号
 * (A + 12-digit org code + yyyymm + 4 digits) → PSB; a legal-aid number (…法援…) → LEGAL_AID_CENTER;
 * a community-corrections number (…矫…) → COMMUNITY_CORRECTIONS. Anything else is an error.
 */
export function caseNumberSystem(caseNo: string): { system: Agency; number: string } | undefined {
  const court = parseCourtCaseNumber(caseNo);
  if (court) return { system: 'COURT', number: court.normalized };
  const number = caseNo.trim();
  if (PROCURATORATE_NUMBER.test(number)) return { system: 'PROCURATORATE', number };
  if (PSB_CASE_NUMBER.test(number)) return { system: 'PSB', number };
  if (number.includes('法援')) return { system: 'LEGAL_AID_CENTER', number };
  if (number.includes('矫')) return { system: 'COMMUNITY_CORRECTIONS', number };
  return undefined;
}

/** Epoch ms of a document date: Beijing midnight reads as a plain date, anything else as a date-time. */
function issuedValue(value: unknown, field: string, issues: IssueCollector): string | undefined {
  const iso = epochValue(value, field, issues);
  return iso?.endsWith('T00:00:00+08:00') ? iso.slice(0, 10) : iso;
}

function mapCase(item: JsonObject, walk: Walk, path: string) {
  const { issues } = walk;
  const at = joinPath(path, 'case');
  const node = knownObjectAt(item, 'case', path, ['unified_case_id', 'case_no', 'case_name', 'charge', 'district'], issues);
  if (!node) return { info: {}, numbers: [] };
  const caseNo = stringAt(node, 'case_no', at, issues);
  const numbers: Array<{ system: Agency; number: string }> = [];
  if (caseNo !== undefined) {
    const found = caseNumberSystem(caseNo);
    if (found) numbers.push(found);
    else
      issues.error(
        joinPath(at, 'case_no'),
        caseNo,
        bi('is not a case number of a known agency (court 案号, procuratorate 〔yyyy〕 number, PSB A-number, 法援 or 矫 number)', '无法识别案号所属机关'),
      );
  }
  const charge = chargeCodeFromName(stringAt(node, 'charge', at, issues), joinPath(at, 'charge'), issues);
  return {
    caseUid: stringAt(node, 'unified_case_id', at, issues),
    numbers,
    info: {
      name: stringAt(node, 'case_name', at, issues),
      charge: charge ? { code: charge } : undefined,
      crimeDivision: stringAt(node, 'district', at, issues),
    },
  };
}

function mapPerson(item: JsonObject, role: 'SUSPECT' | 'DEFENDANT', walk: Walk, path: string) {
  const { issues } = walk;
  const at = joinPath(path, 'person');
  if (Array.isArray(item['person'])) {
    issues.error(at, item['person'], bi('must be one person (an object); the justice system sends one person per message', '每条报文只含一名当事人（对象）'));
    return [];
  }
  const node = knownObjectAt(item, 'person', path, ['name', 'sex', 'birthday', 'nation_code', 'id_card'], issues);
  if (!node) return [];
  const idCard = stringAt(node, 'id_card', at, issues)?.trim();
  return [
    {
      role,
      name: required(stringAt(node, 'name', at, issues), joinPath(at, 'name'), issues),
      gender: codeValue(stringAt(node, 'sex', at, issues), GENDER_BY_CODE, joinPath(at, 'sex'), issues, 'sex'),
      birthDate: compactDateValue(stringAt(node, 'birthday', at, issues), joinPath(at, 'birthday'), issues),
      ethnicity: ethnicityValue(stringAt(node, 'nation_code', at, issues), joinPath(at, 'nation_code'), issues),
      idType: idCard === undefined ? undefined : 'RESIDENT_ID',
      idNumber: idCard,
    },
  ];
}

function mapDocuments(item: JsonObject, walk: Walk, path: string) {
  const { issues } = walk;
  const base = joinPath(path, 'documents');
  return arrayAt(item, 'documents', path, issues).map((value, i) => {
    const at = joinPath(base, i);
    if (!isObject(value)) return issues.error(at, value, bi('must be an object', '应为对象'));
    warnUnknownKeys(value, at, ['type', 'no', 'title', 'issued_at', 'files'], issues);
    const type = required(stringAt(value, 'type', at, issues), joinPath(at, 'type'), issues);
    const attachments = arrayAt(value, 'files', at, issues).map((file, j) => {
      const fileAt = joinPath(joinPath(at, 'files'), j);
      if (!isObject(file)) return issues.error(fileAt, file, bi('must be an object', '应为对象'));
      warnUnknownKeys(file, fileAt, ['name', 'media_type', 'size', 'sha256', 'content'], issues);
      return checkedAttachment(
        {
          fileName: required(stringAt(file, 'name', fileAt, issues), joinPath(fileAt, 'name'), issues),
          mediaType: required(stringAt(file, 'media_type', fileAt, issues), joinPath(fileAt, 'media_type'), issues),
          size: required(numberAt(file, 'size', fileAt, issues, { integer: true }), joinPath(fileAt, 'size'), issues),
          sha256: required(stringAt(file, 'sha256', fileAt, issues), joinPath(fileAt, 'sha256'), issues),
          content: stringAt(file, 'content', fileAt, issues),
        },
        { sha256: joinPath(fileAt, 'sha256'), size: joinPath(fileAt, 'size'), content: joinPath(fileAt, 'content') },
        issues,
      );
    });
    return {
      docType: codeValue(type, DOCUMENT_TYPE_BY_CODE, joinPath(at, 'type'), issues, 'document type'),
      docNo: docNoValue(stringAt(value, 'no', at, issues)),
      title: stringAt(value, 'title', at, issues),
      issuedAt: issuedValue(value['issued_at'], joinPath(at, 'issued_at'), issues),
      attachments,
    };
  });
}

/** Which `detail` keys each message type carries, and how they map. */
const DETAIL_KEYS: Readonly<Record<string, readonly string[]>> = {
  LAWYER_ASSIGNMENT: ['lawyer', 'aid_type', 'stage'],
  LEGAL_AID_DECISION: ['granted', 'reason', 'lawyer', 'aid_type', 'stage'],
  LEGAL_AID_NOTICE: ['aid_type', 'stage', 'reason_code'],
  CC_NOTICE: ['residence_district', 'probation_months'],
  CC_RECEIPT: ['received_at'],
  CC_REPORTED: ['reported_at', 'residence_district', 'probation_months'],
  CC_NOT_REPORTED: ['residence_district', 'probation_months'],
  JUDGMENT: ['sentence', 'recommendation_adopted'],
};

const PAYLOAD_NAMES: Readonly<Record<string, string>> = {
  lawyer: 'lawyer',
  aid_type: 'aidType',
  stage: 'stage',
  granted: 'granted',
  reason: 'reason',
  reason_code: 'reasonCode',
  residence_district: 'residenceDivision',
  probation_months: 'probationMonths',
  received_at: 'receivedAt',
  reported_at: 'reportedAt',
  sentence: 'sentence',
  recommendation_adopted: 'recommendationAdopted',
};

function mapLawyer(detail: JsonObject, at: string, walk: Walk) {
  const { issues } = walk;
  const lawyerAt = joinPath(at, 'lawyer');
  const node = knownObjectAt(detail, 'lawyer', at, ['name', 'license_no', 'firm', 'phone'], issues);
  if (!node) return undefined;
  return {
    name: required(stringAt(node, 'name', lawyerAt, issues), joinPath(lawyerAt, 'name'), issues),
    licenceNo: stringAt(node, 'license_no', lawyerAt, issues)?.trim(),
    firm: stringAt(node, 'firm', lawyerAt, issues),
    phone: stringAt(node, 'phone', lawyerAt, issues)?.trim(),
  };
}

function mapSentence(detail: JsonObject, at: string, walk: Walk) {
  const { issues } = walk;
  const sentenceAt = joinPath(at, 'sentence');
  const node = knownObjectAt(detail, 'sentence', at, ['principal', 'months', 'probation_months', 'fine_yuan'], issues);
  if (!node) return undefined;
  const principal = required(stringAt(node, 'principal', sentenceAt, issues), joinPath(sentenceAt, 'principal'), issues);
  return {
    principal: codeValue(principal, PRINCIPAL_BY_LABEL, joinPath(sentenceAt, 'principal'), issues, 'principal penalty'),
    termMonths: numberAt(node, 'months', sentenceAt, issues, { integer: true }),
    probationMonths: numberAt(node, 'probation_months', sentenceAt, issues, { integer: true }),
    fineYuan: numberAt(node, 'fine_yuan', sentenceAt, issues),
  };
}

function mapDetail(type: MessageType | undefined, item: JsonObject, walk: Walk, path: string): Record<string, unknown> {
  const { issues } = walk;
  const at = joinPath(path, 'detail');
  const detail = objectAt(item, 'detail', path, issues);
  if (!detail || !type) return {};
  const known = DETAIL_KEYS[type] ?? [];
  warnUnknownKeys(detail, at, known, issues);
  const payload: Record<string, unknown> = {};
  for (const key of known) {
    if (detail[key] === undefined || detail[key] === null) continue;
    const name = PAYLOAD_NAMES[key]!;
    switch (key) {
      case 'lawyer':
        payload[name] = mapLawyer(detail, at, walk);
        break;
      case 'sentence':
        payload[name] = mapSentence(detail, at, walk);
        break;
      case 'aid_type':
        payload[name] = codeValue(stringAt(detail, key, at, issues), AID_TYPES, joinPath(at, key), issues, 'aid type');
        break;
      case 'stage':
        payload[name] = codeValue(stringAt(detail, key, at, issues), AID_STAGES, joinPath(at, key), issues, 'stage');
        break;
      case 'reason_code':
        payload[name] = codeValue(stringAt(detail, key, at, issues), AID_REASONS, joinPath(at, key), issues, 'aid reason');
        break;
      case 'granted':
      case 'recommendation_adopted':
        payload[name] = booleanAt(detail, key, at, issues);
        break;
      case 'reason':
      case 'residence_district':
        payload[name] = stringAt(detail, key, at, issues);
        break;
      case 'probation_months':
        payload[name] = numberAt(detail, key, at, issues, { integer: true });
        break;
      case 'received_at':
      case 'reported_at':
        payload[name] = epochValue(detail[key], joinPath(at, key), issues);
        break;
    }
  }
  return payload;
}

/** 犯罪嫌疑人 or 被告人: by the legal-aid stage when given (TRIAL → DEFENDANT), else by process. */
function personRole(type: MessageType | undefined, item: JsonObject): 'SUSPECT' | 'DEFENDANT' {
  const stage = isObject(item['detail']) ? item['detail']['stage'] : undefined;
  if (stage === 'TRIAL') return 'DEFENDANT';
  if (stage === 'INVESTIGATION' || stage === 'REVIEW') return 'SUSPECT';
  return type ? personRoleFor(usualProcessOf(type)) : 'SUSPECT';
}

/** Maps one outbox/inbox item; `path` is its legacy path prefix (`items[0]`, or '' for a single item). */
export function mapJusticeItem(value: unknown, path: string): MappedJusticeItem {
  const walk: Walk = { issues: new IssueCollector() };
  const { issues } = walk;
  if (!isObject(value)) {
    issues.error(path || '(item)', value, bi('must be a JSON object', '应为JSON对象'));
    return { result: { ok: false, issues: issues.errors }, warnings: [] };
  }
  const item = value;
  warnUnknownKeys(item, path, ['id', 'type', 'from_org', 'to_org', 'created_at', 'reply_to', 'case', 'person', 'documents', 'detail'], issues);
  const legacyId = required(stringAt(item, 'id', path, issues), joinPath(path, 'id'), issues)?.trim();
  const typeCode = required(stringAt(item, 'type', path, issues), joinPath(path, 'type'), issues);
  const messageType = codeValue(typeCode, MESSAGE_TYPE_BY_CODE, joinPath(path, 'type'), issues, 'message type');
  const createdAt = required(item['created_at'], joinPath(path, 'created_at'), issues);
  const mappedCase = mapCase(item, walk, path);
  const candidate: Record<string, unknown> = {
    standardVersion: STANDARD_1_0,
    messageId: legacyId,
    messageType,
    process: messageType ? usualProcessOf(messageType) : undefined,
    caseUid: mappedCase.caseUid,
    localCaseNumbers: mappedCase.numbers,
    sender: orgValue(stringAt(item, 'from_org', path, issues), joinPath(path, 'from_org'), issues),
    receiver: orgValue(stringAt(item, 'to_org', path, issues), joinPath(path, 'to_org'), issues),
    sentAt: createdAt === undefined ? undefined : epochValue(createdAt, joinPath(path, 'created_at'), issues),
    inReplyTo: stringAt(item, 'reply_to', path, issues)?.trim(),
    case: mappedCase.info,
    persons: mapPerson(item, personRole(messageType, item), walk, path),
    documents: mapDocuments(item, walk, path),
    payload: mapDetail(messageType, item, walk, path),
  };
  // The lowest version that holds what was mapped (standard/versioning.ts).
  candidate.standardVersion = standardVersionFor(candidate);
  const result = validateMapped(withoutUndefined(candidate), issues, { fieldFor: (unifiedPath) => justiceFieldFor(path, unifiedPath) });
  return { ...(legacyId ? { legacyId } : {}), result, warnings: issues.warnings };
}
