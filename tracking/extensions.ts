import { clockFactsFromState, EXTENSION_BASIS_INFO, EXTENSION_STEPS, type ExtensionBasis, type ProcessChange, type UnifiedMessage } from '../standard';
import type { PayloadOf } from '../standard/schema/payloads';
import { isIsoDate } from '../standard/clocks/calendar-date';
import { legalDateOf } from '../standard/clocks/legal-dates';
import { extendClock, statedOnly, type ClockDraft, type ClockEvent, type ClockSettings, type StatedDue } from './clocks';
import type { DeadlineAnomaly } from './timeline';

/**
 * Recorded extension decisions (REVIEW_EXTENSION for C5, DEADLINE_EXTENSION for C4, C5, C9, C10,
 * C11): each extends a running clock by the next step the law allows, with its article. A stated
 * last day is the deadline (the decision is the agency's); one past the statute, before the current
 * deadline, or a decision the law does not allow here, is kept and flagged as an anomaly.
 */
export function applyExtension(
  draft: ClockDraft,
  settings: ClockSettings,
  message: UnifiedMessage,
  changes: readonly ProcessChange[],
  caseUid: string,
): { events: ClockEvent[]; anomalies: DeadlineAnomaly[] } {
  const none = { events: [], anomalies: [] };
  const applied = changes.some((c) => c.messageType === message.messageType && (c.kind === 'STAYED' || c.kind === 'TRANSITION') && !c.follow);
  if (!applied) return none;
  const date = legalDateOf(message);
  const stated = statedDueOf(message);
  if (message.messageType === 'REVIEW_EXTENSION') {
    if (!changes.some((c) => c.process === 'PROSECUTION_REVIEW' && c.attributes?.extended === true)) return none;
    const track = draft.processes.processes.PROSECUTION_REVIEW?.attributes.track;
    const basis: ExtensionBasis = track === 'FAST' ? 'CPL172_FAST' : 'CPL172';
    return extend({ draft, settings, clockKey: 'C5', basis, stated, why: cause(message, date, basis), caseUid });
  }
  if (message.messageType !== 'DEADLINE_EXTENSION') return none;
  const { clock, basis } = message.payload as unknown as PayloadOf<'DEADLINE_EXTENSION'>;
  const info = EXTENSION_BASIS_INFO[basis];
  const running = draft.clocks[clock];
  const decision: Decision = { draft, settings, clockKey: clock, basis, stated, why: cause(message, date, basis), caseUid };
  const refuse = (en: string, zh: string) => notApplicable(decision, `${en} (${zh})`);
  if (info.clock !== clock) return refuse(`${basis} extends ${info.clock}, not ${clock}`, `${basis}适用于${info.clock}，不适用于${clock}`);
  if (!running) return refuse(`${clock} is not running`, `${clock}期限未在计算中`);
  const facts = clockFactsFromState(draft.processes);
  const steps = EXTENSION_STEPS[clock].filter((b) => clock !== 'C5' || EXTENSION_BASIS_INFO[b].track === (facts.track === 'FAST' ? 'FAST' : 'NORMAL'));
  const granted = running.extensions ?? 0;
  const expected = steps[granted];
  if (expected === undefined) return refuse(`${clock} has no further extension in law (${steps.join(', ')} already granted)`, `${clock}已无法定延长余地`);
  if (expected !== basis)
    return refuse(`the next extension of ${clock} the law allows is ${expected}, not ${basis}`, `${clock}下一次可依据的延长为${expected}，而非${basis}`);
  if (info.sentenceOverMonths !== undefined && facts.likelySentenceMonths !== undefined && facts.likelySentenceMonths <= info.sentenceOverMonths) {
    const result = extend(decision);
    const c = draft.clocks[clock]!;
    result.anomalies.push({
      id: `${message.messageId}:${clock}:condition`,
      kind: 'EXTENSION_NOT_APPLICABLE',
      caseUid,
      clock,
      run: c.run,
      messageId: message.messageId,
      basis,
      reason: `${basis} needs a likely sentence over ${info.sentenceOverMonths} months; the recommendation is ${facts.likelySentenceMonths} (可能判处的刑期不符合延长条件)`,
    });
    return result;
  }
  if (info.openEnded) {
    if (!stated) return refuse(`${basis} states no new last day`, `${basis}未载明延长后的期限`);
    const event = statedOnly(draft, clock, settings, stated, decision.why);
    return { events: event ? [event] : [], anomalies: [] };
  }
  return extend(decision);
}

function cause(message: UnifiedMessage, date: { at: string; source: string; estimated: boolean }, basis: ExtensionBasis): NonNullable<ClockEvent['cause']> {
  return { messageId: message.messageId, at: date.at, source: date.source, estimated: date.estimated, basis: EXTENSION_BASIS_INFO[basis].article };
}

/** An extension decision being applied to the clock it names: its basis, the last day it states, its cause. */
interface Decision {
  draft: ClockDraft;
  settings: ClockSettings;
  clockKey: string;
  basis: ExtensionBasis;
  stated: StatedDue | undefined;
  why: NonNullable<ClockEvent['cause']>;
  caseUid: string;
}

function extend({ draft, settings, clockKey, basis, stated, why, caseUid }: Decision) {
  const events: ClockEvent[] = [];
  const anomalies: DeadlineAnomaly[] = [];
  const extended = extendClock(draft, clockKey, settings, stated, why);
  if (extended) {
    events.push(extended);
    const flagged = statedAnomalyOf(caseUid, why.messageId!, extended, basis);
    if (flagged) anomalies.push(flagged);
  }
  return { events, anomalies };
}

/** A decision the law does not allow here: flagged; a stated last day is kept all the same. */
function notApplicable(
  { draft, settings, clockKey, basis, stated, why, caseUid }: Decision,
  reason: string,
): { events: ClockEvent[]; anomalies: DeadlineAnomaly[] } {
  const running = draft.clocks[clockKey];
  const event = running && stated ? statedOnly(draft, clockKey, settings, stated, why) : undefined;
  const anomaly: DeadlineAnomaly = {
    id: `${why.messageId}:${clockKey}`,
    kind: 'EXTENSION_NOT_APPLICABLE',
    caseUid,
    clock: clockKey,
    run: running?.run ?? 0,
    messageId: why.messageId!,
    basis,
    ...(stated && { statedDue: stated.due }),
    ...(running && { previousDue: running.due }),
    reason: `${reason} (延长决定不符合法律规定)`,
  };
  return { events: event ? [event] : [], anomalies: [anomaly] };
}

/** The last day an extension states (`newDeadline`), when it states a valid one. */
function statedDueOf(message: UnifiedMessage): StatedDue | undefined {
  if (message.messageType !== 'REVIEW_EXTENSION' && message.messageType !== 'DEADLINE_EXTENSION') return undefined;
  const due: unknown = message.payload?.newDeadline;
  return typeof due === 'string' && isIsoDate(due) ? { due, by: message.messageId } : undefined;
}

/** A stated extension past the statutory one, or before the deadline it extends, is kept and flagged. */
function statedAnomalyOf(caseUid: string, messageId: string, event: ClockEvent, basis: ExtensionBasis): DeadlineAnomaly | undefined {
  if (event.type !== 'extended' || event.clock.statedBy === undefined || event.clock.statutoryDue === undefined) return undefined;
  const c = event.clock;
  const stated = c.due;
  const statutoryDue = c.statutoryDue!;
  const previousDue = event.previous.due;
  const base = { id: `${messageId}:${c.key}`, caseUid, clock: c.key, run: c.run, messageId, statedDue: stated, statutoryDue, previousDue, basis };
  if (stated > statutoryDue) {
    return {
      ...base,
      kind: 'EXTENSION_BEYOND_STATUTE',
      reason: `${c.key} extended to ${stated}, past the last day the statute allows (${statutoryDue}, ${EXTENSION_BASIS_INFO[basis].article}) (延长后的期限超过法定期限)`,
    };
  }
  if (stated < previousDue) {
    return {
      ...base,
      kind: 'EXTENSION_BEFORE_DEADLINE',
      reason: `${c.key} extended to ${stated}, before its current last day (${previousDue}) (延长后的期限早于原期限)`,
    };
  }
  return undefined;
}
