import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';

/** Machine description for results files. */
export function machine(): { cores: number; nproc: number; cpu: string; memGb: number; node: string; redis: string } {
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc').toString().trim());
  } catch {
    // keep os.cpus()
  }
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) cpu = match[1]!.trim();
  } catch {
    // not Linux
  }
  let redis = 'unknown';
  try {
    redis = /v=(\S+)/.exec(execFileSync('redis-server', ['--version']).toString())?.[1] ?? redis;
  } catch {
    // no redis-server on PATH
  }
  return { cores: cpus().length, nproc, cpu, memGb: Math.round(totalmem() / 2 ** 30), node: process.version, redis };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)]!;
}

export function latencySummary(samples: number[]): { p50: number; p99: number; max: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted[sorted.length - 1] ?? NaN), n: sorted.length };
}

/** Resolves when `done()` was called `total` times. */
export class Countdown {
  private count = 0;
  private resolve!: () => void;
  readonly finished: Promise<void>;
  constructor(readonly total: number) {
    this.finished = new Promise((r) => (this.resolve = r));
  }
  done(n = 1): void {
    this.count += n;
    if (this.count >= this.total) this.resolve();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Calls `send(i)` for i = 0..total-1 at `ratePerSec`, on schedule (catching up in small bursts when
 * a timer fires late), without waiting for sends to finish.
 */
export async function paced(total: number, ratePerSec: number, send: (i: number) => void): Promise<void> {
  const start = performance.now();
  let i = 0;
  while (i < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) * ratePerSec) / 1000) + 1);
    for (; i < due; i++) send(i);
    if (i < total) await sleep(Math.max(0, start + (i * 1000) / ratePerSec - performance.now()));
  }
}

/** Runs `loops` producers that each call `sendBatch` on consecutive batches until `total` items. */
export async function produce(total: number, batch: number, loops: number, sendBatch: (from: number, to: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (next < total) {
        const from = next;
        const to = Math.min(total, from + batch);
        next = to;
        await sendBatch(from, to);
      }
    }),
  );
}
