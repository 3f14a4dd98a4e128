import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Agency } from '../standard';
import type { Duration } from '../standard/clocks/duration';
import type { CaseProcessState } from '../standard/processes/types';
import type { CaseNumber } from './identity';
import type { Anomaly } from './timeline';
import type { StoredEntry } from './timeline-codec';
import { RECORD_DICTIONARY_V1 } from './record-dictionary';

/** A clock that is running: its deadline, who must act, and which thresholds exist. */
export interface RunningClock {
  clock: string;
  /** Clock key in the case: the clock id, with `@<stage>` for legal-aid clocks (one per stage). */
  key: string;
  /** 1 for the first run; +1 on each restart. */
  run: number;
  /** Case-wide revision of this deadline: bumps on start, restart, extension or recomputation. */
  rev: number;
  /** Variant of the limit chosen (e.g. FAST, IN_CUSTODY). */
  variant?: string;
  limit: Duration;
  startedAt: string;
  startMs: number;
  /** Exclusive end instant: on time if the stop event comes before it. */
  expiresAt: string;
  deadlineMs: number;
  /** The last day after the non-working-day rule. */
  due: string;
  shifted: boolean;
  inCustody: boolean;
  agency: Agency;
  /** Alert threshold instants (ms); absent when the policy has none for this period. */
  yellowAtMs?: number;
  redAtMs?: number;
  /** District whose index holds this deadline. */
  district: string;
  /** Extensions granted so far (REVIEW_EXTENSION for C5). */
  extensions?: number;
  extended?: boolean;
  /**
   * The deadline is the last day an extension message stated (REVIEW_EXTENSION `newDeadline`), not
   * the statute's: that message's id. Such a deadline is not recomputed when the facts change.
   */
  statedBy?: string;
  /** With `statedBy`: the last day the statute allows for this extension. */
  statutoryDue?: string;
  /** The start is the send time standing in for a legal date the message did not state: the deadline is an estimate. */
  estimated?: true;
  /** Where the start date came from (`payload.receivedAt`, `sentAt` …). */
  source?: string;
  /** The message that started (or re-anchored) this run. */
  startedBy?: string;
  /** Articles of the extensions granted so far, in order (CPL 156, CPL 158 …). */
  bases?: string[];
  /**
   * The last day was counted through days the holiday calendar holds only provisionally (a year
   * before its State Council notice, e.g. 2027): it may move when the notice is added.
   */
  provisionalCalendar?: true;
}

/** Case-level milestones for the figures (end-to-end duration, fast track, adoption). */
export interface CaseMilestones {
  /** Detention (or, for a suspect never detained, the first filing). */
  startMs: number;
  indictedMs?: number;
  indictedFastTrack?: boolean;
  judgmentMs?: number;
  /** JUDGMENT.payload.recommendationAdopted, when the judgment said. */
  recommendationAdopted?: boolean;
  effectiveMs?: number;
  receiptMs?: number;
}

/** Everything tracking keeps about one case, stored as one JSON value (`rec`). */
export interface CaseRecord {
  schemaVersion: 1;
  caseUid: string;
  createdAt: string;
  /** Jurisdiction district (crime location; changes on a jurisdiction transfer, in review or of the trial). */
  district: string;
  /** Latest track the case is on (CaseInfo.track or the review track), or UNKNOWN. */
  track: string;
  inCustody: boolean;
  numbers: CaseNumber[];
  processes: CaseProcessState;
  clocks: Record<string, RunningClock>;
  /** Runs started so far per clock (including the running one). */
  runs: Record<string, number>;
  /** Last deadline revision handed out. */
  rev: number;
  milestones: CaseMilestones;
  /** Anomalies flagged on this case (identity conflicts, extensions the statute does not allow). */
  anomalies: Anomaly[];
  counts: { messages: number; violations: number };
  /** The case's own timeline entries in stored form (timeline-codec.ts), oldest first. */
  timeline: StoredEntry[];
  /** Digests of the messages observed (messageId and receiver), to recognise a message seen before. */
  seen: string[];
}

/** First byte of a stored record: which codec (dictionary and window) deflated it. */
const CODEC_V1 = 1;
const DICTIONARY_V1 = Buffer.from(RECORD_DICTIONARY_V1, 'utf8').subarray(-4096);
/**
 * A 4 KB window and small hash tables: each call allocates a fresh zlib context, and the default
 * 32 KB window with its 256 KB of tables costs more than the compression itself (and feeds the GC).
 */
const DEFLATE_V1 = { level: 4, windowBits: 12, memLevel: 5, dictionary: DICTIONARY_V1 } as const;
/**
 * Output chunk of the one-shot deflate: a record deflates to a few hundred bytes, and a chunk under
 * 4 KB comes from Node's buffer pool instead of a fresh 16 KB buffer per call (the output bytes do
 * not depend on it).
 */
const DEFLATE_CALL_V1 = { ...DEFLATE_V1, chunkSize: 2048 } as const;
const INFLATE_V1 = { windowBits: 12, dictionary: DICTIONARY_V1 } as const;

/**
 * The stored form: one byte naming the codec, then the record's JSON deflated with a preset
 * dictionary of typical records (names, states and dates repeat: a two-message case takes about
 * 300 bytes). Process instances keep no `history`: the timeline is the history, and a message seen
 * before is recognised by its digest in `seen`.
 */
export function serializeRecord(record: CaseRecord): Buffer {
  for (const instance of Object.values(record.processes.processes)) {
    if (instance && instance.history.length > 0) instance.history = [];
  }
  const body = deflateRawSync(JSON.stringify(record), DEFLATE_CALL_V1);
  return Buffer.concat([Buffer.from([CODEC_V1]), body]);
}

export function parseRecord(stored: Buffer): CaseRecord {
  if (stored[0] !== CODEC_V1) throw new Error(`case record codec ${stored[0]} is unknown (未知的案件记录编码)`);
  const record = JSON.parse(inflateRawSync(stored.subarray(1), INFLATE_V1).toString('utf8')) as CaseRecord;
  record.seen ??= [];
  return record;
}
