import type { Agency } from '../codes/agencies';
import type { MessageType } from '../codes/message-types';
import type { Process } from '../codes/processes';
import type { Circumstance, Track } from '../schema/case-info';
import type { UnifiedMessage } from '../schema/message';
import type { PrincipalPenalty } from '../schema/sentencing';

export type AidStage = 'INVESTIGATION' | 'REVIEW' | 'TRIAL';
export type AidType = 'DUTY_LAWYER' | 'DEFENDER';
/** P2 review track (domain.md §2): fast track (速裁) or normal. */
export type ReviewTrack = 'FAST' | 'NORMAL';
/** Where a sentence is carried out (domain.md §2 P6, CPL 264). */
export type ExecutionBranch = 'PRISON' | 'DETENTION_CENTER' | 'COMMUNITY_CORRECTIONS' | 'RELEASE' | 'FINE';

/** What a judgment decided for one defendant (standard 1.1 `defendants`). */
export interface DefendantFacts {
  verdict?: 'CONVICTED' | 'ACQUITTED' | 'EXEMPTED';
  penalty?: PrincipalPenalty;
  termMonths?: number;
  probationMonths?: number;
  termEnd?: string;
}

/**
 * One instance per process, except legal aid: one per procedural stage ("one assignment per
 * stage"), keyed `LEGAL_AID:INVESTIGATION` | `LEGAL_AID:REVIEW` | `LEGAL_AID:TRIAL`.
 */
export type InstanceKey = Exclude<Process, 'LEGAL_AID'> | `LEGAL_AID:${AidStage}`;

/** Facts a process carries besides its state. All optional, all JSON values. */
export interface ProcessAttributes {
  // P1
  /** How many arrest requests were submitted (a new request after withdrawal or denial counts). */
  submissions?: number;
  denialReason?: 'NO_CRIME' | 'INSUFFICIENT_EVIDENCE' | 'NO_NECESSITY';
  /** The last reconsideration (复议) or review (复核) decided. */
  lastReview?: 'RECONSIDERATION' | 'REVIEW';
  reversedBy?: 'RECONSIDERATION' | 'REVIEW';
  /** The request period after detention was extended by 1 to 4 days (CPL 91). */
  requestPeriodExtended?: boolean;
  // P2
  track?: ReviewTrack;
  /** n of SUPP_INV(n): returns for supplementary investigation so far (≤ 2, CPL 175). */
  suppInvRound?: number;
  /** The current review period was extended (REVIEW_EXTENSION); reset when a new period starts. */
  extended?: boolean;
  nonProsecutionType?: 'STATUTORY' | 'DISCRETIONARY' | 'INSUFFICIENT_EVIDENCE' | 'SPECIAL';
  // P3, P4
  procedure?: Track;
  /** Upper end of the recommended term in months (from the sentencing recommendation). */
  recommendedTermMonths?: number;
  verdict?: 'CONVICTED' | 'ACQUITTED';
  penalty?: PrincipalPenalty;
  termMonths?: number;
  probationMonths?: number;
  termEnd?: string;
  pronouncedInCourt?: boolean;
  /** 判决 or 裁定: the appeal period is 10 or 5 days (CPL 230). */
  documentKind?: 'JUDGMENT' | 'RULING';
  /** A prosecution was withdrawn (撤回起诉): the procuratorate may decide non-prosecution or indict again. */
  prosecutionWithdrawn?: boolean;
  /** Per-person facts of a case with several defendants (1.1), by persons[].personId. */
  defendants?: Record<string, DefendantFacts>;
  /** P4: the day the judgment was served (SERVICE_RECEIPT), which opens the appeal window (CPL 230). */
  servedOn?: string;
  /** P4: the case came back from the second instance for retrial (发回重审, CPL 236, 239). */
  remanded?: boolean;
  /** P4: postponements of the trial for supplementary investigation so far (≤ 2, 解释 274). */
  trialSuppInvRound?: number;
  /** P4: the day the running postponement was decided (its month ends the wait, CPL 205). */
  trialSuppInvSince?: string;
  // P7
  secondInstanceGrounds?: 'APPEAL' | 'PROTEST' | 'APPEAL_AND_PROTEST';
  secondInstanceHearing?: 'OPEN_HEARING' | 'NO_HEARING';
  secondInstanceOutcome?: 'UPHELD' | 'REVISED' | 'REMANDED';
  // P5
  stage?: AidStage;
  aidType?: AidType;
  granted?: boolean;
  /** P5: an objection (Legal Aid Law art. 49) against the refusal or the termination, while and after it is decided. */
  objectionAgainst?: 'DENIAL' | 'TERMINATION';
  /** P5: the justice bureau's decision on the objection. */
  objectionOutcome?: 'UPHELD' | 'AID_ORDERED';
  // P6
  executor?: Agency;
  branch?: ExecutionBranch;
  ccDocumentsSent?: boolean;
}

export interface HistoryEntry {
  at: string;
  messageId?: string;
  messageType?: MessageType;
  /** Internal event name when no message is involved. */
  event?: string;
  /** Receiver org code; with `messageId` the idempotency key. */
  receiver?: string;
  from: string | null;
  to: string;
  via?: string[];
  note?: 'COPY' | 'FOLLOW' | 'NO_STATE_CHANGE';
}

export interface ProcessInstance {
  process: Process;
  key: InstanceKey;
  state: string;
  /** The state is terminal: the process has its outcome. Listed follow-ups may still arrive. */
  closed: boolean;
  openedAt: string;
  updatedAt: string;
  attributes: ProcessAttributes;
  history: HistoryEntry[];
}

/** Everything the state machines know about one case. JSON-serialisable. */
export interface CaseProcessState {
  schemaVersion: 1;
  caseUid?: string;
  /** From the latest snapshot that said: a suspect or defendant is detained or arrested. */
  inCustody?: boolean;
  /** Every limit-selecting circumstance any snapshot recorded (流窜/多次/结伙作案, 重大复杂); never removed. */
  circumstances?: Circumstance[];
  updatedAt?: string;
  processes: Partial<Record<InstanceKey, ProcessInstance>>;
}

export type ViolationKind =
  /** The message belongs to a process that was never opened, and it does not open one. */
  | 'NOT_OPENED'
  /** An opening message for a process that is already running. */
  | 'ALREADY_OPEN'
  /** Allowed later in this process: an earlier step is missing. */
  | 'OUT_OF_ORDER'
  /** Not allowed from this state, now or later. */
  | 'NOT_ALLOWED'
  /** The process has its outcome and takes no such message any more. */
  | 'PROCESS_CLOSED'
  /** A counted step exceeded its statutory maximum (a third SUPP_INV_RETURN). */
  | 'ROUND_LIMIT'
  /** The payload lacks what selects the transition (e.g. LEGAL_AID_DECISION without `granted`). */
  | 'PAYLOAD_REQUIRED'
  /** The payload contradicts the process (e.g. round 2 reported while round 1 is open). */
  | 'PAYLOAD_MISMATCH';

export interface Violation {
  kind: ViolationKind;
  process: Process;
  key: InstanceKey | null;
  from: string | null;
  messageType?: MessageType;
  event?: string;
  /** English and Chinese. */
  reason: string;
  /** Message types the instance would accept in its current state. */
  expected: MessageType[];
}

export interface ProcessChange {
  kind: 'OPENED' | 'TRANSITION' | 'STAYED' | 'COPY' | 'DUPLICATE' | 'FOLLOW_SKIPPED';
  process: Process;
  key: InstanceKey | null;
  messageType?: MessageType;
  event?: string;
  from: string | null;
  to: string | null;
  /** States passed through within this one step (e.g. RECEIPT_CONFIRMED on the way to PRISON_TRANSFER). */
  via?: string[];
  /** Attributes whose value changed. */
  attributes?: Partial<ProcessAttributes>;
  /** Caused by a message of another process (e.g. INDICTMENT closes PROSECUTION_REVIEW). */
  follow?: boolean;
  reason?: string;
}

export type ApplyResult = { ok: true; state: CaseProcessState; changes: ProcessChange[] } | { ok: false; violation: Violation };

/** Process rules marked ○ in domain.md. */
export interface ProcessOptions {
  /** The PSB may withdraw an arrest request before decision (P1 outcome WITHDRAWN ○). */
  arrestRequestWithdrawal: boolean;
  /** A second lawyer assignment in the same stage replaces the first (default: one assignment per stage ○). */
  legalAidReassignmentInStage: boolean;
}

export const DEFAULT_PROCESS_OPTIONS: Readonly<ProcessOptions> = Object.freeze({
  arrestRequestWithdrawal: true,
  legalAidReassignmentInStage: false,
});

/** What guards and attribute setters see. */
export interface TransitionContext {
  message: UnifiedMessage;
  instance: ProcessInstance | undefined;
  caseState: CaseProcessState;
  options: ProcessOptions;
}

export interface InternalEventContext {
  event: string;
  at: string;
  instance: ProcessInstance;
  caseState: CaseProcessState;
  options: ProcessOptions;
}
