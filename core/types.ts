import type { DeliveryOutcome } from '../standard/delivery-outcome';
import type { BackoffOptions } from './backoff';
import type { LinkHoldOptions } from './link-hold';
import type { DurabilityMode, RedisConfig } from './redis-connection';

/** A message to forward: any JSON-serialisable object with a unique `messageId`. */
export interface ForwardedMessage {
  messageId: string;
  [field: string]: unknown;
}

/** Per-destination behaviour (each legacy system instance may differ). */
export interface DestinationSettings {
  /** Attempts before a retryable message is dead-lettered. Default 10. */
  maxAttempts: number;
  backoff: Partial<BackoffOptions>;
  /** Undelivered (non-dead) messages above which enqueue throws BACKLOG_FULL. 0 = unlimited. Default 100 000. */
  maxBacklog: number;
}

export interface ForwarderOptions {
  redis: RedisConfig;
  /** Key prefix; keys look like `<prefix>:{dest:<id>}:stream`. Default 'cl'. */
  prefix?: string;
  /** When enqueue may return: `fsync-always` (AOF appendfsync always, verified at start),
   *  `{ mode: 'waitaof', … }` (WAITAOF after each enqueue, counts checked), or `none` (tests). */
  durability: DurabilityMode;
  /** Refuse a Redis whose maxmemory-policy is not noeviction. Default true; false for managed Redis hiding CONFIG/INFO. */
  checkEvictionPolicy?: boolean;
  /** Verify the durability mode against the server at start. Default true. */
  checkDurability?: boolean;
  /** Idempotency window per destination. Default 30 days. */
  dedupWindowMs?: number;
  /** How long dead-letter reads (list, inspect) stay in a destination's audit: older ones are
   *  trimmed whenever a read is written. Operator actions (replay, discard) are kept. Default 30
   *  (the idempotency window). */
  auditRetentionDays?: number;
  /** Defaults for every destination. */
  defaults?: Partial<DestinationSettings>;
  /** Overrides per destination id. */
  destinations?: Record<string, Partial<DestinationSettings>>;
  /** Consumer group name. Default 'caselink'. */
  group?: string;
  /** Clock (ms since epoch). Default Date.now. */
  now?: () => number;
  /** Figures events poll interval while someone listens. Default 1000 ms. */
  figuresIntervalMs?: number;
}

export interface EnqueueOptions {
  /** Per-case order key: the message's caseUid, or before one exists the first local case number. */
  orderKey: string;
}

export interface EnqueueItem {
  message: ForwardedMessage;
  orderKey: string;
}

export interface EnqueueResult {
  messageId: string;
  /** `duplicate`: the messageId was already enqueued within the window (or is still undelivered/dead). */
  status: 'enqueued' | 'duplicate';
}

export interface ConsumeOptions {
  /** Consumer name, unique per live process. Default `<hostname>-<pid>-<random>`. */
  consumer?: string;
  /** Deliveries handled at once. Default 8. */
  concurrency?: number;
  /** A handler not settled by then counts as retryable ("handler timeout"). Default 30 000 ms. */
  handlerTimeoutMs?: number;
  /**
   * The lease: an entry whose holder has not renewed it for this long is reclaimed by another
   * consumer (its holder died or lost Redis). Live consumers renew their entries every
   * `leaseRenewMs`, so this no longer has to exceed handlerTimeoutMs. Default 6000
   * (CASELINK_LEASE_MS in the Node-RED nodes).
   */
  claimMinIdleMs?: number;
  /** How often a consumer renews the leases of the deliveries it holds. Default claimMinIdleMs / 4; at most claimMinIdleMs / 2. */
  leaseRenewMs?: number;
  /** How often to look for entries to reclaim. Default claimMinIdleMs / 2. */
  reclaimIntervalMs?: number;
  /** XREADGROUP BLOCK time. Default 5000 ms. */
  blockMs?: number;
  /** Longest wait between looks at the retry schedule. Default 1000 ms. */
  retryPollMs?: number;
  /** On stop, how long to wait for running handlers before abandoning them (they are reclaimed later). Default min(handlerTimeoutMs, 10 000). */
  stopGraceMs?: number;
  /**
   * Hold the link after this many retryable outcomes in a row (the receiver is down or busy): then
   * one probe at a time, spaced by the backoff, until an outcome that is not retryable. Off unless
   * given (the Node-RED deliver node turns it on: CASELINK_LINK_HOLD_AFTER, default 8).
   */
  linkHold?: LinkHoldOptions;
}

export interface Delivery<T extends ForwardedMessage = ForwardedMessage> {
  destination: string;
  messageId: string;
  orderKey: string;
  message: T;
  /** 1 for the first attempt. */
  attempt: number;
  /** Clock ms when enqueued. */
  enqueuedAt: number;
  /** Reason of the previous failed attempt, if any. */
  lastError?: string;
  /** Stream entry id (diagnostics). */
  streamId: string;
  /** Aborted when the handler timed out or the consumer is stopping. */
  signal: AbortSignal;
}

export type DeliveryHandler<T extends ForwardedMessage = ForwardedMessage> = (delivery: Delivery<T>) => Promise<DeliveryOutcome> | DeliveryOutcome;

/** Who performs a dead-letter operation and why (written to the destination's audit). */
export interface AuditActor {
  who: string;
  why: string;
}

export interface DeadLetter {
  destination: string;
  messageId: string;
  orderKey: string;
  message: ForwardedMessage;
  reason: string;
  attempts: number;
  lastError?: string;
  enqueuedAt: number;
  deadAt: number;
}

export interface DeadLetterFilter {
  orderKey?: string;
  /** Substring of the reason or last error. */
  reasonContains?: string;
  /** deadAt ≥ since (ms). */
  since?: number;
  /** deadAt ≤ until (ms). */
  until?: number;
  offset?: number;
  /** Default 100. */
  limit?: number;
}

export type ReplayTarget = { messageId: string } | { orderKey: string } | { all: true };

export interface ReplayOptions {
  /** Maximum replays per second (default 50). */
  ratePerSec?: number;
}

export interface AuditEntry {
  id: string;
  destination: string;
  /** 'list' | 'inspect' | 'replay' | 'discard', or an action a later version writes. */
  action: string;
  who: string;
  why: string;
  at: number;
  messageId?: string;
  orderKey?: string;
  detail?: string;
}

export interface CaseLane {
  orderKey: string;
  /** idle: no message of the case is undelivered; flowing: its head is queued or in flight. */
  state: 'idle' | 'flowing' | 'retry' | 'dead';
  /** The message holding the case when it is retrying or dead (null otherwise). */
  head: string | null;
  /** Message ids waiting behind the head, in order. */
  waiting: string[];
}

export type { DeliveryOutcome };
