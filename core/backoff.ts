/** Exponential backoff with jitter for retryable deliveries. */
export interface BackoffOptions {
  /** Delay after the first failed attempt. Default 1000 ms. */
  initialMs: number;
  /** Growth per further attempt. Default 2. */
  factor: number;
  /** Upper bound of the computed delay. Default 5 minutes. */
  maxMs: number;
  /** 0..1: the delay is reduced by a random share up to this fraction (0 = deterministic). Default 0.2. */
  jitter: number;
  /** Upper bound for a receiver's Retry-After. Default 24 h. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 1000,
  factor: 2,
  maxMs: 5 * 60_000,
  jitter: 0.2,
  maxRetryAfterMs: 24 * 3_600_000,
};

export class Backoff {
  readonly options: BackoffOptions;

  constructor(
    options: Partial<BackoffOptions> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.options = { ...DEFAULT_BACKOFF, ...options };
    const o = this.options;
    if (!(o.initialMs >= 0 && o.factor >= 1 && o.maxMs >= o.initialMs && o.jitter >= 0 && o.jitter <= 1)) {
      throw new RangeError(`invalid backoff options ${JSON.stringify(o)}`);
    }
  }

  /**
   * Delay before the next attempt after attempt number `failedAttempt` (1-based) failed. A
   * receiver's Retry-After wins over the computed delay (bounded by maxRetryAfterMs).
   */
  delay(failedAttempt: number, retryAfterMs?: number): number {
    if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
      return Math.min(Math.ceil(retryAfterMs), this.options.maxRetryAfterMs);
    }
    const { initialMs, factor, maxMs, jitter } = this.options;
    const base = Math.min(maxMs, initialMs * factor ** Math.max(0, failedAttempt - 1));
    return Math.round(base * (1 - jitter * this.random()));
  }
}
