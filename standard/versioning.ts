/**
 * Which standard version a message needs. Standard 1.1 only adds (optional fields, codes, message
 * types, a process); a message that uses none of the additions is a 1.0 message, and a message that
 * declares 1.0 must not use them. Adapters write the lowest version that holds what they map.
 */
import { LEGACY_CHARGE_CODES } from './codes/charges';
import type { MessageType } from './codes/message-types';

export const STANDARD_1_0 = '1.0';
export const STANDARD_1_1 = '1.1';

/** Message types added in 1.1: the second instance (issue 19) and the decisions of the 1.x additions (issue 15). */
export const MESSAGE_TYPES_SINCE_1_1: readonly MessageType[] = [
  'SECOND_INSTANCE_TRANSFER',
  'SECOND_INSTANCE_ACCEPTED',
  'SECOND_INSTANCE_DECISION',
  'DEADLINE_EXTENSION',
  'TRIAL_POSTPONEMENT',
  'TRIAL_RESUMPTION_REQUEST',
  'TRIAL_JURISDICTION_CHANGE',
  'LEGAL_AID_OBJECTION',
  'LEGAL_AID_OBJECTION_DECISION',
];
/**
 * Payload fields the 1.x additions (issue 15: legal dates, circumstances, decisions) gave to message
 * types of 1.0, per type: the same name elsewhere may be a 1.0 field (`receivedAt`, `decisionDate`).
 */
export const PAYLOAD_FIELDS_SINCE_1_1: Readonly<Partial<Record<MessageType, readonly string[]>>> = {
  ARREST_REQUEST: ['requestPeriodExtended'],
  ACCEPTANCE_ACK: ['rightsNotifiedOn'],
  REVIEW_EXTENSION: ['decisionDate'],
  CASE_ACCEPTED: ['receivedOn'],
  JUDGMENT: ['documentKind'],
};
/** Case fields added in 1.1 (`case.charges`: issue 19; `case.circumstances`: issue 15). */
const CASE_KEYS_1_1 = ['charges', 'circumstances'] as const;
/** Principal penalties of 1.0; the others came with 1.1. */
const PRINCIPALS_1_0 = new Set(['FIXED_TERM', 'SHORT_DETENTION', 'SURVEILLANCE', 'FINE_ONLY', 'EXEMPTED']);
/** Payload fields (at any depth) added in 1.1. */
const PAYLOAD_KEYS_1_1 = new Set([
  'defendants',
  'personIds',
  'personId',
  'executingOrg',
  'appealedOn',
  'protestedOn',
  'against',
  'lodgedWith',
  'term',
  'suspended',
  'probation',
  'accessories',
  'noCommutationOrParole',
]);
const PERSON_KEYS_1_1 = ['personId', 'charges', 'plea', 'legalAid'] as const;

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => value !== null && typeof value === 'object' && !Array.isArray(value);

function chargeIsNew(charge: unknown): boolean {
  return isObject(charge) && typeof charge.code === 'string' && !(charge.code in LEGACY_CHARGE_CODES);
}

function orgPaths(org: unknown, path: string, out: string[]): void {
  if (!isObject(org)) return;
  if (org.name !== undefined) out.push(`${path}.name`);
  if (typeof org.orgCode === 'string' && org.orgCode.length === 18) out.push(`${path}.orgCode`);
}

function walkPayload(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkPayload(item, `${path}[${index}]`, out));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    const here = `${path}.${key}`;
    if (PAYLOAD_KEYS_1_1.has(key)) out.push(here);
    else if (key === 'principal' && typeof inner === 'string' && !PRINCIPALS_1_0.has(inner)) out.push(here);
    else walkPayload(inner, here, out);
  }
}

/** Paths of everything in a (structurally valid or not) message that standard 1.0 does not have. */
export function pathsNewIn11(message: unknown): string[] {
  if (!isObject(message)) return [];
  const out: string[] = [];
  if (message.process === 'SECOND_INSTANCE') out.push('process');
  if ((MESSAGE_TYPES_SINCE_1_1 as readonly unknown[]).includes(message.messageType)) out.push('messageType');
  orgPaths(message.sender, 'sender', out);
  orgPaths(message.receiver, 'receiver', out);
  const info = message.case;
  if (isObject(info)) {
    for (const key of CASE_KEYS_1_1) if (info[key] !== undefined) out.push(`case.${key}`);
    if (chargeIsNew(info.charge)) out.push('case.charge.code');
  }
  if (Array.isArray(message.persons)) {
    message.persons.forEach((person, index) => {
      if (!isObject(person)) return;
      for (const key of PERSON_KEYS_1_1) if (person[key] !== undefined) out.push(`persons[${index}].${key}`);
    });
  }
  walkPayload(message.payload, 'payload', out);
  const payload = message.payload;
  const type = message.messageType;
  const added = typeof type === 'string' && Object.hasOwn(PAYLOAD_FIELDS_SINCE_1_1, type) ? PAYLOAD_FIELDS_SINCE_1_1[type as MessageType] : undefined;
  if (added && isObject(payload)) for (const key of added) if (payload[key] !== undefined) out.push(`payload.${key}`);
  return out;
}

/** The lowest standard version that holds the message. */
export function standardVersionFor(message: unknown): typeof STANDARD_1_0 | typeof STANDARD_1_1 {
  return pathsNewIn11(message).length > 0 ? STANDARD_1_1 : STANDARD_1_0;
}
