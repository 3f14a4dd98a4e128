/**
 * Which standard version a message needs. Standard 1.1 only adds (optional fields, codes, message
 * types, a process); a message that uses none of the additions is a 1.0 message, and a message that
 * declares 1.0 must not use them. Adapters write the lowest version that holds what they map.
 */
import { LEGACY_CHARGE_CODES } from './codes/charges';
import type { MessageType } from './codes/message-types';

export const STANDARD_1_0 = '1.0';
export const STANDARD_1_1 = '1.1';

/** Message types added in 1.1. */
export const MESSAGE_TYPES_SINCE_1_1: readonly MessageType[] = ['SECOND_INSTANCE_TRANSFER', 'SECOND_INSTANCE_ACCEPTED', 'SECOND_INSTANCE_DECISION'];
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
    if (info.charges !== undefined) out.push('case.charges');
    if (chargeIsNew(info.charge)) out.push('case.charge.code');
  }
  if (Array.isArray(message.persons)) {
    message.persons.forEach((person, index) => {
      if (!isObject(person)) return;
      for (const key of PERSON_KEYS_1_1) if (person[key] !== undefined) out.push(`persons[${index}].${key}`);
    });
  }
  walkPayload(message.payload, 'payload', out);
  return out;
}

/** The lowest standard version that holds the message. */
export function standardVersionFor(message: unknown): typeof STANDARD_1_0 | typeof STANDARD_1_1 {
  return pathsNewIn11(message).length > 0 ? STANDARD_1_1 : STANDARD_1_0;
}
