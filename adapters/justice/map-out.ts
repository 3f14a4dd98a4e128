/** A unified message → one SFXZ item (the fields the justice format can hold). */
import type { Agency } from '../../standard/codes/agencies';
import type { DocumentType } from '../../standard/codes/message-types';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { Lawyer } from '../../standard/schema/parties';
import type { Sentence } from '../../standard/schema/sentencing';
import { isoToEpoch } from '../shared/beijing-time';
import { codeOrIssue, MappingError, noDocumentCodeIn, notExchangedBy, type MappingIssue, type SystemName } from '../shared/issues';
import { withoutUndefined } from '../shared/legacy-fields';
import { legacySentence } from '../shared/sentence-fields';
import { chargeName, documentTypeCode, genderCode, messageTypeCode, principalLabel } from './codes';

/** A date `YYYY-MM-DD` is Beijing midnight; a date-time keeps its instant. */
function epochOf(value: string): number {
  return value.includes('T') ? isoToEpoch(value) : isoToEpoch(`${value}T00:00:00+08:00`);
}

/** The one case number the item carries: the sender's, else the receiver's, else the first. */
function caseNumber(message: UnifiedMessage): string | undefined {
  const numbers = message.localCaseNumbers;
  const of = (agency: Agency) => numbers.find((n) => n.system === agency)?.number;
  return of(message.sender.agency) ?? of(message.receiver.agency) ?? numbers[0]?.number;
}

function lawyerItem(lawyer: Lawyer | undefined) {
  if (!lawyer) return undefined;
  return { name: lawyer.name, license_no: lawyer.licenceNo, firm: lawyer.firm, phone: lawyer.phone };
}

const SYSTEM: SystemName = { en: 'the justice system', zh: '司法行政系统' };

const JUSTICE = 'the justice system';

function sentenceItem(sentence: Sentence | undefined, problems: MappingIssue[]) {
  if (!sentence) return undefined;
  const flat = legacySentence(sentence, 'payload.sentence', problems, JUSTICE);
  const principal = codeOrIssue(principalLabel(flat.principal), problems, {
    field: 'payload.sentence.principal',
    value: flat.principal,
    reason: 'the justice system has no label for this penalty (司法行政系统无此主刑)',
  });
  return { principal, months: flat.months, probation_months: flat.probationMonths, fine_yuan: flat.fineYuan };
}

function detailItem(message: UnifiedMessage, problems: MappingIssue[]): Record<string, unknown> | undefined {
  const p = message.payload as Record<string, unknown>;
  const epoch = (value: unknown) => (typeof value === 'string' ? epochOf(value) : undefined);
  switch (message.messageType) {
    case 'LAWYER_ASSIGNMENT':
      return { lawyer: lawyerItem(p['lawyer'] as Lawyer | undefined), aid_type: p['aidType'], stage: p['stage'] };
    case 'LEGAL_AID_DECISION':
      return { granted: p['granted'], reason: p['reason'], lawyer: lawyerItem(p['lawyer'] as Lawyer | undefined), aid_type: p['aidType'], stage: p['stage'] };
    case 'LEGAL_AID_NOTICE':
      return { aid_type: p['aidType'], stage: p['stage'], reason_code: p['reasonCode'] };
    case 'CC_NOTICE':
    case 'CC_NOT_REPORTED':
      return { residence_district: p['residenceDivision'], probation_months: p['probationMonths'] };
    case 'CC_REPORTED':
      return { reported_at: epoch(p['reportedAt']), residence_district: p['residenceDivision'], probation_months: p['probationMonths'] };
    case 'CC_RECEIPT':
      return { received_at: epoch(p['receivedAt']) };
    case 'JUDGMENT':
      return { sentence: sentenceItem(p['sentence'] as Sentence | undefined, problems), recommendation_adopted: p['recommendationAdopted'] };
    default:
      return undefined;
  }
}

/** Builds the item; throws a MappingError naming the unified field when a value has no justice form. */
export function justiceItem(message: UnifiedMessage): Record<string, unknown> {
  const problems: MappingIssue[] = [];
  const type = codeOrIssue(messageTypeCode(message.messageType), problems, {
    field: 'messageType',
    value: message.messageType,
    reason: notExchangedBy(SYSTEM),
  });
  if (message.persons.length > 1) {
    problems.push({ field: 'persons', value: message.persons.length, reason: 'the justice system carries one person per message (每条报文只能含一名当事人)' });
  }
  const person = message.persons[0];
  const documents = message.documents.map((doc, i) => {
    const code = codeOrIssue(documentTypeCode(doc.docType as DocumentType), problems, {
      field: `documents[${i}].docType`,
      value: doc.docType,
      reason: noDocumentCodeIn(SYSTEM),
    });
    return {
      type: code,
      no: doc.docNo,
      title: doc.title,
      issued_at: doc.issuedAt === undefined ? undefined : epochOf(doc.issuedAt),
      files:
        doc.attachments.length === 0
          ? undefined
          : doc.attachments.map((a) => ({ name: a.fileName, media_type: a.mediaType, size: a.size, sha256: a.sha256, content: a.content })),
    };
  });
  const detail = detailItem(message, problems);
  if (problems.length > 0) throw new MappingError(problems);
  const c = message.case;
  const caseItem = {
    unified_case_id: message.caseUid,
    case_no: caseNumber(message),
    case_name: c.name,
    charge: c.charge ? chargeName(c.charge.code) : undefined,
    district: c.crimeDivision,
  };
  const item = {
    id: message.messageId,
    type,
    from_org: message.sender.orgCode,
    to_org: message.receiver.orgCode,
    created_at: isoToEpoch(message.sentAt),
    reply_to: message.inReplyTo,
    case: Object.values(caseItem).some((v) => v !== undefined) ? caseItem : undefined,
    person: person
      ? {
          name: person.name,
          sex: person.gender === undefined ? undefined : genderCode(person.gender),
          birthday: person.birthDate?.replaceAll('-', ''),
          nation_code: person.ethnicity,
          // id_card holds resident identity numbers only; other documents cannot travel.
          id_card: person.idType === 'RESIDENT_ID' ? person.idNumber : undefined,
        }
      : undefined,
    documents,
    detail,
  };
  return withoutUndefined(item);
}
