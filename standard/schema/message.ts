import { z } from 'zod';
import { AGENCY_IDS } from '../codes/agencies';
import { MESSAGE_TYPE_IDS, MESSAGE_TYPES, type MessageType } from '../codes/message-types';
import { PROCESS_IDS } from '../codes/processes';
import { CASE_UID_PATTERN, parseCourtCaseNumber } from '../validators/case-numbers';
import { CaseInfoSchema } from './case-info';
import { DocumentSchema } from './document';
import { OrgSchema, PersonSchema } from './parties';
import { PAYLOAD_SCHEMAS } from './payloads';
import { bilingual, isoDateTime, nonEmptyText } from './primitives';
import { pathsNewIn11 } from '../versioning';

/** Versions of the standard this build reads and writes. */
export const SUPPORTED_STANDARD_VERSIONS = ['1.0', '1.1'] as const;
export const CURRENT_STANDARD_VERSION = '1.1';
export type StandardVersion = (typeof SUPPORTED_STANDARD_VERSIONS)[number];

/** The reason given for a standardVersion this build does not read. */
export const UNSUPPORTED_VERSION_REASON = bilingual(
  `is not a supported standard version (supported: ${SUPPORTED_STANDARD_VERSIONS.join(', ')})`,
  `不是受支持的标准版本（支持：${SUPPORTED_STANDARD_VERSIONS.join('、')}）`,
);

export const LocalCaseNumberSchema = z
  .strictObject({
    system: z.enum(AGENCY_IDS).describe('编号所属机关系统'),
    number: nonEmptyText.describe('本系统案件编号'),
  })
  .describe('各系统案件编号')
  .superRefine((entry, ctx) => {
    if (entry.system === 'COURT' && !parseCourtCaseNumber(entry.number)) {
      ctx.addIssue({
        code: 'custom',
        path: ['number'],
        input: entry.number,
        message: bilingual('is not a court case number like (2022)粤0105刑初123号', '不是有效的法院案号'),
      });
    } else if (entry.system === 'COURT' && /[（）]/.test(entry.number)) {
      ctx.addIssue({ code: 'custom', path: ['number'], input: entry.number, message: bilingual('must use half-width brackets ()', '应使用半角括号') });
    }
  });

const envelopeFields = {
  standardVersion: z.enum(SUPPORTED_STANDARD_VERSIONS, { error: UNSUPPORTED_VERSION_REASON }).describe('标准版本'),
  messageId: nonEmptyText.describe('报文编号（幂等键）'),
  process: z.enum(PROCESS_IDS).describe('业务流程'),
  caseUid: z
    .string()
    .regex(CASE_UID_PATTERN, { error: bilingual('must look like GZ-440105-2022-000001', '应形如 GZ-440105-2022-000001') })
    .optional()
    .describe('统一案件编号'),
  localCaseNumbers: z.array(LocalCaseNumberSchema).describe('各系统案件编号'),
  sender: OrgSchema.describe('发送机构'),
  receiver: OrgSchema.describe('接收机构'),
  sentAt: isoDateTime.describe('发送时间'),
  inReplyTo: nonEmptyText.optional().describe('答复的报文编号'),
  case: CaseInfoSchema,
  persons: z.array(PersonSchema).describe('当事人'),
  documents: z.array(DocumentSchema).describe('法律文书'),
};

function variant<T extends MessageType>(type: T) {
  return z.strictObject({
    ...envelopeFields,
    messageType: z.literal(type).describe(`报文类型：${MESSAGE_TYPES[type].zh}`),
    payload: PAYLOAD_SCHEMAS[type].describe(`${MESSAGE_TYPES[type].zh}的决定/通知数据`),
  });
}

function hasKnownTypeAndProcess(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const { messageType, process } = value as { messageType?: unknown; process?: unknown };
  return (MESSAGE_TYPE_IDS as readonly unknown[]).includes(messageType) && (PROCESS_IDS as readonly unknown[]).includes(process);
}

/** `persons[0].personId` → ['persons', 0, 'personId']. */
function pathOf(text: string): (string | number)[] {
  return text.split(/\.|(?=\[)/).flatMap((part): (string | number)[] => {
    const index = /^\[(\d+)\]$/.exec(part);
    return index ? [Number(index[1])] : part === '' ? [] : [part];
  });
}

/** Person ids are unique, and every person id a payload names is one of the message's persons. */
function checkPersonReferences(message: { persons: Array<{ personId?: string; plea?: string }>; payload: unknown }, ctx: z.RefinementCtx): void {
  const known = new Set<string>();
  const pleaOf = new Map(message.persons.filter((p) => p.personId !== undefined).map((p) => [p.personId!, p.plea]));
  message.persons.forEach((person, index) => {
    if (person.personId === undefined) return;
    if (known.has(person.personId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['persons', index, 'personId'],
        input: person.personId,
        message: bilingual('is used by another person of this message', '与本报文中其他当事人的编号重复'),
      });
    }
    known.add(person.personId);
  });
  const payload = message.payload as { personId?: string; personIds?: string[]; defendants?: Array<{ personId: string }> };
  const check = (id: string, path: (string | number)[]) => {
    if (!known.has(id)) {
      ctx.addIssue({
        code: 'custom',
        path,
        input: id,
        message: bilingual('names no person of this message (persons[].personId)', '不是本报文当事人的编号（persons[].personId）'),
      });
    }
  };
  if (payload.personId !== undefined) check(payload.personId, ['payload', 'personId']);
  payload.personIds?.forEach((id, index) => check(id, ['payload', 'personIds', index]));
  payload.defendants?.forEach((defendant, index) => check(defendant.personId, ['payload', 'defendants', index, 'personId']));
  // Plea steps (具结书) belong only to a person who pleaded: the affidavit agrees with the person's plea.
  (payload.defendants as Array<{ personId: string; pleaAffidavit?: { status: string } }> | undefined)?.forEach((defendant, index) => {
    const plea = pleaOf.get(defendant.personId);
    const status = defendant.pleaAffidavit?.status;
    if (status === undefined || plea === undefined) return;
    if (plea === 'NONE' || (plea === 'WITHDRAWN') !== (status === 'WITHDRAWN')) {
      ctx.addIssue({
        code: 'custom',
        path: ['payload', 'defendants', index, 'pleaAffidavit', 'status'],
        input: status,
        message: bilingual(`does not agree with the person's plea ${plea}`, `与该当事人的认罪认罚情况（${plea}）不一致`),
      });
    }
  });
}

type Variants = { [T in MessageType]: ReturnType<typeof variant<T>> }[MessageType];
const variants = MESSAGE_TYPE_IDS.map((type) => variant(type)) as unknown as [Variants, ...Variants[]];

/** The unified message (standard-core.md): envelope, case snapshot, persons, documents, typed payload. */
export const UnifiedMessageSchema = z
  .discriminatedUnion('messageType', variants, {
    error: (issue) =>
      issue.code === 'invalid_union' ? bilingual(`is not a known message type (one of ${MESSAGE_TYPE_IDS.join(', ')})`, '不是已知报文类型') : undefined,
  })
  .superRefine(
    (message, ctx) => {
      const allowed = MESSAGE_TYPES[message.messageType].processes as readonly string[];
      if (!allowed.includes(message.process)) {
        ctx.addIssue({
          code: 'custom',
          path: ['process'],
          input: message.process,
          message: bilingual(
            `does not match messageType ${message.messageType} (expected ${allowed.join(' or ')})`,
            `与报文类型${message.messageType}不符，应为${allowed.join('或')}`,
          ),
        });
      }
    },
    // Also when other fields failed (e.g. one is missing), so every failing field is reported at once.
    { when: (payload) => hasKnownTypeAndProcess(payload.value) },
  )
  .superRefine((message, ctx) => checkPersonReferences(message, ctx))
  .superRefine(
    (message, ctx) => {
      if (message.standardVersion !== '1.0') return;
      for (const path of pathsNewIn11(message)) {
        ctx.addIssue({
          code: 'custom',
          path: pathOf(path),
          input: undefined,
          message: bilingual('is new in standard 1.1: declare standardVersion "1.1"', '为标准1.1新增内容，standardVersion 应为 "1.1"'),
        });
      }
    },
    // Only for an otherwise valid message: a field that fails anyway needs no version hint.
    { when: (payload) => (payload.issues ?? []).length === 0 },
  )
  .describe('统一报文');

export type UnifiedMessage = z.infer<typeof UnifiedMessageSchema>;
export type UnifiedMessageOf<T extends MessageType> = Extract<UnifiedMessage, { messageType: T }>;
