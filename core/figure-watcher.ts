import type { DestinationFigures } from './figures';

/**
 * Polls the figures of watched destinations at a fixed interval while someone listens, and
 * reports a destination only when its figures changed — a throttled change feed for node status
 * and the console. The timer is unref'd and cleared by stop().
 */
export class FigureWatcher {
  private readonly watched = new Set<string>();
  private readonly last = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly read: (destination: string) => Promise<DestinationFigures>,
    private readonly emit: (figures: DestinationFigures) => void,
    private readonly onError: (err: unknown) => void,
    private readonly intervalMs: number,
  ) {}

  watch(destination: string): void {
    this.watched.add(destination);
  }

  get active(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.last.clear();
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const destination of this.watched) {
        if (!this.timer) break;
        try {
          const figures = await this.read(destination);
          const { at: _at, ...comparable } = figures;
          const signature = JSON.stringify(comparable);
          if (this.last.get(destination) !== signature) {
            this.last.set(destination, signature);
            if (this.timer) this.emit(figures);
          }
        } catch (err) {
          this.onError(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
