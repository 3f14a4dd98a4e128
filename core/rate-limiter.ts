/**
 * Paces bulk operations (dead-letter replay) to at most `ratePerSec` items per second. Sleeps are
 * plain timers that end with the call; nothing is left running.
 */
export class RateLimiter {
  private readonly started = Date.now();
  private taken = 0;

  constructor(readonly ratePerSec: number) {
    if (!(ratePerSec > 0)) throw new RangeError('ratePerSec must be > 0');
  }

  /** Largest chunk worth taking at once (about 100 ms of budget, at least 1). */
  get chunk(): number {
    return Math.max(1, Math.min(500, Math.floor(this.ratePerSec / 10)));
  }

  /** Waits until `count` more items fit in the rate. */
  async take(count: number): Promise<void> {
    this.taken += count;
    const earliest = this.started + ((this.taken - Math.min(this.taken, this.chunk)) / this.ratePerSec) * 1000;
    const wait = earliest - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
