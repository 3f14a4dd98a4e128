import type { ScriptCommands } from './commands';
import type { DestinationKeys } from './keys';

const PROMOTE_BATCH = 200;

/**
 * Moves a destination's due retries back into its stream (`promote-3`), on a timer set to the
 * next due time (at most `pollMs` away, since other processes schedule retries too). Any number of
 * promoters may run for one destination: the script is atomic. stop() clears the timer.
 */
export class RetryPromoter {
  private timer: NodeJS.Timeout | null = null;
  private dueReal = Number.POSITIVE_INFINITY;
  private running = false;
  private stopped = false;

  constructor(
    private readonly scripts: ScriptCommands,
    private readonly keys: DestinationKeys,
    private readonly now: () => number,
    private readonly pollMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Look again in `delayMs` (clock ms, capped at pollMs) unless a look is already due sooner. */
  schedule(delayMs: number): void {
    if (this.stopped) return;
    const delay = Math.max(0, Math.min(delayMs, this.pollMs));
    const due = Date.now() + delay;
    if (this.timer && this.dueReal <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueReal = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.dueReal = Number.POSITIVE_INFINITY;
      void this.promote();
    }, delay);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async promote(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.schedule(10);
      return;
    }
    this.running = true;
    let next = this.pollMs;
    try {
      const [moved, nextDue] = (await this.scripts.run('promote', this.keys, { now: this.now(), batch: PROMOTE_BATCH })) as [number, number];
      if (moved >= PROMOTE_BATCH) next = 0;
      else if (nextDue >= 0) next = Math.max(0, nextDue - this.now());
    } catch (err) {
      this.onError(err);
    } finally {
      this.running = false;
    }
    this.schedule(next);
  }
}
