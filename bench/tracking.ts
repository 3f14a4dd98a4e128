/**
 * Case tracking at scale, on one fresh redis-server: 100,000 open cases observed through
 * `Tracker.observe` (half in arrest review with C2 running, half in prosecution review with C5 and
 * C7 running, each with a PSB number and a 部门受案号), then
 *  - bytesPerOpenCase: Redis used_memory delta / open cases (case record, timeline, number links,
 *    deadline index entries and the figure records of their messages — everything they cost);
 *  - scanMs: one full deadline scan with a threshold due for every open case (every case alerts
 *    once; half the alerts are overdue and open supervision orders), and idleScanMs with none due.
 * Targets: scan < 1 s, < 2 KB per open case. Writes bench/results/tracking.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { SAMPLE_CN_CALENDAR_2022_2026 } from '../standard';
import { Tracker } from '../tracking';
import { unifiedMessage } from '../test/support/messages';
import { startRedisServer } from '../test/support/redis-server';
import { machine } from './_support/measure';

const OPEN_CASES = Number(process.env.BENCH_TRACKING_CASES ?? 100_000);
const CONCURRENCY = 256;
const HOUR = 3_600_000;
const START = Date.parse('2023-03-06T09:00:00+08:00');
const DISTRICTS = ['440105', '440111', '440112', '440115'];

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** CPU seconds redis-server has used (user + system): unaffected by waiting for a busy CPU. */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
}

function caseMessages(i: number) {
  const district = DISTRICTS[i % DISTRICTS.length]!;
  const context = {
    division: district,
    custody: 'DETAINED' as const,
    localCaseNumbers: [{ system: 'PSB' as const, number: `A${district}0100002023030${String(i).padStart(6, '0')}` }],
  };
  const sentAt = new Date(START + (i % 3600) * 1000).toISOString();
  const at = (ms: number) => new Date(Date.parse(sentAt) + ms).toISOString().replace('Z', '+00:00');
  const bmsah = { numbers: [{ system: 'PROCURATORATE' as const, number: `穗${district.slice(4)}检刑诉受〔2023〕${i}号` }], validate: false };
  if (i % 2 === 0) {
    return [
      unifiedMessage('ARREST_REQUEST', at(0), { detentionDate: '2023-03-04' }, context, { validate: false }),
      unifiedMessage('ACCEPTANCE_ACK', at(HOUR), {}, context, bmsah),
    ];
  }
  return [
    unifiedMessage('PROSECUTION_OPINION', at(0), {}, context, { validate: false }),
    unifiedMessage('ACCEPTANCE_ACK', at(HOUR), {}, context, { ...bmsah, process: 'PROSECUTION_REVIEW' }),
  ];
}

async function main(): Promise<void> {
  const server = await startRedisServer();
  const redis = new Redis(server.url, { enableAutoPipelining: true });
  let now = START;
  const tracker = new Tracker({ redis, calendar: SAMPLE_CN_CALENDAR_2022_2026, prefix: 'bench', now: () => now, validate: false });
  try {
    await redis.ping();
    const memoryBefore = await usedMemory(redis);

    let next = 0;
    let violations = 0;
    const observeStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < OPEN_CASES; i = next++) {
          for (const message of caseMessages(i)) {
            const observed = await tracker.observe(message, { receivedAt: Date.parse(message.sentAt) + 2000 });
            if (observed.violation) violations += 1;
          }
        }
      }),
    );
    const observeMs = performance.now() - observeStart;
    if (violations > 0) throw new Error(`${violations} messages were refused as violations`);
    const memoryAfter = await usedMemory(redis);
    const bytesPerOpenCase = Math.round((memoryAfter - memoryBefore) / OPEN_CASES);

    now = START - HOUR;
    const idleStart = performance.now();
    const idle = await tracker.scanDeadlines(now);
    const idleScanMs = performance.now() - idleStart;

    // Six days on: C2 (7 days) is yellow for every arrest case, C7 (3 days) overdue for every review case.
    now = START + 6 * 24 * HOUR;
    const redisCpuBefore = await redisCpuSeconds(redis);
    const nodeCpuBefore = process.cpuUsage();
    const scanStart = performance.now();
    const alerts = await tracker.scanDeadlines(now);
    const scanMs = performance.now() - scanStart;
    const nodeCpu = process.cpuUsage(nodeCpuBefore);
    const scanNodeCpuMs = Math.round((nodeCpu.user + nodeCpu.system) / 1000);
    const scanRedisCpuMs = Math.round(((await redisCpuSeconds(redis)) - redisCpuBefore) * 1000);
    const again = await tracker.scanDeadlines(now);

    const result = {
      scanMs: Math.round(scanMs),
      bytesPerOpenCase,
      openCases: OPEN_CASES,
      alerts: alerts.length,
      supervisionOrders: alerts.filter((a) => a.supervisionOrderId).length,
      repeatAlerts: again.length,
      scanRedisCpuMs,
      scanNodeCpuMs,
      idleScanMs: Math.round(idleScanMs * 10) / 10,
      idleAlerts: idle.length,
      observeMsPerMessage: Math.round((observeMs / (OPEN_CASES * 2)) * 1000) / 1000,
      targets: { scanMs: 1000, bytesPerOpenCase: 2048 },
      ratio: { scan: Math.round((scanMs / 1000) * 100) / 100, memory: Math.round((bytesPerOpenCase / 2048) * 100) / 100 },
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      measuredAt: new Date().toISOString(),
      machine: `${machine().cpu} ×${machine().cores}, node ${process.version}, ${machine().redis}`,
    };
    console.log(`open cases            ${OPEN_CASES}`);
    console.log(`observe               ${result.observeMsPerMessage} ms/message (${CONCURRENCY} cases in flight)`);
    console.log(`memory per open case  ${bytesPerOpenCase} B   (target < 2048 B, ratio ${result.ratio.memory})`);
    console.log(
      `full scan             ${result.scanMs} ms for ${alerts.length} alerts, ${result.supervisionOrders} supervision orders (target < 1000 ms, ratio ${result.ratio.scan})`,
    );
    console.log(
      `  CPU                 redis-server ${scanRedisCpuMs} ms + node ${scanNodeCpuMs} ms; load average ${result.loadAverage.join(' ')} on ${machine().nproc} CPUs`,
    );
    console.log(`idle scan             ${result.idleScanMs} ms; repeat scan alerts ${again.length}`);
    const dir = process.env.BENCH_TRACKING_RESULTS ?? join(__dirname, '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'tracking.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
