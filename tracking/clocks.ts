import {
  CLOCK_DEFINITIONS,
  clockDeadline,
  clockFactsFromState,
  periodLengthMs,
  type Agency,
  type CaseProcessState,
  type ClockAction,
  type ClockConfig,
  type ClockId,
  type Deadline,
  type HolidayCalendar,
  type InstanceKey,
  type WarningPolicy,
} from '../standard';
import { addDays, beijingMidnight, isIsoDate, MS_PER_DAY, parseInstant, toBeijingIso } from '../standard/clocks/calendar-date';
import type { RunningClock } from './case-record';

/** Agency that must act before each clock expires (the one a supervision order goes to). */
export const DEFAULT_RESPONSIBLE_AGENCIES: Readonly<Record<ClockId, Agency>> = {
  C1: 'PSB',
  C2: 'PROCURATORATE',
  C3a: 'PSB',
  C3b: 'PROCURATORATE',
  C3c: 'PSB',
  C3d: 'PROCURATORATE',
  C4: 'PSB',
  C5: 'PROCURATORATE',
  C6: 'PSB',
  C7: 'PROCURATORATE',
  C8: 'COURT',
  C8s: 'PROCURATORATE',
  C9: 'COURT',
  C10: 'COURT',
  C11: 'COURT',
  C12: 'COURT',
  C13: 'COURT',
  C14a: 'PROCURATORATE',
  C14b: 'LEGAL_AID_CENTER',
  C14c: 'PROCURATORATE',
  C14d1: 'LEGAL_AID_CENTER',
  C14d2: 'LEGAL_AID_CENTER',
  // The justice bureau decides; its decisions reach the exchange through the legal aid centre's platform.
  C14e: 'LEGAL_AID_CENTER',
  C15: 'COURT',
  C16: 'PSB',
  C17a: 'COURT',
  C17b: 'COURT',
  C17c: 'COMMUNITY_CORRECTIONS',
  C18: 'COURT',
  C19: 'COURT',
  C20: 'PROCURATORATE',
};

/** Stage agency for the legal-aid clocks that an agency (not the centre) must meet. */
const STAGE_AGENCY: Record<string, Agency> = { INVESTIGATION: 'PSB', REVIEW: 'PROCURATORATE', TRIAL: 'COURT' };

export interface ClockSettings {
  calendar: HolidayCalendar;
  config: ClockConfig;
  agencies: Readonly<Record<ClockId, Agency>>;
}

/** What happened to the clocks of a case in one step. */
export type ClockEvent = (
  | { type: 'started'; clock: RunningClock; restart: boolean }
  | { type: 'stopped'; clock: RunningClock; stopMs: number; reason: 'stopped' | 'restarted' | 'interrupted' }
  | { type: 'extended' | 'recomputed' | 'anchored'; clock: RunningClock; previous: RunningClock }
) & {
  /** What caused it: the message, the legal date it states for this step and where that came from. */
  cause?: { messageId?: string; at: string; source: string; estimated: boolean; basis?: string };
};

/** The message behind a step of the clocks (for the ledger). */
export interface ClockCause {
  messageId?: string;
}

/** The clocks part of a case record, changed in place by the functions below (callers pass a copy). */
export interface ClockDraft {
  clocks: Record<string, RunningClock>;
  runs: Record<string, number>;
  rev: number;
  district: string;
  processes: CaseProcessState;
}

/** A draft of a case record's clocks (a case record is one): the clocks and runs copied, so the record keeps its own until the caller takes the draft's. */
export function clockDraftOf(record: ClockDraft): ClockDraft {
  return { clocks: { ...record.clocks }, runs: { ...record.runs }, rev: record.rev, district: record.district, processes: record.processes };
}

/**
 * Clock key: the clock id, plus the stage for legal-aid clocks (they run once per stage), or the
 * person for per-person clocks (custody, standard 1.1: `C4@D1`).
 */
export function clockKeyOf(clock: ClockId, key: InstanceKey | null, personId?: string): string {
  if (personId !== undefined) return `${clock}@${personId}`;
  if (key !== null && key.startsWith('LEGAL_AID:')) return `${clock}@${key.slice('LEGAL_AID:'.length)}`;
  return clock;
}

export function clockIdOf(clockKey: string): ClockId {
  return clockKey.split('@')[0] as ClockId;
}

/** Recently parsed instants: one message's times are parsed again and again (its record, timeline entries, figures). */
const instants = new Map<string, number>();
const INSTANTS_KEPT = 10_000;

/** Instant (ms) of an ISO date-time, or Beijing midnight of a plain date. */
export function instantOf(value: string): number {
  let ms = instants.get(value);
  if (ms !== undefined) return ms;
  ms = isIsoDate(value) ? beijingMidnight(value) : parseInstant(value);
  if (ms === undefined) throw new RangeError(`not a date or a date-time with a zone: ${value} (不是有效时间)`);
  if (instants.size >= INSTANTS_KEPT) instants.clear();
  instants.set(value, ms);
  return ms;
}

/**
 * Alert threshold instants of a deadline under a warning policy, matching `classifyWarning`:
 * yellow once at most `yellowFractionLeft` of the period or `yellowDaysLeft` days remain, red at
 * `redDaysLeft` days (day thresholds only for periods longer than them); a yellow that could
 * never show before red is dropped.
 */
export function thresholdsOf(
  deadline: Pick<Deadline, 'countingFrom' | 'nominalExpiresAt' | 'expiresAt'>,
  policy: WarningPolicy,
): { yellowAtMs?: number; redAtMs?: number } {
  const expires = instantOf(deadline.expiresAt);
  const period = periodLengthMs(deadline);
  const redAtMs = period > policy.redDaysLeft * MS_PER_DAY ? expires - policy.redDaysLeft * MS_PER_DAY : undefined;
  const yellowLead = Math.max(period > policy.yellowDaysLeft * MS_PER_DAY ? policy.yellowDaysLeft * MS_PER_DAY : -Infinity, period * policy.yellowFractionLeft);
  const yellowCandidate = yellowLead > 0 ? expires - yellowLead : undefined;
  const yellowAtMs = yellowCandidate !== undefined && (redAtMs === undefined || yellowCandidate < redAtMs) ? yellowCandidate : undefined;
  return { ...(yellowAtMs !== undefined && { yellowAtMs: Math.ceil(yellowAtMs) }), ...(redAtMs !== undefined && { redAtMs }) };
}

function agencyFor(settings: ClockSettings, clock: ClockId, clockKey: string): Agency {
  const stage = clockKey.split('@')[1];
  if (stage && settings.agencies[clock] !== 'LEGAL_AID_CENTER' && STAGE_AGENCY[stage]) return STAGE_AGENCY[stage]!;
  return settings.agencies[clock];
}

/** A last day stated by a message (`YYYY-MM-DD`) and the message that stated it. */
export interface StatedDue {
  due: string;
  by: string;
}

/** The statutory deadline with its last day replaced by a stated one (counted from the same start, never shifted). */
function statedDeadline(statutory: Deadline, due: string): Deadline {
  const expiresAt = toBeijingIso(beijingMidnight(addDays(due, 1)));
  return { ...statutory, nominalDue: due, due, nominalExpiresAt: expiresAt, expiresAt, shifted: false };
}

/** How a run's start was dated. */
interface StartInfo {
  estimated: boolean;
  source: string;
  by?: string;
}

function computeRun(
  draft: ClockDraft,
  settings: ClockSettings,
  clock: ClockId,
  clockKey: string,
  start: string,
  run: number,
  extensions: number,
  stated?: StatedDue,
  startInfo?: StartInfo,
  bases?: string[],
): RunningClock {
  const facts = { ...clockFactsFromState(draft.processes), extensions };
  const statutory = clockDeadline(clock, { start, facts, calendar: settings.calendar, config: settings.config });
  const deadline = stated ? statedDeadline(statutory, stated.due) : statutory;
  draft.rev += 1;
  return {
    clock,
    key: clockKey,
    run,
    rev: draft.rev,
    variant: statutory.variant,
    limit: statutory.limit,
    startedAt: start,
    startMs: instantOf(start),
    expiresAt: deadline.expiresAt,
    deadlineMs: instantOf(deadline.expiresAt),
    due: deadline.due,
    shifted: deadline.shifted,
    inCustody: deadline.inCustody,
    agency: agencyFor(settings, clock, clockKey),
    ...thresholdsOf(deadline, settings.config.warning),
    district: draft.district,
    ...(extensions > 0 && { extensions }),
    ...(stated && { statedBy: stated.by, statutoryDue: statutory.due }),
    ...(startInfo?.estimated && { estimated: true as const }),
    ...(startInfo && { source: startInfo.source }),
    ...(startInfo?.by !== undefined && { startedBy: startInfo.by }),
    ...(bases && bases.length > 0 && { bases }),
    // A stated last day is the decision's, whatever the calendar says.
    ...(!stated && !statutory.calendarCovered && { provisionalCalendar: true as const }),
  };
}

/** The start facts of a running clock, to carry them through a recomputation. */
function startInfoOf(running: RunningClock): StartInfo | undefined {
  if (running.source === undefined) return undefined;
  return { estimated: running.estimated === true, source: running.source, ...(running.startedBy !== undefined && { by: running.startedBy }) };
}

type Cause = NonNullable<ClockEvent['cause']>;

function startRun(draft: ClockDraft, settings: ClockSettings, clock: ClockId, clockKey: string, cause: Cause, restart: boolean): ClockEvent {
  const run = (draft.runs[clockKey] ?? 0) + 1;
  draft.runs[clockKey] = run;
  const info: StartInfo = { estimated: cause.estimated, source: cause.source, ...(cause.messageId !== undefined && { by: cause.messageId }) };
  const running = computeRun(draft, settings, clock, clockKey, cause.at, run, 0, undefined, info);
  draft.clocks[clockKey] = running;
  return { type: 'started', clock: running, restart, cause };
}

function stopRun(draft: ClockDraft, clockKey: string, cause: Cause, reason: 'stopped' | 'restarted' | 'interrupted'): ClockEvent | undefined {
  const running = draft.clocks[clockKey];
  if (!running) return undefined;
  delete draft.clocks[clockKey];
  // A stated stop date before the start (a typing error at the sender) counts as a stop at the start.
  return { type: 'stopped', clock: running, stopMs: Math.max(instantOf(cause.at), running.startMs), reason, cause };
}

/** Re-counts an estimated run from the legal start date a later message states (CPL 172: from receipt). */
function anchorRun(draft: ClockDraft, settings: ClockSettings, clockKey: string, cause: Cause): ClockEvent | undefined {
  const running = draft.clocks[clockKey];
  if (!running || !running.estimated) return undefined;
  const info: StartInfo = { estimated: false, source: cause.source, ...(cause.messageId !== undefined && { by: cause.messageId }) };
  const next = computeRun(draft, settings, running.clock as ClockId, clockKey, cause.at, running.run, running.extensions ?? 0, undefined, info, running.bases);
  draft.clocks[clockKey] = { ...next, ...(running.extended && { extended: true }) };
  return { type: 'anchored', clock: draft.clocks[clockKey]!, previous: running, cause };
}

// A later legal start date is applied before the step that ends the run, so the step is judged against it.
const ACTION_ORDER: Record<ClockAction['action'], number> = { ANCHOR: 0, STOP: 1, INTERRUPT: 1, RESTART: 2, START: 3 };

/** Carries out the actions `clockActions` derived from one message; anchors first, then stops, then starts. */
export function applyClockActions(draft: ClockDraft, actions: readonly ClockAction[], settings: ClockSettings, messageId?: string): ClockEvent[] {
  const events: ClockEvent[] = [];
  const ordered = [...actions].sort((a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action]);
  const push = (event: ClockEvent | undefined) => {
    if (event) events.push(event);
  };
  for (const action of ordered) {
    const clockKey = clockKeyOf(action.clock, action.key, action.personId);
    const cause: Cause = {
      at: action.at,
      source: action.source,
      estimated: action.estimated,
      ...(messageId !== undefined && { messageId }),
      ...(action.basis !== undefined && { basis: action.basis }),
    };
    if (action.action === 'ANCHOR') push(anchorRun(draft, settings, clockKey, cause));
    else if (action.action === 'STOP') push(stopRun(draft, clockKey, cause, 'stopped'));
    else if (action.action === 'INTERRUPT') push(stopRun(draft, clockKey, cause, 'interrupted'));
    else if (action.action === 'RESTART') {
      push(stopRun(draft, clockKey, cause, 'restarted'));
      events.push(startRun(draft, settings, action.clock, clockKey, cause, true));
    } else if (!draft.clocks[clockKey]) {
      events.push(startRun(draft, settings, action.clock, clockKey, cause, false));
    }
  }
  return events;
}

/** Starts the clocks an event outside the exchange begins (detention, aid ground found, application received). */
export function startExternal(
  draft: ClockDraft,
  clocks: readonly ClockId[],
  at: string,
  stage: string | undefined,
  settings: ClockSettings,
  messageId?: string,
): ClockEvent[] {
  const events: ClockEvent[] = [];
  const cause: Cause = { at, source: messageId ? 'payload.detentionDate' : 'external', estimated: false, ...(messageId !== undefined && { messageId }) };
  for (const clock of clocks) {
    const key = CLOCK_DEFINITIONS[clock].process === 'LEGAL_AID' && stage ? (`LEGAL_AID:${stage}` as InstanceKey) : null;
    const clockKey = clockKeyOf(clock, key);
    if (!draft.clocks[clockKey]) events.push(startRun(draft, settings, clock, clockKey, cause, false));
  }
  return events;
}

/** A running clock counted again from its own start, with these extensions, stated last day and legal bases. */
function recount(
  draft: ClockDraft,
  settings: ClockSettings,
  clockKey: string,
  running: RunningClock,
  extensions: number,
  stated: StatedDue | undefined,
  bases: string[] | undefined,
): RunningClock {
  return computeRun(draft, settings, running.clock as ClockId, clockKey, running.startedAt, running.run, extensions, stated, startInfoOf(running), bases);
}

/** The clock's legal bases with the cause's article added, when it names one. */
function basesWith(running: RunningClock, cause: Cause | undefined): string[] | undefined {
  return cause?.basis !== undefined ? [...(running.bases ?? []), cause.basis] : running.bases;
}

/**
 * One more extension of a running clock (REVIEW_EXTENSION for C5). The new last day is the one the
 * message states when it states one (kept even when the statute would not allow it: the caller
 * flags that), else the statute's extended limit.
 */
export function extendClock(draft: ClockDraft, clockKey: string, settings: ClockSettings, stated?: StatedDue, cause?: Cause): ClockEvent | undefined {
  const running = draft.clocks[clockKey];
  if (!running) return undefined;
  const next = recount(draft, settings, clockKey, running, (running.extensions ?? 0) + 1, stated, basesWith(running, cause));
  draft.clocks[clockKey] = { ...next, extended: true };
  return { type: 'extended', clock: draft.clocks[clockKey]!, previous: running, ...(cause && { cause }) };
}

/** A decision that states a new last day although no further statutory extension exists: the stated day is kept (and flagged by the caller). */
export function statedOnly(draft: ClockDraft, clockKey: string, settings: ClockSettings, stated: StatedDue, cause: Cause): ClockEvent | undefined {
  const running = draft.clocks[clockKey];
  if (!running) return undefined;
  const next = recount(draft, settings, clockKey, running, running.extensions ?? 0, stated, basesWith(running, cause));
  draft.clocks[clockKey] = { ...next, extended: true };
  return { type: 'extended', clock: draft.clocks[clockKey]!, previous: running, cause };
}

/**
 * Re-derives every running deadline from the case facts now (custody, review track, likely
 * sentence). A deadline that moved gets a new revision, so its alerts start over.
 */
export function recomputeRunning(draft: ClockDraft, settings: ClockSettings, skip: ReadonlySet<string>): ClockEvent[] {
  const events: ClockEvent[] = [];
  for (const [clockKey, running] of Object.entries(draft.clocks)) {
    // A stated deadline was decided by a message: changed facts do not move it.
    if (skip.has(clockKey) || running.statedBy !== undefined) continue;
    const facts = { ...clockFactsFromState(draft.processes), extensions: running.extensions ?? 0 };
    const deadline = clockDeadline(running.clock as ClockId, { start: running.startedAt, facts, calendar: settings.calendar, config: settings.config });
    const provisional = !deadline.calendarCovered;
    if (deadline.expiresAt === running.expiresAt && deadline.variant === running.variant && provisional === (running.provisionalCalendar === true)) continue;
    const next = recount(draft, settings, clockKey, running, running.extensions ?? 0, undefined, running.bases);
    draft.clocks[clockKey] = { ...next, district: running.district, ...(running.extended && { extended: true }) };
    events.push({ type: 'recomputed', clock: draft.clocks[clockKey]!, previous: running });
  }
  return events;
}

/** DUTY clocks alert and open supervision orders; WINDOW clocks (a party may act) never do. */
export function alertsFor(clock: ClockId): boolean {
  return CLOCK_DEFINITIONS[clock].kind === 'DUTY';
}
