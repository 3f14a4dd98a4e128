import { AGENCY_IDS } from '../standard';
import type { RunningClock } from './case-record';
import type { AlertLevel } from './timeline';

/**
 * The district index entry of a running clock: member `<caseUid>|<clockKey>`, value
 * `rev|yellowAt|redAt|deadline|start|agency|run` (times in whole seconds, thresholds rounded up;
 * -1 = no such threshold; agency = index in AGENCY_IDS). Written once per revision; what has been
 * alerted is told by the entry's score in the due set (its next threshold). In TS all times are ms.
 */
export interface DeadlineEntry {
  caseUid: string;
  clock: string;
  rev: number;
  yellowAtMs: number;
  redAtMs: number;
  deadlineMs: number;
  startMs: number;
  agency: string;
  run: number;
}

export const LEVELS: readonly AlertLevel[] = ['yellow', 'red', 'overdue'];

export function levelName(level: number): AlertLevel {
  return LEVELS[level - 1]!;
}

export function memberOf(caseUid: string, clock: string): string {
  return `${caseUid}|${clock}`;
}

export function splitMember(member: string): { caseUid: string; clock: string } {
  const at = member.lastIndexOf('|');
  return { caseUid: member.slice(0, at), clock: member.slice(at + 1) };
}

export function entryOf(caseUid: string, clock: RunningClock): DeadlineEntry {
  return {
    caseUid,
    clock: clock.clock,
    rev: clock.rev,
    yellowAtMs: clock.yellowAtMs ?? -1,
    redAtMs: clock.redAtMs ?? -1,
    deadlineMs: clock.deadlineMs,
    startMs: clock.startMs,
    agency: clock.agency,
    run: clock.run,
  };
}

const up = (ms: number): number => (ms < 0 ? -1 : Math.ceil(ms / 1000));
const down = (ms: number): number => Math.floor(ms / 1000);
const fromSeconds = (s: string | undefined): number => (Number(s) < 0 ? -1 : Number(s) * 1000);

export function agencyIndex(agency: string): number {
  const index = (AGENCY_IDS as readonly string[]).indexOf(agency);
  return index < 0 ? AGENCY_IDS.length : index;
}

export function agencyAt(index: number | string): string {
  return AGENCY_IDS[Number(index)] ?? 'UNKNOWN';
}

export function packEntry(e: DeadlineEntry): string {
  return [e.rev, up(e.yellowAtMs), up(e.redAtMs), up(e.deadlineMs), down(e.startMs), agencyIndex(e.agency), e.run].join('|');
}

export function unpackEntry(member: string, value: string): DeadlineEntry {
  const [rev, yellowAt, redAt, deadline, start, agency, run] = value.split('|');
  return {
    ...splitMember(member),
    rev: Number(rev),
    yellowAtMs: fromSeconds(yellowAt),
    redAtMs: fromSeconds(redAt),
    deadlineMs: fromSeconds(deadline),
    startMs: fromSeconds(start),
    agency: agencyAt(agency!),
    run: Number(run),
  };
}

/** When the claim script should first look at a new entry (ms): its first threshold. */
export function firstThresholdMs(e: DeadlineEntry): number {
  for (const ms of [e.yellowAtMs, e.redAtMs, e.deadlineMs]) {
    if (ms >= 0) return up(ms) * 1000;
  }
  return -1;
}

/** One line of claim-alerts-5: `<caseUid>|<clockKey>|<level 1-3>|<deadline record>`. */
export interface ClaimedLine {
  caseUid: string;
  clock: string;
  level: number;
  deadlineMs: number;
  startMs: number;
  agency: string;
  run: number;
}

export function parseClaimLine(line: string): ClaimedLine {
  const [caseUid, clock, level, , , , deadline, start, agency, run] = line.split('|');
  return {
    caseUid: caseUid!,
    clock: clock!,
    level: Number(level),
    deadlineMs: fromSeconds(deadline),
    startMs: fromSeconds(start),
    agency: agencyAt(agency!),
    run: Number(run),
  };
}
