/** A unified message → one SPLC `<ce:Message>` element (the fields the court format can hold). */
import type { DocumentType } from '../../standard/codes/message-types';
import type { Document } from '../../standard/schema/document';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { Person } from '../../standard/schema/parties';
import type { Sentence } from '../../standard/schema/sentencing';
import { toBeijingIsoExact } from '../../standard/beijing-time';
import { codeOrIssue, MappingError, noDocumentCodeIn, notExchangedBy, type MappingIssue, type SystemName } from '../shared/issues';
import { escapeXml, xmlAttributes, xmlElement } from '../shared/xml-write';
import { legacySentence } from '../shared/sentence-fields';
import { chargeName, custodyMeasureLabel, documentTypeCode, genderCode, idTypeCode, messageTypeCode, principalLabel, trackCode } from './codes';

const SYSTEM: SystemName = { en: 'the court system', zh: '法院系统' };

const toBeijing = (iso: string): string => toBeijingIsoExact(Date.parse(iso));
const dateOrTime = (value: string): string => (value.includes('T') ? toBeijing(value) : value);

const element = (
  prefix: string,
  indent: string,
  name: string,
  attributes: ReadonlyArray<readonly [string, string | undefined]>,
  children: string[] = [],
): string => xmlElement(`${prefix}${name}`, indent, attributes, children);

function renderDefendant(person: Person, p: string, indent: string): string {
  const children: string[] = [];
  if (person.address !== undefined) children.push(`${indent}  <${p}Address>${escapeXml(person.address)}</${p}Address>`);
  if (person.custody) {
    const c = person.custody;
    children.push(
      element(p, `${indent}  `, 'Custody', [
        ['measure', custodyMeasureLabel(c.measure)],
        ['since', c.since],
        ['place', c.place],
      ]),
    );
  }
  return element(
    p,
    indent,
    'Defendant',
    [
      ['name', person.name],
      ['gender', person.gender === undefined ? undefined : genderCode(person.gender)],
      ['birth', person.birthDate],
      ['nation', person.ethnicity],
      ['idType', person.idType === undefined ? undefined : idTypeCode(person.idType)],
      ['idNo', person.idNumber],
    ],
    children,
  );
}

function renderDocument(doc: Document, index: number, p: string, indent: string, problems: MappingIssue[]): string {
  const code = codeOrIssue(documentTypeCode(doc.docType as DocumentType), problems, {
    field: `documents[${index}].docType`,
    value: doc.docType,
    reason: noDocumentCodeIn(SYSTEM),
  });
  const files = doc.attachments.map(
    (file) =>
      `${indent}  <${p}File${xmlAttributes([
        ['name', file.fileName],
        ['mediaType', file.mediaType],
        ['size', String(file.size)],
        ['sha256', file.sha256],
      ])}>${file.content ?? ''}</${p}File>`,
  );
  return element(
    p,
    indent,
    'Document',
    [
      ['type', code],
      ['no', doc.docNo],
      ['title', doc.title],
      ['issued', doc.issuedAt === undefined ? undefined : dateOrTime(doc.issuedAt)],
    ],
    files,
  );
}

function renderSentence(sentence: Sentence, adopted: boolean | undefined, p: string, indent: string, problems: MappingIssue[]): string {
  const flat = legacySentence(sentence, 'payload.sentence', problems, 'the court format');
  const label = codeOrIssue(principalLabel(flat.principal), problems, {
    field: 'payload.sentence.principal',
    value: sentence.principal,
    reason: 'the court format has no label for this penalty (法院系统无此主刑)',
  });
  return element(p, indent, 'Sentence', [
    ['principal', label],
    ['months', flat.months?.toString()],
    ['probationMonths', flat.probationMonths?.toString()],
    ['fineYuan', flat.fineYuan?.toFixed(2)],
    ['adopted', adopted?.toString()],
  ]);
}

/**
 * Renders the `<Message>` element with namespace prefix `prefix` (e.g. `ce:`), indented by
 * `indent`. Throws a MappingError naming the unified field when a value has no court code.
 */
export function renderCourtMessage(message: UnifiedMessage, prefix = 'ce:', indent = '      '): string {
  const p = prefix;
  const problems: MappingIssue[] = [];
  const type = codeOrIssue(messageTypeCode(message.messageType), problems, {
    field: 'messageType',
    value: message.messageType,
    reason: notExchangedBy(SYSTEM),
  });
  const inner = `${indent}  `;
  const number = (system: string) => message.localCaseNumbers.find((n) => n.system === system)?.number;
  const c = message.case;
  const defendants = message.persons.filter((person) => person.role !== 'VICTIM').map((person) => renderDefendant(person, p, `${inner}  `));
  const children = [
    element(p, inner, 'From', [['org', message.sender.orgCode]]),
    element(p, inner, 'To', [['org', message.receiver.orgCode]]),
    element(
      p,
      inner,
      'Case',
      [
        ['ah', number('COURT')],
        ['tyajbh', message.caseUid],
        ['bmsah', number('PROCURATORATE')],
        ['ajmc', c.name],
        ['ay', c.charge ? chargeName(c.charge.code) : undefined],
        ['amount', c.amountYuan?.toFixed(2)],
        ['plea', c.guiltyPlea?.toString()],
        ['procedure', c.track ? trackCode(c.track) : undefined],
      ],
      defendants,
    ),
    ...message.documents.map((doc, i) => renderDocument(doc, i, p, inner, problems)),
  ];
  const payload = message.payload as { sentence?: Sentence; recommendationAdopted?: boolean };
  if ((message.messageType === 'JUDGMENT' || message.messageType === 'EXECUTION_NOTICE') && payload.sentence) {
    children.push(renderSentence(payload.sentence, message.messageType === 'JUDGMENT' ? payload.recommendationAdopted : undefined, p, inner, problems));
  }
  if (problems.length > 0) throw new MappingError(problems);
  return element(
    p,
    indent,
    'Message',
    [
      ['id', message.messageId],
      ['type', type],
      ['sentAt', toBeijing(message.sentAt)],
      ['replyTo', message.inReplyTo],
    ],
    children,
  );
}
