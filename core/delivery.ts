/** A delivery handed to a handler, and how handler results become outcomes. */
import type { DeliveryOutcome } from '../standard/delivery-outcome';
import type { StreamEntry } from './stream-entry';
import type { Delivery, ForwardedMessage } from './types';

/** Deliveries started together share one handler-timeout timer. */
export interface Batch {
  timer: NodeJS.Timeout | null;
  open: Set<Run>;
}

/** One handler call in progress. */
export interface Run {
  entry: StreamEntry;
  attempt: number;
  batch: Batch;
  abort: AbortController | null;
  done: boolean;
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export function isOutcome(value: unknown): value is DeliveryOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'accepted' || kind === 'duplicate' || kind === 'permanent' || kind === 'retryable';
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function failedOutcome(err: unknown): DeliveryOutcome {
  return { kind: 'retryable', reason: `handler failed: ${toError(err).message}`, code: 'HANDLER_ERROR' };
}

export function checkedOutcome(value: unknown): DeliveryOutcome {
  return isOutcome(value) ? value : { kind: 'retryable', reason: 'handler returned no valid DeliveryOutcome', code: 'HANDLER_ERROR' };
}

/** The delivery handed to a handler; its AbortSignal is created only when asked for. */
export class PendingDelivery<T extends ForwardedMessage> implements Delivery<T> {
  readonly destination: string;
  readonly messageId: string;
  readonly orderKey: string;
  readonly attempt: number;
  readonly enqueuedAt: number;
  readonly streamId: string;
  readonly lastError: string | undefined;

  constructor(
    destination: string,
    readonly message: T,
    private readonly run: Run,
  ) {
    const e = run.entry;
    this.destination = destination;
    this.messageId = e.messageId;
    this.orderKey = e.orderKey;
    this.attempt = run.attempt;
    this.enqueuedAt = e.enqueuedAt;
    this.streamId = e.id;
    this.lastError = e.lastError;
  }

  get signal(): AbortSignal {
    this.run.abort ??= new AbortController();
    return this.run.abort.signal;
  }
}
