/** Samples the process' resident set size while something runs; the growth over the start is what a transfer costs. */
export class RssSampler {
  private readonly start = process.memoryUsage.rss();
  private peak = this.start;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 20) {
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage.rss());
    }, intervalMs);
  }

  stop(): { startBytes: number; peakBytes: number; growthBytes: number } {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
    return { startBytes: this.start, peakBytes: this.peak, growthBytes: this.peak - this.start };
  }
}
