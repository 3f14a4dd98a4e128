import type { Process } from '../codes/processes';
import type { UnifiedMessage } from '../schema/message';
import { executionBranch } from '../processes/execution-branch';
import type { CaseProcessState, InstanceKey, ProcessChange, ProcessInstance } from '../processes/types';
import { beijingDateOf, parseInstant } from './calendar-date';
import { legalDateOf, type LegalDate } from './legal-dates';
import { CLOCK_DEFINITIONS, CLOCK_IDS, type ClockDefinition, type ClockId, type ClockTrigger, type ExternalClockEvent } from './definitions';
import type { ClockFacts } from './limits';

export interface ClockAction {
  clock: ClockId;
  /**
   * RESTART: a fresh full period from `at` (time already used is discarded). INTERRUPT: the run
   * ends without an outcome. ANCHOR: the running period is re-counted from the legal start date `at`.
   */
  action: 'START' | 'STOP' | 'RESTART' | 'INTERRUPT' | 'ANCHOR';
  /** The legal date the message states for this action (or its send time, then `estimated`). */
  at: string;
  /** Where `at` came from (`payload.receivedAt`, `sentAt` …). */
  source: string;
  /** The send time stood in for the legal date. */
  estimated: boolean;
  process: Process;
  /** The process instance the clock runs for (legal aid clocks run per stage). */
  key: InstanceKey | null;
  /** The person a per-person clock runs for (custody clocks, standard 1.1). */
  personId?: string;
  /** The article behind this step when it is not the clock's own (the trigger's `basis`). */
  basis?: string;
}

/** The per-person actions of a per-person clock: a start per arrested person from their custody date, a stop per person named. */
function perPersonActions(message: UnifiedMessage, base: Omit<ClockAction, 'action'>, action: ClockAction['action']): ClockAction[] | undefined {
  const persons = message.persons.filter((p) => p.personId !== undefined);
  if (persons.length === 0) return undefined;
  if (action === 'STOP') return persons.map((p) => ({ ...base, action, personId: p.personId! }));
  return persons
    .filter((p) => p.custody?.measure === 'ARRESTED')
    .map((p) => ({
      ...base,
      action,
      personId: p.personId!,
      ...(p.custody?.since ? { at: `${p.custody.since}T00:00:00+08:00`, source: 'persons.custody.since', estimated: false } : {}),
    }));
}

const EFFECTIVE_KINDS = new Set<ProcessChange['kind']>(['OPENED', 'TRANSITION', 'STAYED']);

function matchesMessage(trigger: ClockTrigger, change: ProcessChange, message: UnifiedMessage): boolean {
  if (!('message' in trigger) || trigger.message !== change.messageType) return false;
  if (trigger.process && trigger.process !== change.process) return false;
  if (trigger.fromState !== undefined && change.from !== trigger.fromState) return false;
  if (trigger.dateField !== undefined && trigger.dateField !== 'sentAt' && (message.payload as Record<string, unknown>)[trigger.dateField] === undefined)
    return false;
  if (!trigger.payload) return true;
  const payload = message.payload as Record<string, unknown>;
  for (const name of Object.keys(trigger.payload)) {
    if (payload[name] !== trigger.payload[name]) return false;
  }
  return true;
}

function matchesEntry(trigger: ClockTrigger, change: ProcessChange): boolean {
  return 'enter' in trigger && trigger.process === change.process && change.to === trigger.enter && change.from !== change.to;
}

function instanceFor(clock: ClockDefinition, change: ProcessChange, state: CaseProcessState): ProcessInstance | undefined {
  if (change.process === clock.process && change.key) return state.processes[change.key];
  if (clock.process === 'LEGAL_AID') return undefined;
  return state.processes[clock.process as InstanceKey];
}

function applies(clock: ClockDefinition, instance: ProcessInstance | undefined, at: string): boolean {
  if (!instance) return false;
  const when = clock.appliesWhen;
  if (!when) return true;
  if (when.procedure && instance.attributes.procedure !== when.procedure) return false;
  const branch = when.branch || when.notBranch ? (instance.attributes.branch ?? executionBranch(instance.attributes, at)) : undefined;
  if (when.branch && branch !== when.branch) return false;
  if (when.notBranch && branch !== undefined && when.notBranch.includes(branch)) return false;
  return true;
}

/** The trigger that fired, so its own date field (if any) gives the legal date. */
function firstHit(triggers: readonly ClockTrigger[] | undefined, change: ProcessChange, message: UnifiedMessage): ClockTrigger | undefined {
  if (!triggers) return undefined;
  for (const trigger of triggers) {
    if (matchesMessage(trigger, change, message) || matchesEntry(trigger, change)) return trigger;
  }
  return undefined;
}

function basisOf(trigger: ClockTrigger | undefined): { basis?: string } {
  return trigger && 'message' in trigger && trigger.basis !== undefined ? { basis: trigger.basis } : {};
}

function dateOf(iso: string): string {
  const instant = parseInstant(iso);
  return instant === undefined ? iso.slice(0, 10) : beijingDateOf(instant);
}

function hits(triggers: readonly ClockTrigger[] | undefined, change: ProcessChange, message: UnifiedMessage): boolean {
  if (!triggers) return false;
  for (const trigger of triggers) {
    if (matchesMessage(trigger, change, message) || matchesEntry(trigger, change)) return true;
  }
  return false;
}

/**
 * Clocks that have a trigger naming a message type, or a state entered in a process: a message
 * touches only a few of the clocks, so the others are not examined at all (this runs per message).
 */
interface TriggerIndex {
  byMessage: Map<string, Set<ClockId>>;
  byEntry: Map<string, Set<ClockId>>;
}

const entryKey = (process: string, state: string): string => `${process}|${state}`;

function indexTriggers(): TriggerIndex {
  const index: TriggerIndex = { byMessage: new Map(), byEntry: new Map() };
  const add = (map: Map<string, Set<ClockId>>, key: string, id: ClockId) => {
    let ids = map.get(key);
    if (!ids) map.set(key, (ids = new Set()));
    ids.add(id);
  };
  for (const id of CLOCK_IDS) {
    const clock = CLOCK_DEFINITIONS[id];
    for (const trigger of [...(clock.restart ?? []), ...clock.start, ...clock.stop, ...(clock.interrupt ?? []), ...(clock.anchor ?? [])]) {
      if ('message' in trigger) add(index.byMessage, trigger.message, id);
      else if ('enter' in trigger) add(index.byEntry, entryKey(trigger.process, trigger.enter), id);
    }
  }
  return index;
}

const TRIGGER_INDEX = indexTriggers();

/** Clocks some trigger of which may match one of the changes (a superset of those that do). */
function candidateClocks(effective: readonly ProcessChange[]): Set<ClockId> {
  const candidates = new Set<ClockId>();
  for (const change of effective) {
    const byMessage = change.messageType === undefined ? undefined : TRIGGER_INDEX.byMessage.get(change.messageType);
    if (byMessage) for (const id of byMessage) candidates.add(id);
    const byEntry = change.to === null ? undefined : TRIGGER_INDEX.byEntry.get(entryKey(change.process, change.to));
    if (byEntry) for (const id of byEntry) candidates.add(id);
  }
  return candidates;
}

/**
 * Which clocks start, stop or restart because of one applied message, from the changes
 * `applyMessage` returned and the state it produced. Starting a clock needs the clock's process
 * to exist and its `appliesWhen` to hold; stopping does not (stopping an idle clock is a no-op).
 */
export function clockActions(message: UnifiedMessage, changes: readonly ProcessChange[], state: CaseProcessState): ClockAction[] {
  const actions: ClockAction[] = [];
  const effective = changes.filter((c) => EFFECTIVE_KINDS.has(c.kind));
  const legal = legalDateOf(message);
  const day = dateOf(legal.at);
  const candidates = candidateClocks(effective);
  const dated = (trigger: ClockTrigger | undefined): LegalDate =>
    trigger && 'message' in trigger && trigger.dateField ? legalDateOf(message, trigger.dateField) : legal;
  if (candidates.size === 0) return actions;
  const seen = new Set<string>();
  const push = (action: ClockAction) => {
    const id = `${action.clock}|${action.action}|${action.key}|${action.personId ?? ''}`;
    if (!seen.has(id)) {
      seen.add(id);
      actions.push(action);
    }
  };
  for (const id of CLOCK_IDS) {
    if (!candidates.has(id)) continue;
    const clock = CLOCK_DEFINITIONS[id];
    for (const change of effective) {
      const restarts = hits(clock.restart, change, message);
      const startTrigger = restarts ? firstHit(clock.restart, change, message) : firstHit(clock.start, change, message);
      const starts = !restarts && startTrigger !== undefined;
      const stop = firstHit(clock.stop, change, message);
      const interrupt = firstHit(clock.interrupt, change, message);
      const interrupts = interrupt !== undefined;
      const anchor = firstHit(clock.anchor, change, message);
      if (!restarts && !starts && !stop && !interrupts && !anchor) continue;
      const instance = instanceFor(clock, change, state);
      const key = instance?.key ?? (change.process === clock.process ? change.key : null);
      const base = { clock: id, process: clock.process, key };
      const at = (trigger?: ClockTrigger) => {
        const date = dated(trigger);
        return { at: date.at, source: date.source, estimated: date.estimated };
      };
      const runs = (restarts || starts) && applies(clock, instance, day);
      const action = runs ? (restarts ? 'RESTART' : 'START') : stop ? 'STOP' : interrupts ? 'INTERRUPT' : undefined;
      if (action !== undefined) {
        const trigger = action === 'STOP' ? stop : action === 'INTERRUPT' ? interrupt : startTrigger;
        const dates = { ...(action === 'INTERRUPT' ? at() : at(trigger)), ...basisOf(trigger) };
        const perPerson = clock.perPerson && action !== 'INTERRUPT' ? perPersonActions(message, { ...base, ...dates }, action) : undefined;
        if (perPerson) perPerson.forEach(push);
        else push({ ...base, ...dates, action });
      }
      if (anchor) {
        const date = dated(anchor);
        if (!date.estimated) push({ ...base, ...at(anchor), action: 'ANCHOR' });
      }
    }
  }
  return actions;
}

/** Clocks started by an event the exchange does not carry (detention, an aid ground found, an application received). */
export function clocksStartedBy(event: ExternalClockEvent): ClockId[] {
  return CLOCK_IDS.filter((id) => CLOCK_DEFINITIONS[id].start.some((t) => 'external' in t && t.external === event));
}

/** Limit-selecting facts as the process state knows them. */
export function clockFactsFromState(state: CaseProcessState): ClockFacts {
  const review = state.processes.PROSECUTION_REVIEW?.attributes;
  const trial = state.processes.FIRST_INSTANCE_TRIAL?.attributes ?? state.processes.PUBLIC_PROSECUTION?.attributes;
  const flags = new Set(state.circumstances ?? []);
  const arrestRequest = state.processes.ARREST_REVIEW?.attributes;
  return {
    ...(state.inCustody !== undefined && { inCustody: state.inCustody }),
    ...((flags.has('ROVING') || flags.has('REPEATED') || flags.has('GANG')) && { seriousOffender: true }),
    ...(flags.has('MAJOR_COMPLEX') && { complex: true }),
    ...(arrestRequest?.requestPeriodExtended === true && { requestPeriodExtended: true }),
    ...(trial?.documentKind === 'RULING' && { ruling: true }),
    ...(review?.track && { track: review.track }),
    ...(trial?.recommendedTermMonths !== undefined && { likelySentenceMonths: trial.recommendedTermMonths }),
  };
}
