import type { Violation } from '../standard/processes/types';

/** Anything that happened to a case, in the order it was recorded. */
export type TimelineEntry = CaseOpenedEntry | MessageEntry | StateEntry | ViolationEntry | ClockEntry | WarningEntry | SupervisionEntry | AnomalyEntry;

interface EntryBase {
  /** ISO 8601, Beijing time. */
  at: string;
}

export interface CaseOpenedEntry extends EntryBase {
  kind: 'case';
  caseUid: string;
  /** `allocated`: a new uid; `adopted`: the message carried a caseUid unknown here. */
  how: 'allocated' | 'adopted';
  district: string;
  messageId?: string;
}

export interface MessageEntry extends EntryBase {
  kind: 'message';
  messageId: string;
  messageType: string;
  process: string;
  from: string;
  to: string;
  sentAt: string;
  receivedAt: string;
  docNos?: string[];
  numbers?: string[];
}

export interface StateEntry extends EntryBase {
  kind: 'state';
  messageId?: string;
  process: string;
  key: string | null;
  change: string;
  from: string | null;
  to: string | null;
  via?: string[];
}

export interface ViolationEntry extends EntryBase {
  kind: 'violation';
  messageId: string;
  messageType: string;
  violation: Violation;
}

export interface ClockEntry extends EntryBase {
  kind: 'clock';
  clock: string;
  run: number;
  action: 'started' | 'stopped' | 'restarted' | 'extended' | 'recomputed' | 'cancelled' | 'interrupted' | 'anchored';
  deadline?: string;
  limit?: string;
  onTime?: boolean;
  reason?: string;
  /** The message that caused it. */
  messageId?: string;
  /** The legal date it took effect (start, stop, decision), as the message states it, or its send time. */
  legalDate?: string;
  /** Where `legalDate` came from (`payload.receivedAt`, `documents[…].issuedAt`, `sentAt` …). */
  source?: string;
  /** The send time stood in for the legal date: the deadline is an estimate. */
  estimated?: boolean;
  /** Legal basis (article) of this step. */
  basis?: string;
  /** The last day after this step (counting rule and holidays applied). */
  due?: string;
}

export interface WarningEntry extends EntryBase {
  kind: 'warning';
  clock: string;
  run: number;
  level: AlertLevel;
  deadline: string;
  agency: string;
}

export interface SupervisionEntry extends EntryBase {
  kind: 'supervision';
  orderId: string;
  action: 'OPENED' | 'EXPLAINED' | 'CLOSED';
  by?: string;
  text?: string;
}

export interface AnomalyEntry extends EntryBase {
  kind: 'anomaly';
  anomaly: Anomaly;
}

export type AlertLevel = 'yellow' | 'red' | 'overdue';

/** Something wrong that is recorded and flagged, never refused: an identity conflict or a stated deadline the statute does not allow. */
export type Anomaly = NumberConflictAnomaly | DeadlineAnomaly;

/** Identity trouble: one case number claimed by two different cases (flagged, never merged). */
export interface NumberConflictAnomaly {
  id: string;
  kind: 'NUMBER_CONFLICT';
  system: string;
  number: string;
  /** The case the number was linked to first, and the case that also claims it. */
  linkedTo: string;
  claimedBy: string;
  messageId: string;
  /** English and Chinese. */
  reason: string;
}

/**
 * An extension (REVIEW_EXTENSION) stated a new last day past what the statute allows, or before the
 * deadline it extends. The stated day is the deadline all the same (the decision is the agency's);
 * the anomaly makes someone look.
 */
export interface DeadlineAnomaly {
  id: string;
  kind: 'EXTENSION_BEYOND_STATUTE' | 'EXTENSION_BEFORE_DEADLINE' | 'EXTENSION_NOT_APPLICABLE';
  caseUid: string;
  /** Clock key and run extended. */
  clock: string;
  run: number;
  messageId: string;
  /** The last day the message stated (payload `newDeadline`); absent when it stated none. */
  statedDue?: string;
  /** The last day the statute allows with this extension. */
  statutoryDue?: string;
  /** The last day before the extension. */
  previousDue?: string;
  /** DEADLINE_EXTENSION: the basis it named (CPL156 …). */
  basis?: string;
  /** English and Chinese. */
  reason: string;
}

/** A case's timeline as returned by `tracker.timeline(anyNumber)`. */
export interface CaseTimeline {
  caseUid: string;
  numbers: Array<{ system: string; number: string }>;
  entries: TimelineEntry[];
}
