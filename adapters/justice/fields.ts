/**
 * Where each unified field lives in an SFXZ item, so a standard validation failure
 * (`persons[0].idNumber`) is reported on the legacy field the sender must fix (`items[0].person.id_card`).
 */
import { joinPath } from '../shared/json-read';
import { splitUnifiedPath } from '../shared/legacy-fields';

const ENVELOPE: Readonly<Record<string, string>> = {
  messageId: 'id',
  messageType: 'type',
  process: 'type',
  sentAt: 'created_at',
  inReplyTo: 'reply_to',
  sender: 'from_org',
  receiver: 'to_org',
  caseUid: 'case.unified_case_id',
  localCaseNumbers: 'case.case_no',
  case: 'case',
  persons: 'person',
  documents: 'documents',
  payload: 'detail',
};
const CASE: Readonly<Record<string, string>> = { name: 'case_name', charge: 'charge', crimeDivision: 'district' };
const PERSON: Readonly<Record<string, string>> = {
  name: 'name',
  gender: 'sex',
  birthDate: 'birthday',
  ethnicity: 'nation_code',
  idType: 'id_card',
  idNumber: 'id_card',
};
const DOCUMENT: Readonly<Record<string, string>> = { docType: 'type', docNo: 'no', title: 'title', issuedAt: 'issued_at', attachments: 'files' };
const FILE: Readonly<Record<string, string>> = { fileName: 'name', mediaType: 'media_type', size: 'size', sha256: 'sha256', content: 'content' };
const PAYLOAD: Readonly<Record<string, string>> = {
  lawyer: 'lawyer',
  aidType: 'aid_type',
  stage: 'stage',
  granted: 'granted',
  reason: 'reason',
  reasonCode: 'reason_code',
  residenceDivision: 'residence_district',
  probationMonths: 'probation_months',
  receivedAt: 'received_at',
  reportedAt: 'reported_at',
  sentence: 'sentence',
  recommendationAdopted: 'recommendation_adopted',
};
const LAWYER: Readonly<Record<string, string>> = { name: 'name', licenceNo: 'license_no', firm: 'firm', phone: 'phone' };
const SENTENCE: Readonly<Record<string, string>> = { principal: 'principal', termMonths: 'months', probationMonths: 'probation_months', fineYuan: 'fine_yuan' };

const pick = (table: Readonly<Record<string, string>>, key: string | number | undefined): string | undefined =>
  typeof key === 'string' ? table[key] : undefined;

/** The legacy path of a unified path inside the item at `itemPath` (`items[0]`, or '' for a single item). */
export function justiceFieldFor(itemPath: string, unifiedPath: string): string {
  const [head, a, b, c, d] = splitUnifiedPath(unifiedPath);
  const at = (relative: string) => joinPath(itemPath, relative);
  switch (head) {
    case 'case':
      return at(pick(CASE, a) ? `case.${pick(CASE, a)}` : 'case');
    case 'persons':
      return at(pick(PERSON, b) ? `person.${pick(PERSON, b)}` : 'person');
    case 'documents': {
      if (typeof a !== 'number') return at('documents');
      const document = `documents[${a}]`;
      if (b === 'attachments' && typeof c === 'number') return at(pick(FILE, d) ? `${document}.files[${c}].${pick(FILE, d)}` : `${document}.files[${c}]`);
      return at(pick(DOCUMENT, b) ? `${document}.${pick(DOCUMENT, b)}` : document);
    }
    case 'payload': {
      const field = pick(PAYLOAD, a);
      if (!field) return at('detail');
      const nested = a === 'lawyer' ? pick(LAWYER, b) : a === 'sentence' ? pick(SENTENCE, b) : undefined;
      return at(nested ? `detail.${field}.${nested}` : `detail.${field}`);
    }
    default:
      return typeof head === 'string' && ENVELOPE[head] ? at(ENVELOPE[head]) : `${itemPath || '(item)'} (${unifiedPath})`;
  }
}
