/**
 * Time in tests. Wall time on a shared, loaded machine says little, so a test either runs the code
 * on a `TestClock` it moves itself, measures the CPU time a synchronous call used (which other
 * processes do not inflate), or — for "answers promptly" checks against a real process or server —
 * bounds wall time by PROMPTLY_MS.
 */

/** A clock the test sets and moves; pass `clock.now` where the code takes a `now` option. */
export class TestClock {
  constructor(public ms: number = Date.now()) {}
  readonly now = (): number => this.ms;
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * The bound of a "promptly" check: far above what the code needs on an idle machine and far below
 * what the check rules out (waiting out a timeout, a blocking read, a retry loop, or forever).
 */
export const PROMPTLY_MS = 5_000;

/** Runs `run` and returns its result with the CPU time (user + system) the process spent meanwhile, in ms. */
export function withCpuTime<T>(run: () => T): { result: T; cpuMs: number } {
  const before = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(before);
  return { result, cpuMs: (used.user + used.system) / 1000 };
}
