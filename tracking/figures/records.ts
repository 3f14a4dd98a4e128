/**
 * The small records efficiency figures are computed from (domain.md §6). Each is stored as one
 * `|`-separated hash value under a unique field, so writing it twice (a replayed outbox) changes
 * nothing, and quantiles are computed exactly on read.
 */
import type { CaseMilestones } from '../case-record';

/** One run of a clock that ended with its stop event. */
export interface StepRecord {
  caseUid: string;
  clock: string;
  run: number;
  district: string;
  /** Agency responsible for the step. */
  agency: string;
  track: string;
  startMs: number;
  stopMs: number;
  deadlineMs: number;
}

/** One message passing: sent → received (observed) → acknowledged (reported by the caller). */
export interface LatencyRecord {
  messageId: string;
  messageType: string;
  district: string;
  /** Sending agency. */
  agency: string;
  sentMs: number;
  receivedMs: number;
  ackMs?: number;
}

/** Case-level milestones for end-to-end duration, fast-track and adoption rates. */
export interface CaseOutcomeRecord extends CaseMilestones {
  caseUid: string;
  district: string;
  track: string;
}

/** Counted per event; deadline alerts are counted by the claim script instead (district alert counts). */
export type EventKind = 'violation' | 'anomaly';

/** Something counted: an illegal or out-of-order message, an identity anomaly. */
export interface EventRecord {
  id: string;
  kind: EventKind;
  district: string;
  atMs: number;
  /** violation: message type; anomaly: anomaly kind. */
  detail: string;
  clock?: string;
}

const SEP = '|';
const opt = (value: number | undefined): string => (value === undefined ? '' : String(value));
const optBool = (value: boolean | undefined): string => (value === undefined ? '' : value ? '1' : '0');
const num = (value: string | undefined): number => Number(value);
const optNum = (value: string | undefined): number | undefined => (value === undefined || value === '' ? undefined : Number(value));
const optBoolOf = (value: string | undefined): boolean | undefined => (value === undefined || value === '' ? undefined : value === '1');

export function stepField(record: Pick<StepRecord, 'caseUid' | 'clock' | 'run'>): string {
  return [record.caseUid, record.clock, record.run].join(SEP);
}

export function packStep(r: StepRecord): string {
  return [r.district, r.agency, r.track, r.startMs, r.stopMs, r.deadlineMs].join(SEP);
}

/** Field `<caseUid>|<clock key>|<run>`; the clock key is the clock id, with `@<stage>` for legal aid. */
export function unpackStep(field: string, value: string): StepRecord {
  const [caseUid, clockKey, run] = field.split(SEP);
  const clock = clockKey!.split('@')[0];
  const [district, agency, track, startMs, stopMs, deadlineMs] = value.split(SEP);
  return {
    caseUid: caseUid!,
    clock: clock!,
    run: num(run),
    district: district!,
    agency: agency!,
    track: track!,
    startMs: num(startMs),
    stopMs: num(stopMs),
    deadlineMs: num(deadlineMs),
  };
}

export function packLatency(r: LatencyRecord): string {
  return [r.messageType, r.district, r.agency, r.sentMs, r.receivedMs, opt(r.ackMs)].join(SEP);
}

export function unpackLatency(messageId: string, value: string): LatencyRecord {
  const [messageType, district, agency, sentMs, receivedMs, ackMs] = value.split(SEP);
  const record: LatencyRecord = {
    messageId,
    messageType: messageType!,
    district: district!,
    agency: agency!,
    sentMs: num(sentMs),
    receivedMs: num(receivedMs),
  };
  const ack = optNum(ackMs);
  if (ack !== undefined) record.ackMs = ack;
  return record;
}

export function packCaseOutcome(r: CaseOutcomeRecord): string {
  return [
    r.district,
    r.track,
    r.startMs,
    opt(r.indictedMs),
    optBool(r.indictedFastTrack),
    opt(r.judgmentMs),
    optBool(r.recommendationAdopted),
    opt(r.effectiveMs),
    opt(r.receiptMs),
  ].join(SEP);
}

export function unpackCaseOutcome(caseUid: string, value: string): CaseOutcomeRecord {
  const [district, track, startMs, indictedMs, fast, judgmentMs, adopted, effectiveMs, receiptMs] = value.split(SEP);
  const record: CaseOutcomeRecord = { caseUid, district: district!, track: track!, startMs: num(startMs) };
  const set = <K extends keyof CaseOutcomeRecord>(key: K, v: CaseOutcomeRecord[K] | undefined) => {
    if (v !== undefined) record[key] = v;
  };
  set('indictedMs', optNum(indictedMs));
  set('indictedFastTrack', optBoolOf(fast));
  set('judgmentMs', optNum(judgmentMs));
  set('recommendationAdopted', optBoolOf(adopted));
  set('effectiveMs', optNum(effectiveMs));
  set('receiptMs', optNum(receiptMs));
  return record;
}

export function packEvent(r: EventRecord): string {
  return [r.kind, r.district, r.atMs, r.detail, r.clock ?? ''].join(SEP);
}

export function unpackEvent(id: string, value: string): EventRecord {
  const [kind, district, atMs, detail, clock] = value.split(SEP);
  const record: EventRecord = { id, kind: kind as EventKind, district: district!, atMs: num(atMs), detail: detail! };
  if (clock) record.clock = clock;
  return record;
}
