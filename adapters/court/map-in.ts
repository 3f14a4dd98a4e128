/** One SPLC `<Message>` (parsed) → a unified message, with every problem named by its legacy field. */
import { MESSAGE_TYPES, type MessageType } from '../../standard/codes/message-types';
import { STANDARD_1_0, standardVersionFor } from '../../standard/versioning';
import { parseCourtCaseNumber } from '../../standard/validators/case-numbers';
import { IssueCollector } from '../shared/issues';
import { withoutUndefined } from '../shared/legacy-fields';
import { validateMapped, type MappedItem } from '../shared/mapping-result';
import {
  bi,
  booleanText,
  checkedAttachment,
  codeValue,
  dateOrDateTimeValue,
  docNoValue,
  ethnicityValue,
  isoDateTimeValue,
  isoDateValue,
  nonNegativeIntText,
  orgValue,
  required,
  yuanText,
} from '../shared/legacy-values';
import type { XmlNode } from '../shared/safe-xml';
import { attribute, elements, knownShape, text, warnUnknown } from '../shared/xml-read';
import {
  chargeCodeFromName,
  custodyMeasureFromLabel,
  DOCUMENT_TYPE_BY_CODE,
  GENDER_BY_CODE,
  ID_TYPE_BY_CODE,
  MESSAGE_TYPE_BY_CODE,
  PRINCIPAL_BY_LABEL,
  TRACK_BY_CODE,
} from './codes';
import { courtFieldFor } from './fields';

export type MappedCourtMessage = MappedItem;

const ORG_SHAPE = knownShape({ attributes: ['org'] });
const CASE_SHAPE = knownShape({ attributes: ['ah', 'tyajbh', 'bmsah', 'ajmc', 'ay', 'amount', 'plea', 'procedure'], children: ['Defendant'] });
const DEFENDANT_SHAPE = knownShape({ attributes: ['name', 'gender', 'birth', 'nation', 'idType', 'idNo'], children: ['Address', 'Custody'] });
const TEXT_SHAPE = knownShape({ text: true });
const CUSTODY_SHAPE = knownShape({ attributes: ['measure', 'since', 'place'] });
const DOCUMENT_SHAPE = knownShape({ attributes: ['type', 'no', 'title', 'issued'], children: ['File'] });
const FILE_SHAPE = knownShape({ attributes: ['name', 'mediaType', 'size', 'sha256'], text: true });
const SENTENCE_SHAPE = knownShape({ attributes: ['principal', 'months', 'probationMonths', 'fineYuan', 'adopted'] });
const MESSAGE_SHAPE = knownShape({ attributes: ['id', 'type', 'sentAt', 'replyTo'], children: ['From', 'To', 'Case', 'Document', 'Sentence'] });

/** Message types whose payload carries `<Sentence>`. */
const SENTENCE_TYPES: ReadonlySet<MessageType> = new Set(['JUDGMENT', 'EXECUTION_NOTICE']);

interface Walk {
  issues: IssueCollector;
}

/** At most one element of a name; more is an error. */
function single(node: XmlNode, name: string, path: string, walk: Walk): XmlNode | undefined {
  const found = elements(node, name);
  if (found.length > 1) walk.issues.error(`${path}/${name}`, found.length, bi('must appear at most once', '最多出现一次'));
  return found[0];
}

function mapOrg(node: XmlNode, name: 'From' | 'To', path: string, walk: Walk) {
  const element = single(node, name, path, walk);
  const field = `${path}/${name}/@org`;
  if (!element) return walk.issues.error(`${path}/${name}`, undefined, bi('is required', '必填'));
  warnUnknown(element, `${path}/${name}`, ORG_SHAPE, walk.issues);
  return orgValue(attribute(element, 'org'), field, walk.issues);
}

function mapCase(node: XmlNode | undefined, path: string, walk: Walk) {
  const { issues } = walk;
  if (!node) return { info: {}, numbers: [], persons: [] };
  warnUnknown(node, path, CASE_SHAPE, issues);
  const numbers: Array<{ system: string; number: string }> = [];
  const ah = attribute(node, 'ah');
  if (ah !== undefined) {
    const parsed = parseCourtCaseNumber(ah);
    if (parsed) numbers.push({ system: 'COURT', number: parsed.normalized });
    else issues.error(`${path}/@ah`, ah, bi('is not a court case number like (2022)粤0105刑初123号', '不是有效的法院案号'));
  }
  const bmsah = attribute(node, 'bmsah');
  if (bmsah !== undefined) {
    numbers.push({ system: 'PROCURATORATE', number: bmsah.trim() });
  }
  const ay = attribute(node, 'ay');
  const chargeCode = chargeCodeFromName(ay, `${path}/@ay`, issues);
  const info = {
    name: attribute(node, 'ajmc'),
    charge: chargeCode ? { code: chargeCode } : undefined,
    amountYuan: yuanText(attribute(node, 'amount'), `${path}/@amount`, issues),
    guiltyPlea: booleanText(attribute(node, 'plea'), `${path}/@plea`, issues),
    track: codeValue(attribute(node, 'procedure'), TRACK_BY_CODE, `${path}/@procedure`, issues, 'procedure'),
  };
  const persons = elements(node, 'Defendant').map((defendant, i) => mapDefendant(defendant, `${path}/Defendant[${i}]`, walk));
  return { info, numbers, persons, caseUid: attribute(node, 'tyajbh') };
}

function mapDefendant(node: XmlNode, path: string, walk: Walk) {
  const { issues } = walk;
  warnUnknown(node, path, DEFENDANT_SHAPE, issues);
  const address = single(node, 'Address', path, walk);
  if (address) warnUnknown(address, `${path}/Address`, TEXT_SHAPE, issues);
  const custody = single(node, 'Custody', path, walk);
  let custodyValue: Record<string, unknown> | undefined;
  if (custody) {
    warnUnknown(custody, `${path}/Custody`, CUSTODY_SHAPE, issues);
    const label = required(attribute(custody, 'measure'), `${path}/Custody/@measure`, issues);
    const measure = label === undefined ? undefined : custodyMeasureFromLabel(label);
    if (label !== undefined && !measure) {
      issues.error(
        `${path}/Custody/@measure`,
        label,
        bi('is not a known coercive measure (拘传, 取保候审, 监视居住, 刑事拘留, 逮捕, 释放)', '不是已知的强制措施'),
      );
    }
    custodyValue = { measure, since: isoDateValue(attribute(custody, 'since'), `${path}/Custody/@since`, issues), place: attribute(custody, 'place') };
  }
  return {
    role: 'DEFENDANT',
    name: required(attribute(node, 'name'), `${path}/@name`, issues),
    gender: codeValue(attribute(node, 'gender'), GENDER_BY_CODE, `${path}/@gender`, issues, 'gender'),
    birthDate: isoDateValue(attribute(node, 'birth'), `${path}/@birth`, issues),
    ethnicity: ethnicityValue(attribute(node, 'nation'), `${path}/@nation`, issues),
    idType: codeValue(attribute(node, 'idType'), ID_TYPE_BY_CODE, `${path}/@idType`, issues, 'idType'),
    idNumber: attribute(node, 'idNo')?.trim(),
    address: address ? text(address) : undefined,
    custody: custodyValue,
  };
}

function mapDocument(node: XmlNode, path: string, walk: Walk) {
  const { issues } = walk;
  warnUnknown(node, path, DOCUMENT_SHAPE, issues);
  const type = required(attribute(node, 'type'), `${path}/@type`, issues);
  const attachments = elements(node, 'File').map((file, i) => {
    const filePath = `${path}/File[${i}]`;
    warnUnknown(file, filePath, FILE_SHAPE, issues);
    return checkedAttachment(
      {
        fileName: required(attribute(file, 'name'), `${filePath}/@name`, issues),
        mediaType: required(attribute(file, 'mediaType'), `${filePath}/@mediaType`, issues),
        size: nonNegativeIntText(required(attribute(file, 'size'), `${filePath}/@size`, issues), `${filePath}/@size`, issues),
        sha256: required(attribute(file, 'sha256'), `${filePath}/@sha256`, issues),
        content: text(file),
      },
      { sha256: `${filePath}/@sha256`, size: `${filePath}/@size`, content: `${filePath}/text()` },
      issues,
    );
  });
  return {
    docType: codeValue(type, DOCUMENT_TYPE_BY_CODE, `${path}/@type`, issues, 'document type'),
    docNo: docNoValue(attribute(node, 'no')),
    title: attribute(node, 'title'),
    issuedAt: dateOrDateTimeValue(attribute(node, 'issued'), `${path}/@issued`, issues),
    attachments,
  };
}

function mapSentence(node: XmlNode, path: string, walk: Walk) {
  const { issues } = walk;
  warnUnknown(node, path, SENTENCE_SHAPE, issues);
  const principal = required(attribute(node, 'principal'), `${path}/@principal`, issues);
  return {
    sentence: {
      principal: codeValue(principal, PRINCIPAL_BY_LABEL, `${path}/@principal`, issues, 'principal penalty'),
      termMonths: nonNegativeIntText(attribute(node, 'months'), `${path}/@months`, issues),
      probationMonths: nonNegativeIntText(attribute(node, 'probationMonths'), `${path}/@probationMonths`, issues),
      fineYuan: yuanText(attribute(node, 'fineYuan'), `${path}/@fineYuan`, issues),
    },
    recommendationAdopted: booleanText(attribute(node, 'adopted'), `${path}/@adopted`, issues),
  };
}

function mapPayload(type: MessageType | undefined, node: XmlNode, path: string, walk: Walk): Record<string, unknown> {
  const sentence = single(node, 'Sentence', path, walk);
  if (!sentence || !type) return {};
  if (!SENTENCE_TYPES.has(type)) {
    walk.issues.warn(
      `${path}/Sentence`,
      sentence,
      bi(`is not carried by ${type} messages, kept in the raw archive only`, `${type}报文不含刑罚，仅保留在原文中`),
    );
    return {};
  }
  const mapped = mapSentence(sentence, `${path}/Sentence`, walk);
  if (type === 'EXECUTION_NOTICE') {
    if (mapped.recommendationAdopted !== undefined) {
      walk.issues.warn(
        `${path}/Sentence/@adopted`,
        attribute(sentence, 'adopted'),
        bi('is not carried by EXECUTION_NOTICE, kept in the raw archive only', '执行通知书不含该项，仅保留在原文中'),
      );
    }
    return { sentence: mapped.sentence };
  }
  return mapped;
}

/** Maps one `<Message>`; `path` is its legacy path such as `Message[0]`. */
export function mapCourtMessage(node: XmlNode, path: string): MappedCourtMessage {
  const walk: Walk = { issues: new IssueCollector() };
  const { issues } = walk;
  warnUnknown(node, path, MESSAGE_SHAPE, issues);

  const legacyId = required(attribute(node, 'id'), `${path}/@id`, issues)?.trim();
  const typeCode = required(attribute(node, 'type'), `${path}/@type`, issues);
  const messageType = codeValue(typeCode, MESSAGE_TYPE_BY_CODE, `${path}/@type`, issues, 'message type');
  const sentAt = isoDateTimeValue(required(attribute(node, 'sentAt'), `${path}/@sentAt`, issues), `${path}/@sentAt`, issues);
  const sender = mapOrg(node, 'From', path, walk);
  const receiver = mapOrg(node, 'To', path, walk);
  const caseNode = single(node, 'Case', path, walk);
  const mappedCase = mapCase(caseNode, `${path}/Case`, walk);
  const documents = elements(node, 'Document').map((doc, i) => mapDocument(doc, `${path}/Document[${i}]`, walk));
  const payload = mapPayload(messageType, node, path, walk);

  const candidate: Record<string, unknown> = {
    standardVersion: STANDARD_1_0,
    messageId: legacyId,
    messageType,
    process: messageType ? MESSAGE_TYPES[messageType].processes[0] : undefined,
    caseUid: mappedCase.caseUid,
    localCaseNumbers: mappedCase.numbers,
    sender,
    receiver,
    sentAt,
    inReplyTo: attribute(node, 'replyTo')?.trim(),
    case: mappedCase.info,
    persons: mappedCase.persons,
    documents,
    payload,
  };
  // The lowest version that holds what was mapped (standard/versioning.ts).
  candidate.standardVersion = standardVersionFor(candidate);
  const numberSystems = mappedCase.numbers.map((n) => n.system);
  const result = validateMapped(withoutUndefined(candidate), issues, { fieldFor: (unifiedPath) => courtFieldFor(path, unifiedPath, numberSystems) });
  return { legacyId, result, warnings: issues.warnings };
}
