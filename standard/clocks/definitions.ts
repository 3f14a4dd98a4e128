import { z } from 'zod';
import { MESSAGE_TYPE_IDS, type MessageType } from '../codes/message-types';
import { PROCESS_IDS, type Process } from '../codes/processes';
import { TRACKS, type Track } from '../schema/case-info';
import type { ExecutionBranch } from '../processes/types';
import data from './data/clocks.json';

/** Identifiers of the statutory clocks (domain.md §3); multi-part rows are split into a/b/c…. */
export const CLOCK_IDS = [
  'C1',
  'C2',
  'C3a',
  'C3b',
  'C3c',
  'C3d',
  'C4',
  'C5',
  'C6',
  'C7',
  'C8',
  'C8s',
  'C9',
  'C10',
  'C11',
  'C12',
  'C13',
  'C14a',
  'C14b',
  'C14c',
  'C14d1',
  'C14d2',
  'C15',
  'C16',
  'C17a',
  'C17b',
  'C17c',
  // Standard 1.1: the second instance (CPL 231, 243).
  'C18',
  'C19',
] as const;
export type ClockId = (typeof CLOCK_IDS)[number];

/** Events the exchange does not carry; tracking reports them with their own date. */
export type ExternalClockEvent = 'DETENTION' | 'AID_NEED_FOUND' | 'AID_APPLICATION_RECEIVED';

export type ClockTrigger =
  /** The message was applied (copies and duplicates excluded), optionally in one process / with payload values. */
  | {
      message: MessageType;
      process?: Process;
      payload?: Readonly<Record<string, string | boolean>>;
      /** The trigger needs this payload field, and its value is the legal date (e.g. ACCEPTANCE_ACK.rightsNotifiedOn). */
      dateField?: string;
    }
  /** The process came to rest in this state. */
  | { enter: string; process: Process }
  | { external: ExternalClockEvent };

export interface ClockDefinition {
  id: ClockId;
  zh: string;
  en: string;
  process: Process;
  /** DUTY: an agency must act in time (overdue → supervision). WINDOW: a party may act; expiry is not a fault. */
  kind: 'DUTY' | 'WINDOW';
  start: readonly ClockTrigger[];
  stop: readonly ClockTrigger[];
  /** Start a fresh full period (restart, not resume: time already used is discarded). */
  restart?: readonly ClockTrigger[];
  /** End the run without an outcome (not a completed step): the period starts again on a later start trigger (e.g. C5 after a jurisdiction transfer, CPL 172). */
  interrupt?: readonly ClockTrigger[];
  /** A later message that states the legal start date of a run begun on an estimate (the send time): the run is re-counted from it. */
  anchor?: readonly ClockTrigger[];
  /** CPL 105 exception: HELD = the person is always in custody; FREE = never; CASE = as the case says. */
  custody: 'HELD' | 'FREE' | 'CASE';
  /**
   * The law counts it per person (custody): one run per `persons[].personId` (standard 1.1), started
   * for each person whose custody is `ARRESTED`, from that person's `custody.since`. Messages without
   * person ids run it once per case, as in 1.0.
   */
  perPerson?: true;
  /** Runs only for cases matching these facts. */
  appliesWhen?: { procedure?: Track; branch?: ExecutionBranch; notBranch?: readonly ExecutionBranch[] };
  /** The rule as domain.md states it; the numbers live in DEFAULT_CLOCK_LIMITS. */
  rule: { en: string; zh: string };
  /** Statute reference and the substance of the provision (paraphrased, not a verbatim quotation). */
  basis: { ref: string; text: string };
  /** ✔ in domain.md; false = ○ (statute not re-checked: keep the limit configurable). */
  verified: boolean;
}

const TriggerSchema = z.union([
  z.strictObject({
    message: z.enum(MESSAGE_TYPE_IDS),
    process: z.enum(PROCESS_IDS).optional(),
    payload: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
    dateField: z.string().min(1).optional(),
  }),
  z.strictObject({ enter: z.string().min(1), process: z.enum(PROCESS_IDS) }),
  z.strictObject({ external: z.enum(['DETENTION', 'AID_NEED_FOUND', 'AID_APPLICATION_RECEIVED']) }),
]);
const BRANCHES = ['PRISON', 'DETENTION_CENTER', 'COMMUNITY_CORRECTIONS', 'RELEASE', 'FINE'] as const satisfies readonly ExecutionBranch[];
const ClockSchema = z.strictObject({
  id: z.enum(CLOCK_IDS),
  zh: z.string().min(1),
  en: z.string().min(1),
  process: z.enum(PROCESS_IDS),
  kind: z.enum(['DUTY', 'WINDOW']),
  start: z.array(TriggerSchema),
  stop: z.array(TriggerSchema),
  restart: z.array(TriggerSchema).optional(),
  interrupt: z.array(TriggerSchema).optional(),
  anchor: z.array(TriggerSchema).optional(),
  custody: z.enum(['HELD', 'FREE', 'CASE']),
  perPerson: z.literal(true).optional(),
  appliesWhen: z
    .strictObject({ procedure: z.enum(TRACKS).optional(), branch: z.enum(BRANCHES).optional(), notBranch: z.array(z.enum(BRANCHES)).optional() })
    .optional(),
  rule: z.strictObject({ en: z.string().min(1), zh: z.string().min(1) }),
  basis: z.strictObject({ ref: z.string().min(1), text: z.string().min(1) }),
  verified: z.boolean(),
});
const ClockTableSchema = z.strictObject({
  /** Why a clock's triggers are what they are, where it is not plain from the rule (for the reader of the data file). */
  notes: z.partialRecord(z.enum(CLOCK_IDS), z.string().min(1)),
  /** Every clock, keyed by its id. */
  clocks: z
    .record(z.enum(CLOCK_IDS), ClockSchema)
    .refine((clocks) => Object.entries(clocks).every(([key, clock]) => clock.id === key), 'a clock is keyed by its own id'),
});

/** The statutory clocks C1–C19 as data (domain.md §3, data/clocks.json), checked when the standard loads. */
export const CLOCK_DEFINITIONS = ClockTableSchema.parse(data).clocks as { readonly [K in ClockId]: ClockDefinition & { id: K } };
