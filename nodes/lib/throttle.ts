/**
 * Runs `fn` at most once per `intervalMs` however often `schedule` is called (node status updates
 * at thousands of messages a second). `cancel` clears the timer so a closed node leaks nothing.
 */
export function throttle(fn: () => void, intervalMs: number): { schedule(): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  let cancelled = false;
  return {
    schedule() {
      if (cancelled || timer) return;
      const wait = Math.max(0, last + intervalMs - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        if (cancelled) return;
        last = Date.now();
        fn();
      }, wait);
    },
    cancel() {
      cancelled = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Counters a node shows in its status. */
export class Counters<K extends string> {
  private readonly values = new Map<K, number>();
  add(key: K, by = 1): void {
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  get(key: K): number {
    return this.values.get(key) ?? 0;
  }
  snapshot(keys: readonly K[]): Record<K, number> {
    return Object.fromEntries(keys.map((k) => [k, this.get(k)])) as Record<K, number>;
  }
}
