import type { Backoff } from './backoff';

/** When a destination counts as unreachable, and how long the consumer then holds off. */
export interface LinkHoldOptions {
  /** Retryable outcomes in a row, over all of the destination's messages, that put the link on hold. */
  afterFailures: number;
}

/** What the consumer may do now. */
export type LinkState = { held: false } | { held: true; probeAt: number; failures: number };

/**
 * A destination-wide hold after many retryable outcomes in a row (the receiver is down or busy):
 * instead of every waiting case's head being tried and failed in turn — thousands of futile
 * attempts a second in a long outage, each audited — one probe at a time is sent, spaced by the
 * destination's own backoff. The first outcome that is not retryable (accepted, duplicate,
 * permanent) ends the hold. Messages stay in Redis meanwhile, so nothing is lost and per-case order
 * is kept; their attempt counts grow only by the probes they carry.
 */
export class LinkHold {
  private failures = 0;
  private probeAt = 0;

  constructor(
    private readonly options: LinkHoldOptions,
    private readonly backoff: Backoff,
  ) {
    if (!(Number.isInteger(options.afterFailures) && options.afterFailures >= 1)) {
      throw new RangeError('linkHold.afterFailures must be an integer ≥ 1');
    }
  }

  /** Records one delivery's outcome; returns true when this outcome put the link on hold or extended it. */
  record(retryable: boolean, now: number, retryAfterMs?: number): boolean {
    if (!retryable) {
      this.failures = 0;
      this.probeAt = 0;
      return false;
    }
    this.failures++;
    const beyond = this.failures - this.options.afterFailures;
    if (beyond < 0) return false;
    this.probeAt = now + this.backoff.delay(beyond + 1, retryAfterMs);
    return true;
  }

  state(): LinkState {
    return this.failures >= this.options.afterFailures ? { held: true, probeAt: this.probeAt, failures: this.failures } : { held: false };
  }
}
