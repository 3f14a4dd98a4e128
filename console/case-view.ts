import type { CaseLane, Forwarder } from '../core/index';
import { maskDeep } from '../security/mask';
import { CLOCK_DEFINITIONS, type ClockId } from '../standard/clocks/definitions';
import type { Process } from '../standard/codes/processes';
import { beijingDateOf } from '../standard/clocks/calendar-date';
import { PRINCIPAL_PENALTY_INFO } from '../standard/codes/penalties';
import { defendantBranches } from '../standard/processes/execution-branch';
import type { CaseProcessState, DefendantFacts, ExecutionBranch, ProcessInstance } from '../standard/processes/types';
import type { SupervisionOrder, TimelineEntry, Tracker } from '../tracking/index';
import { processDiagram, type ProcessDiagram, type TakenStep } from './diagram';
import { notFound } from './errors';

/** Where a deadline stands now: green (running, no warning yet), yellow, red or overdue. */
export type DeadlineLevel = 'green' | 'yellow' | 'red' | 'overdue';

export function levelAt(now: number, t: { deadlineMs: number; redAtMs?: number | undefined; yellowAtMs?: number | undefined }): DeadlineLevel {
  if (now >= t.deadlineMs) return 'overdue';
  if (t.redAtMs !== undefined && t.redAtMs >= 0 && now >= t.redAtMs) return 'red';
  if (t.yellowAtMs !== undefined && t.yellowAtMs >= 0 && now >= t.yellowAtMs) return 'yellow';
  return 'green';
}

export interface ProcessView {
  key: string;
  process: Process;
  state: string;
  closed: boolean;
  openedAt: string;
  updatedAt: string;
  attributes: Record<string, unknown>;
  diagram: ProcessDiagram;
}

export interface ClockView {
  key: string;
  clock: string;
  /** DUTY: an agency must act in time; WINDOW: a party may act (expiry is no fault). */
  kind: 'DUTY' | 'WINDOW';
  run: number;
  agency: string;
  startedAt: string;
  deadline: string;
  deadlineMs: number;
  due: string;
  level: DeadlineLevel;
  remainingMs: number;
  /** The start is the send time standing in for a legal date no message stated: the deadline is an estimate (预计). */
  estimated: boolean;
  /** The last day was counted through a provisional year of the holiday calendar (before its State Council notice): it may move (暂定). */
  provisionalCalendar: boolean;
  /** Where the start date came from (`payload.receivedAt`, `sentAt` …). */
  source?: string;
  /** Articles of the extensions granted so far. */
  bases?: string[];
  /** The clock's ledger: every start, stop, interruption, re-anchoring, extension, recount and restart with its legal date, article and message, then its warnings. */
  ledger: TimelineEntry[];
}

/** One person of a case with several defendants (standard 1.1): outcome, where it is executed, own clocks. */
export interface PersonView {
  personId: string;
  verdict?: string;
  penalty?: string;
  penaltyLabel?: { zh: string; en: string };
  termMonths?: number;
  probationMonths?: number;
  termEnd?: string;
  /** The second instance changed this person's sentence (改判). */
  revised: boolean;
  branch?: ExecutionBranch;
  /** Per-person clocks running now, e.g. `C4@D1`. */
  clocks: string[];
}

export interface CaseView {
  caseUid: string;
  /** The number searched for. */
  query: string;
  numbers: Array<{ system: string; number: string }>;
  district: string;
  track: string;
  inCustody: boolean;
  counts: { messages: number; violations: number };
  timeline: TimelineEntry[];
  processes: ProcessView[];
  clocks: ClockView[];
  /** Each person with a person id (standard 1.1); empty for 1.0 cases. */
  persons: PersonView[];
  supervision: SupervisionOrder[];
  /** Destinations where the case's messages wait, retry or are dead. */
  lanes: Array<CaseLane & { destination: string }>;
}

/** A case found by any of its numbers: timeline, each process's state as a diagram, clocks, orders, lanes. */
export async function caseView(tracker: Tracker, forwarder: Forwarder | undefined, destinations: string[], anyNumber: string, now: number): Promise<CaseView> {
  const query = anyNumber.trim();
  const [timeline, record] = await Promise.all([tracker.timeline(query), tracker.caseRecord(query)]);
  if (!timeline || !record) throw notFound(`no case is known by ${query}`, `未找到编号为 ${query} 的案件`);
  const caseUid = timeline.caseUid;
  const instances = Object.values(record.processes.processes ?? {}) as ProcessInstance[];
  const processes = instances
    .sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0))
    .map((instance) => ({
      key: instance.key,
      process: instance.process,
      state: instance.state,
      closed: instance.closed,
      openedAt: instance.openedAt,
      updatedAt: instance.updatedAt,
      attributes: { ...instance.attributes } as Record<string, unknown>,
      diagram: processDiagram(instance.process, instance, stateSteps(timeline.entries, instance)),
    }));
  const clocks = Object.values(record.clocks)
    .map((c) => ({
      key: c.key,
      clock: c.clock,
      kind: CLOCK_DEFINITIONS[c.clock as ClockId]?.kind ?? 'DUTY',
      run: c.run,
      agency: c.agency,
      startedAt: c.startedAt,
      deadline: c.expiresAt,
      deadlineMs: c.deadlineMs,
      due: c.due,
      level: levelAt(now, c),
      remainingMs: c.deadlineMs - now,
      estimated: c.estimated === true,
      provisionalCalendar: c.provisionalCalendar === true,
      ...(c.source !== undefined && { source: c.source }),
      ...(c.bases !== undefined && { bases: c.bases }),
      ledger: timeline.entries.filter((e) => (e.kind === 'clock' || e.kind === 'warning') && e.clock === c.key),
    }))
    .sort((a, b) => a.deadlineMs - b.deadlineMs);
  const [supervision, lanes] = await Promise.all([
    tracker.supervision.ofCase(caseUid),
    forwarder ? laneViews(forwarder, destinations, [caseUid, ...record.numbers.map((n) => n.number)]) : Promise.resolve([]),
  ]);
  return {
    caseUid,
    query,
    numbers: record.numbers.map((n) => ({ system: n.system, number: n.number })),
    district: record.district,
    track: record.track,
    inCustody: record.inCustody,
    counts: record.counts,
    timeline: maskDeep(timeline.entries),
    processes,
    clocks,
    persons: personViews(record.processes, Object.keys(record.clocks), now),
    supervision,
    lanes,
  };
}

const AID_STAGES = new Set(['INVESTIGATION', 'REVIEW', 'TRIAL']);

/** Each defendant as the trial and the second instance decided, with their own running clocks. */
export function personViews(state: CaseProcessState, clockKeys: readonly string[], now: number): PersonView[] {
  const trial = state.processes.FIRST_INSTANCE_TRIAL?.attributes.defendants ?? {};
  const second = state.processes.SECOND_INSTANCE?.attributes;
  const revised: Record<string, DefendantFacts> = second?.secondInstanceOutcome === 'REVISED' ? (second.defendants ?? {}) : {};
  const decided: Record<string, DefendantFacts> = { ...trial, ...revised };
  const clocksOf = new Map<string, string[]>();
  for (const key of clockKeys) {
    const suffix = key.split('@')[1];
    if (suffix === undefined || AID_STAGES.has(suffix)) continue;
    clocksOf.set(suffix, [...(clocksOf.get(suffix) ?? []), key]);
  }
  const branches = defendantBranches({ defendants: decided }, beijingDateOf(now));
  const ids = [...new Set([...Object.keys(decided), ...clocksOf.keys()])].sort();
  return ids.map((personId) => {
    const facts = decided[personId] ?? {};
    return {
      personId,
      verdict: facts.verdict,
      penalty: facts.penalty,
      penaltyLabel: facts.penalty ? { zh: PRINCIPAL_PENALTY_INFO[facts.penalty].zh, en: PRINCIPAL_PENALTY_INFO[facts.penalty].en } : undefined,
      termMonths: facts.termMonths,
      probationMonths: facts.probationMonths,
      termEnd: facts.termEnd,
      revised: personId in revised,
      branch: facts.verdict ? branches[personId] : undefined,
      clocks: clocksOf.get(personId) ?? [],
    };
  });
}

/** The instance's state changes from the timeline (tracking keeps the path there, not in the record). */
function stateSteps(entries: readonly TimelineEntry[], instance: ProcessInstance): TakenStep[] {
  return entries.flatMap((e) =>
    e.kind === 'state' && e.process === instance.process && (e.key === instance.key || e.key === null) ? [{ from: e.from, to: e.to, via: e.via }] : [],
  );
}

async function laneViews(forwarder: Forwarder, destinations: string[], orderKeys: string[]): Promise<Array<CaseLane & { destination: string }>> {
  const keys = [...new Set(orderKeys)];
  const lanes = await Promise.all(
    destinations.flatMap((destination) => keys.map(async (key) => ({ destination, ...(await forwarder.caseLane(destination, key)) }))),
  );
  return lanes.filter((lane) => lane.state !== 'idle');
}
