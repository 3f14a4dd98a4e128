'use strict';
// Diagnosis only, preloaded into a benchmark's Node-RED runtime:
//   BENCH_NODE_OPTIONS="--require ./bench/_support/runtime-probe.js"
// Writes, as JSON lines with epoch milliseconds, to bench/results/runtime-probe-<pid>.samples.jsonl
// (not committed; BENCH_PROBE_FILE overrides): every garbage collection (main-thread pause, kind),
// every event-loop delay above 8 ms (a 5 ms timer that fired late), and one line mapping the
// monotonic clock of --cpu-prof profiles to epoch time — to line up with the latency samples of
// BENCH_LATENCY_DUMP=1.
const { PerformanceObserver, performance, constants } = require('node:perf_hooks');
const { appendFileSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { setInterval } = require('node:timers');

const file = process.env.BENCH_PROBE_FILE || join(process.cwd(), 'bench', 'results', `runtime-probe-${process.pid}.samples.jsonl`);
mkdirSync(dirname(file), { recursive: true });
const lines = [];
const kinds = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
const at = (ms) => Math.round(performance.timeOrigin + ms);

new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    lines.push({ k: 'gc', t: at(e.startTime), ms: Math.round(e.duration * 10) / 10, kind: kinds[e.detail?.kind] ?? e.detail?.kind });
}).observe({ entryTypes: ['gc'] });

lines.push({ k: 'clock', t: Date.now(), monotonicUs: Number(process.hrtime.bigint() / 1000n) });
const TICK = 5;
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  const late = now - last - TICK;
  if (late > 8) lines.push({ k: 'loop', t: at(last), ms: Math.round(late) });
  last = now;
}, TICK).unref();

const flush = () => {
  if (lines.length > 0)
    appendFileSync(
      file,
      `${lines
        .splice(0)
        .map((l) => JSON.stringify(l))
        .join('\n')}\n`,
    );
};
setInterval(flush, 1000).unref();
process.on('exit', flush);
