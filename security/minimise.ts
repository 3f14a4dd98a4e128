import type { Agency } from '../standard/codes/agencies';
import type { CaseInfo } from '../standard/schema/case-info';
import type { UnifiedMessage } from '../standard/schema/message';
import type { Person } from '../standard/schema/parties';

/**
 * Field minimisation per receiver (数据最小化): optional fields a receiving agency has no use for
 * are left out of what is stored for it and sent to it. Only fields the standard marks optional
 * appear here, so a minimised message still validates (the tests check every agency).
 */

type PersonRole = Person['role'];
/** Person fields that may be left out (`role` and `name` are required by the standard). */
export type OptionalPersonField = Exclude<keyof Person, 'role' | 'name'>;

export interface MinimisationRule {
  /** Case snapshot fields left out. */
  caseFields?: readonly (keyof CaseInfo)[];
  /** Person fields left out, per role. */
  personFields?: Partial<Record<PersonRole, readonly OptionalPersonField[]>>;
  /** Roles whose persons are left out altogether. */
  dropRoles?: readonly PersonRole[];
}

const VICTIM_IDENTITY: readonly OptionalPersonField[] = ['idType', 'idNumber', 'birthDate', 'gender', 'ethnicity'];

/** What each receiver does not need. Agencies absent here, or with an empty rule, get everything. */
export const MINIMISATION: Readonly<Record<Agency, MinimisationRule>> = {
  PSB: {},
  PROCURATORATE: {},
  COURT: {},
  // Assigns a lawyer to the suspect: needs the suspect and custody place, not who the victims are.
  LEGAL_AID_CENTER: { personFields: { VICTIM: [...VICTIM_IDENTITY, 'address'] } },
  // Holds the person: identity and custody, not the facts or the victims (the judgment document carries what execution needs).
  DETENTION_CENTER: { caseFields: ['facts', 'amountYuan'], dropRoles: ['VICTIM'] },
  PRISON: { caseFields: ['facts', 'amountYuan'], dropRoles: ['VICTIM'] },
  // Supervises the offender in the community: victims' names and addresses matter for prohibition orders (禁止令), their identity numbers do not.
  COMMUNITY_CORRECTIONS: { caseFields: ['amountYuan'], personFields: { VICTIM: VICTIM_IDENTITY } },
};

/**
 * The message without the fields `receiver` does not need; the input is never changed. A receiver
 * that gets everything gets the input itself (no copy: the enqueue path serialises it at once, and
 * copying every message cost a structuredClone per message); otherwise a copy.
 */
export function minimiseFor<M extends UnifiedMessage>(
  receiver: Agency,
  message: M,
  table: Readonly<Partial<Record<Agency, MinimisationRule>>> = MINIMISATION,
): M {
  const rule = table[receiver];
  if (!rule || (!rule.caseFields?.length && !rule.dropRoles?.length && !rule.personFields)) return message;
  const copy = structuredClone(message);
  for (const field of rule.caseFields ?? []) delete copy.case[field];
  const dropRoles = new Set(rule.dropRoles ?? []);
  copy.persons = copy.persons
    .filter((person) => !dropRoles.has(person.role))
    .map((person) => {
      for (const field of rule.personFields?.[person.role] ?? []) delete person[field];
      return person;
    });
  return copy;
}
