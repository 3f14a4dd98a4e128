import {
  applyMessage,
  canonicalDivision,
  CLOCK_DEFINITIONS,
  clockActions,
  clockFactsFromState,
  clocksStartedBy,
  emptyCaseState,
  isCopy,
  parseCaseUid,
  parseOrgCode,
  type ProcessChange,
  type ProcessOptions,
  type UnifiedMessage,
  type Violation,
} from '../standard';
import { toBeijingIso } from '../standard/clocks/calendar-date';
import { legalDateOf } from '../standard/clocks/legal-dates';
import type { CaseMilestones, CaseRecord, RunningClock } from './case-record';
import type { DeadlineChange, OutboxOp } from './case-store';
import {
  alertsFor,
  applyClockActions,
  clockDraftOf,
  clockIdOf,
  instantOf,
  recomputeRunning,
  startExternal,
  type ClockEvent,
  type ClockSettings,
} from './clocks';
import { applyExtension } from './extensions';
import { entryOf, firstThresholdMs, memberOf, packEntry } from './deadline-record';
import { packCaseOutcome, packEvent, packLatency, packStep, stepField } from './figures/records';
import { caseDivisionOf, type Identity } from './identity';
import { monthOf } from './periods';
import type { Anomaly, AnomalyEntry, ClockEntry, DeadlineAnomaly, TimelineEntry } from './timeline';

/** Everything one observed message changes, computed without touching Redis. */
export interface ObserveStep {
  record: CaseRecord;
  timeline: TimelineEntry[];
  ops: OutboxOp[];
  changes: ProcessChange[];
  violation?: Violation;
  clockEvents: ClockEvent[];
  anomalies: Anomaly[];
}

export interface ObserveInput {
  /** The stored case (freshly parsed; changed in place and returned), undefined for a case's first message. */
  existing: CaseRecord | undefined;
  identity: Identity;
  /** With caseUid set. */
  message: UnifiedMessage;
  /** The sender gave the caseUid (a new case adopts it) rather than the platform allocating it. */
  adopted: boolean;
  receivedMs: number;
  settings: ClockSettings;
  processOptions?: Partial<ProcessOptions>;
}

/** Track label of figures: the trial procedure once known, else the latest CaseInfo.track. */
export function trackOf(record: CaseRecord, message?: UnifiedMessage): string {
  const procedure =
    record.processes.processes.FIRST_INSTANCE_TRIAL?.attributes.procedure ?? record.processes.processes.PUBLIC_PROSECUTION?.attributes.procedure;
  return procedure ?? message?.case.track ?? record.track;
}

function newRecord(input: ObserveInput, district: string): CaseRecord {
  return {
    schemaVersion: 1,
    caseUid: input.identity.caseUid,
    createdAt: toBeijingIso(input.receivedMs),
    district,
    track: 'UNKNOWN',
    inCustody: false,
    numbers: [],
    processes: emptyCaseState(),
    clocks: {},
    runs: {},
    rev: 0,
    milestones: { startMs: instantOf(input.message.sentAt) },
    anomalies: [],
    counts: { messages: 0, violations: 0 },
    timeline: [],
    seen: [],
  };
}

/** Detention date of an arrest request: its payload, else a detained suspect's custody date. */
function detentionDateOf(message: UnifiedMessage): string | undefined {
  if (message.messageType !== 'ARREST_REQUEST') return undefined;
  if (message.payload.detentionDate) return message.payload.detentionDate;
  return message.persons.find((p) => p.role === 'SUSPECT' && p.custody?.measure === 'DETAINED' && p.custody.since)?.custody?.since;
}

function updateMilestones(record: CaseRecord, message: UnifiedMessage, changes: readonly ProcessChange[]): boolean {
  const before = JSON.stringify(record.milestones);
  const m: CaseMilestones = record.milestones;
  // Figures count from the same legal dates as the clocks (judgment pronounced, effective, received …).
  const at = instantOf(legalDateOf(message).at);
  const moved = (process: string, to?: string) =>
    changes.some((c) => c.process === process && (c.kind === 'OPENED' || c.kind === 'TRANSITION') && (to === undefined || c.to === to));
  const detention = detentionDateOf(message);
  if (detention !== undefined) m.startMs = Math.min(m.startMs, instantOf(detention));
  if (message.messageType === 'INDICTMENT' && m.indictedMs === undefined && moved('PUBLIC_PROSECUTION', 'FILED')) {
    m.indictedMs = at;
    m.indictedFastTrack = record.processes.processes.PUBLIC_PROSECUTION?.attributes.procedure === 'FAST';
  }
  if (message.messageType === 'JUDGMENT' && moved('FIRST_INSTANCE_TRIAL', 'SENTENCED')) {
    m.judgmentMs = at;
    const adopted = message.payload.recommendationAdopted;
    if (adopted !== undefined) m.recommendationAdopted = adopted;
    else delete m.recommendationAdopted;
  }
  if (message.messageType === 'JUDGMENT_EFFECTIVE' && moved('FIRST_INSTANCE_TRIAL', 'EFFECTIVE')) m.effectiveMs = at;
  if ((message.messageType === 'EXECUTION_RECEIPT' || message.messageType === 'CC_RECEIPT') && m.receiptMs === undefined && moved('EXECUTION_HANDOVER'))
    m.receiptMs = at;
  return JSON.stringify(m) !== before;
}

/** One ledger line of a clock: what happened, when in law, why (article) and which message caused it. */
export function clockEntry(at: string, event: ClockEvent): ClockEntry {
  const c = event.clock;
  const cause = event.cause;
  const base = {
    at,
    kind: 'clock' as const,
    clock: memberClock(c),
    run: c.run,
    ...(cause?.messageId !== undefined && { messageId: cause.messageId }),
    ...(cause && { legalDate: cause.at, source: cause.source, estimated: cause.estimated }),
    basis: cause?.basis ?? CLOCK_DEFINITIONS[clockIdOf(c.key)].basis.ref,
    due: c.due,
  };
  switch (event.type) {
    case 'started':
      return { ...base, action: event.restart ? 'restarted' : 'started', deadline: c.expiresAt, limit: describeLimit(c) };
    case 'stopped':
      if (event.reason === 'stopped') return { ...base, action: 'stopped', deadline: c.expiresAt, onTime: event.stopMs < c.deadlineMs };
      if (event.reason === 'interrupted')
        return {
          ...base,
          action: 'interrupted',
          deadline: c.expiresAt,
          reason: 'ended without an outcome; counted again from the next start (中止，之后重新计算)',
        };
      return { ...base, action: 'cancelled', deadline: c.expiresAt, reason: 'restarted (重新计算期限)' };
    case 'anchored':
      return {
        ...base,
        action: 'anchored',
        deadline: c.expiresAt,
        limit: describeLimit(c),
        reason: `counted from the legal date ${c.startedAt} instead of the send time (按法定起算日重新计算)`,
      };
    case 'extended':
    case 'recomputed':
      return {
        ...base,
        action: event.type,
        deadline: c.expiresAt,
        limit: describeLimit(c),
        ...(c.statedBy !== undefined && { reason: `stated by ${c.statedBy} (报文载明的期限)` }),
      };
  }
}

function memberClock(c: RunningClock): string {
  return c.key;
}

function describeLimit(c: RunningClock): string {
  const parts = [c.limit.months && `${c.limit.months}mo`, c.limit.days && `${c.limit.days}d`, c.limit.hours && `${c.limit.hours}h`].filter(Boolean);
  return `${parts.join(' ')}${c.variant ? ` (${c.variant})` : ''}`;
}

/** Index changes that make the district indexes match the clocks after this step, one op per district. */
export function deadlineOps(caseUid: string, before: Record<string, RunningClock>, after: Record<string, RunningClock>): OutboxOp[] {
  const byDistrict = new Map<string, DeadlineChange[]>();
  const add = (district: string, change: DeadlineChange) => byDistrict.set(district, [...(byDistrict.get(district) ?? []), change]);
  for (const [key, old] of Object.entries(before)) {
    const now = after[key];
    if (!alertsFor(clockIdOf(key))) continue;
    if (!now || now.district !== old.district) add(old.district, ['del', memberOf(caseUid, key), old.rev]);
  }
  for (const [key, now] of Object.entries(after)) {
    if (!alertsFor(clockIdOf(key)) || before[key]?.rev === now.rev) continue;
    const entry = entryOf(caseUid, now);
    add(now.district, ['set', memberOf(caseUid, key), packEntry(entry), firstThresholdMs(entry)]);
  }
  return [...byDistrict].map(([district, changes]) => ({ op: 'deadlines', district, changes }));
}

export function stepOps(record: CaseRecord, events: readonly ClockEvent[]): OutboxOp[] {
  const ops: OutboxOp[] = [];
  for (const event of events) {
    if (event.type !== 'stopped' || event.reason !== 'stopped') continue;
    const c = event.clock;
    const field = stepField({ caseUid: record.caseUid, clock: memberClock(c), run: c.run });
    const value = packStep({
      caseUid: record.caseUid,
      clock: c.clock,
      run: c.run,
      district: c.district,
      agency: c.agency,
      track: record.track,
      startMs: c.startMs,
      stopMs: event.stopMs,
      deadlineMs: c.deadlineMs,
    });
    ops.push({ op: 'figure', table: 'steps', month: monthOf(event.stopMs), field, value });
  }
  return ops;
}

/** The figure record counting an anomaly (events table, month of receipt). */
function anomalyEventOp(anomaly: Anomaly, district: string, receivedMs: number): OutboxOp {
  const clock = anomaly.kind === 'NUMBER_CONFLICT' ? undefined : clockIdOf(anomaly.clock);
  return {
    op: 'figure',
    table: 'events',
    month: monthOf(receivedMs),
    field: `${anomaly.id}|a`,
    value: packEvent({ id: anomaly.id, kind: 'anomaly', district, atMs: receivedMs, detail: anomaly.kind, ...(clock && { clock }) }),
  };
}

/**
 * Applies one message to a case: identity links and anomalies, process state (or the violation),
 * clocks, milestones; returns the new record with the timeline entries and follow-up operations.
 */
export function observeStep(input: ObserveInput): ObserveStep {
  const { message, identity, settings } = input;
  const at = toBeijingIso(input.receivedMs);
  const created = input.existing === undefined;
  // The stored record was parsed for this call: it is changed in place.
  const record: CaseRecord = created ? newRecord(input, districtFor(input)) : input.existing!;
  const timeline: TimelineEntry[] = [];
  const ops: OutboxOp[] = [];

  if (created) {
    timeline.push({
      at,
      kind: 'case',
      caseUid: record.caseUid,
      how: input.adopted ? 'adopted' : 'allocated',
      district: record.district,
      messageId: message.messageId,
    });
  }
  timeline.push({
    at,
    kind: 'message',
    messageId: message.messageId,
    messageType: message.messageType,
    process: message.process,
    from: message.sender.orgCode,
    to: message.receiver.orgCode,
    sentAt: message.sentAt,
    receivedAt: at,
    ...(message.documents.some((d) => d.docNo) && { docNos: message.documents.flatMap((d) => (d.docNo ? [d.docNo] : [])) }),
  });
  record.counts.messages += 1;

  const conflicting = new Set(identity.conflicts.map((c) => c.number));
  for (const entry of identity.numbers) {
    if (!conflicting.has(entry.number) && !record.numbers.some((n) => n.number === entry.number)) record.numbers.push(entry);
  }
  const anomalies: Anomaly[] = [];
  for (const anomaly of identity.conflicts) {
    if (record.anomalies.some((a) => a.id === anomaly.id)) continue;
    record.anomalies.push(anomaly);
    anomalies.push(anomaly);
    const entry: AnomalyEntry = { at, kind: 'anomaly', anomaly };
    timeline.push(entry);
    ops.push({ op: 'case.anomaly', caseUid: anomaly.linkedTo, entry });
    ops.push(anomalyEventOp(anomaly, record.district, input.receivedMs));
  }

  const clocksBefore = record.clocks;
  const factsBefore = JSON.stringify(clockFactsFromState(record.processes));
  const result = applyMessage(record.processes, message, input.processOptions);
  let changes: ProcessChange[] = [];
  let violation: Violation | undefined;
  const clockEvents: ClockEvent[] = [];
  const deadlineAnomalies: DeadlineAnomaly[] = [];
  if (result.ok) {
    changes = result.changes;
    record.processes = result.state;
    if (record.processes.inCustody !== undefined) record.inCustody = record.processes.inCustody;
    record.track = trackOf(record, message);
    record.district = transferredDistrict(message) ?? record.district;
    for (const change of changes) {
      if (change.kind === 'DUPLICATE') continue;
      timeline.push({
        at,
        kind: 'state',
        messageId: message.messageId,
        process: change.process,
        key: change.key,
        change: change.kind,
        from: change.from,
        to: change.to,
        ...(change.via && { via: change.via }),
      });
    }
    const draft = clockDraftOf(record);
    const detention = detentionDateOf(message);
    if (detention !== undefined && draft.runs.C1 === undefined)
      clockEvents.push(...startExternal(draft, clocksStartedBy('DETENTION'), detention, undefined, settings, message.messageId));
    clockEvents.push(...applyClockActions(draft, clockActions(message, changes, record.processes), settings, message.messageId));
    const extension = applyExtension(draft, settings, message, changes, record.caseUid);
    clockEvents.push(...extension.events);
    deadlineAnomalies.push(...extension.anomalies);
    if (JSON.stringify(clockFactsFromState(record.processes)) !== factsBefore) {
      const touched = new Set(clockEvents.map((e) => memberClock(e.clock)));
      clockEvents.push(...recomputeRunning(draft, settings, touched));
    }
    record.clocks = draft.clocks;
    record.runs = draft.runs;
    record.rev = draft.rev;
    if (updateMilestones(record, message, changes) && record.milestones.indictedMs !== undefined) {
      ops.push({
        op: 'case-outcome',
        caseUid: record.caseUid,
        value: packCaseOutcome({ caseUid: record.caseUid, district: record.district, track: record.track, ...record.milestones }),
      });
    }
  } else {
    violation = result.violation;
    record.counts.violations += 1;
    timeline.push({ at, kind: 'violation', messageId: message.messageId, messageType: message.messageType, violation });
    ops.push({
      op: 'figure',
      table: 'events',
      month: monthOf(input.receivedMs),
      field: `${record.caseUid}|${message.messageId}|${message.receiver.orgCode}|v`,
      value: packEvent({ id: message.messageId, kind: 'violation', district: record.district, atMs: input.receivedMs, detail: message.messageType }),
    });
  }

  for (const event of clockEvents) timeline.push(clockEntry(at, event));
  for (const anomaly of deadlineAnomalies) {
    record.anomalies.push(anomaly);
    anomalies.push(anomaly);
    timeline.push({ at, kind: 'anomaly', anomaly });
    ops.push(anomalyEventOp(anomaly, record.district, input.receivedMs));
  }
  ops.push(...stepOps(record, clockEvents));
  ops.push(...deadlineOps(record.caseUid, clocksBefore, record.clocks));
  if (!isCopy(message)) {
    ops.push({
      op: 'figure',
      table: 'latency',
      month: monthOf(input.receivedMs),
      field: message.messageId,
      value: packLatency({
        messageId: message.messageId,
        messageType: message.messageType,
        district: record.district,
        agency: message.sender.agency,
        sentMs: instantOf(message.sentAt),
        receivedMs: input.receivedMs,
      }),
      onlyNew: true,
    });
  }
  return { record, timeline, ops, changes, ...(violation && { violation }), clockEvents, anomalies };
}

/** District of a new case: the crime location, else the uid's division, else the sender's district. */
function districtFor(input: ObserveInput): string {
  const crime = input.message.case.crimeDivision;
  if (crime !== undefined) return canonicalDivision(crime) ?? crime;
  return parseCaseUid(input.identity.caseUid)?.division ?? caseDivisionOf(input.message);
}

/** A jurisdiction transfer (in review, or of the trial: CPL 172, 208) moves the case (and its restarted clocks) to the receiving district. */
function transferredDistrict(message: UnifiedMessage): string | undefined {
  if (message.messageType !== 'JURISDICTION_TRANSFER' && message.messageType !== 'TRIAL_JURISDICTION_CHANGE') return undefined;
  return message.payload.toOrgCode ? parseOrgCode(message.payload.toOrgCode)?.division : undefined;
}
