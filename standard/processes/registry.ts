import { MESSAGE_TYPE_IDS, type MessageType } from '../codes/message-types';
import { PROCESS_IDS, type Process } from '../codes/processes';
import { ARREST_REVIEW } from './arrest-review';
import { isOpenRow, STAY, type ProcessDefinition } from './definition';
import { EXECUTION_HANDOVER } from './execution-handover';
import { FIRST_INSTANCE_TRIAL } from './first-instance-trial';
import { LEGAL_AID } from './legal-aid';
import { PROSECUTION_REVIEW } from './prosecution-review';
import { PUBLIC_PROSECUTION } from './public-prosecution';
import { SECOND_INSTANCE } from './second-instance';

/** The processes as data (domain.md §2; P7 since standard 1.1). */
export const PROCESS_DEFINITIONS: { readonly [P in Process]: ProcessDefinition } = {
  ARREST_REVIEW,
  PROSECUTION_REVIEW,
  PUBLIC_PROSECUTION,
  FIRST_INSTANCE_TRIAL,
  LEGAL_AID,
  EXECUTION_HANDOVER,
  SECOND_INSTANCE,
};

/**
 * Message types whose process follows the case's stage rather than the sender's label: when the
 * labelled process refuses them, the other processes they belong to are tried (a CUSTODY_TRANSFER
 * labelled PROSECUTION_REVIEW sent by the court belongs to PUBLIC_PROSECUTION). Every other type,
 * ACCEPTANCE_ACK included, is applied to the process the message names and nowhere else.
 */
export const STAGE_DEPENDENT_MESSAGE_TYPES: readonly MessageType[] = ['CUSTODY_TRANSFER', 'SERVICE_RECEIPT', 'PROSECUTION_WITHDRAWAL'];

/** Message types that create a process instance, per process. */
export function openingMessageTypes(process: Process): MessageType[] {
  return unique(PROCESS_DEFINITIONS[process].transitions.filter((row) => isOpenRow(row) && !row.follow).map((row) => row.on));
}

/**
 * Message types that change neither a state nor an attribute in any process: notices accepted as
 * no-ops where they make sense (CUSTODY_TRANSFER, SENTENCING_ADJUSTMENT, NON_PROS_RECONSIDERATION).
 */
export const INFORMATIONAL_MESSAGE_TYPES: readonly MessageType[] = MESSAGE_TYPE_IDS.filter((type) =>
  PROCESS_IDS.every((process) => PROCESS_DEFINITIONS[process].transitions.every((row) => row.on !== type || (row.to === STAY && !row.set))),
);

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

const reachableCache = new WeakMap<ProcessDefinition, Map<string, Set<string>>>();

/** States reachable from `state` in one or more steps (messages, follows and internal events). */
export function reachableStates(definition: ProcessDefinition, state: string): Set<string> {
  let byState = reachableCache.get(definition);
  if (!byState) {
    byState = new Map();
    reachableCache.set(definition, byState);
  }
  const cached = byState.get(state);
  if (cached) return cached;
  const edges = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string) => {
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  };
  for (const row of definition.transitions) {
    if (row.from === 'OPEN' || row.to === STAY) continue;
    for (const from of row.from) {
      for (const to of [...(row.via ?? []), row.to]) addEdge(from, to);
    }
  }
  for (const step of definition.internal) {
    if (step.to === STAY) continue;
    for (const from of step.from) addEdge(from, step.to);
  }
  const seen = new Set<string>();
  const queue = [...(edges.get(state) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(edges.get(next) ?? []));
  }
  byState.set(state, seen);
  return seen;
}
