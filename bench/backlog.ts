/**
 * A backlog behind receivers that are down, through the shipped hub in the real Node-RED runtime:
 *  1. the four districts' procuratorate simulators answer nothing (fault `down`);
 *  2. BENCH_BACKLOG_N messages (default 1,000,000; BENCH_PER_CASE per case, default 20) are
 *     queued for them through the core, sealed exactly as the hub's enqueue node seals them — the
 *     state a backlog migration or a long outage leaves — while the runtime keeps trying to deliver;
 *  3. the runtime's RSS is sampled all along (target < 400 MB: messages wait in Redis, not in Node),
 *     and Redis' memory per queued message is set against the stored size of a message (target ≤ 2×);
 *  4. the receivers come back: the runtime drains the backlog for BENCH_DRAIN_SECONDS (default 60),
 *     at a rate compared with the platform benchmark's sustained rate, every case's messages
 *     checked to arrive in order.
 * Progress is printed every two seconds. Writes bench/results/backlog.json
 * {"messages", "runtimeRssMb", "redisBytesPerMessage", "storedBytesPerMessage", "drainMsgsPerSec"}.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Forwarder, type EnqueueItem } from '../core/index';
import { demoCase } from '../demo/demo-case';
import { startSimulatorFleet, type SimulatorFleet } from '../demo/simulator-fleet';
import { orderKeyOf } from '../ingress/order-key';
import { systemDestination } from '../routing/systems';
import { minimiseFor } from '../security/minimise';
import { createPlatformCodec } from '../security/stored-codec';
import { DIVISION_CODES, type Division } from '../standard/codes/divisions';
import type { UnifiedMessage } from '../standard/schema/message';
import { repoRoot, startNodeRed } from '../test/support/node-red';
import { startRedisServer } from '../test/support/redis-server';
import { machine, sleep } from './_support/measure';

const TOTAL = Number(process.env.BENCH_BACKLOG_N ?? 1_000_000);
const PER_CASE = Number(process.env.BENCH_PER_CASE ?? 20);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 60);
const DOWN_HOLD_SECONDS = Number(process.env.BENCH_DOWN_SECONDS ?? 20);
const BATCH = 500;
const TARGET_RSS_MB = 400;
const TARGET_REDIS_RATIO = 2;

const run = Date.now().toString(36).toUpperCase();

function rssMbOf(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return Number.NaN;
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
}

/** The k-th message (0-based) of case c: the case's arrest request under a new id, so every case has PER_CASE ordered messages. */
function messageOf(template: UnifiedMessage, c: number, k: number): UnifiedMessage {
  return { ...template, messageId: `BL${run}-${c}-${k}` };
}

/** Order checker over arrivals: every case's k must come as 0, 1, 2 … */
class OrderCheck {
  private readonly next = new Map<number, number>();
  delivered = 0;
  violations = 0;
  take(messageId: string): void {
    const match = /^BL[0-9A-Z]+-(\d+)-(\d+)$/.exec(messageId);
    if (!match) return;
    const c = Number(match[1]);
    const k = Number(match[2]);
    const expected = this.next.get(c) ?? 0;
    if (k === expected) this.next.set(c, k + 1);
    else if (k > expected) {
      this.violations++;
      this.next.set(c, k + 1);
    } else return; // an earlier message again: a redelivery the receiver answers as a duplicate
    this.delivered++;
  }
}

/** Takes what the simulators received since the last call (same process, so splice is atomic). */
function drainArrivals(fleet: SimulatorFleet, check: OrderCheck): void {
  for (const division of DIVISION_CODES) {
    for (const record of fleet.get('procuratorate', division).received.splice(0)) {
      if (record.accepted && record.message) check.take(record.message.messageId);
    }
  }
}

async function main(): Promise<void> {
  const integrityKey = randomBytes(32).toString('base64');
  const redisServer = await startRedisServer({ aof: true, appendfsync: 'always' });
  const admin = new Redis(redisServer.url);
  const fleet = await startSimulatorFleet();
  for (const division of DIVISION_CODES) fleet.get('procuratorate', division).setFault({ fault: { kind: 'down' } });
  const hub = JSON.parse(readFileSync(join(repoRoot(), 'flows', 'hub.json'), 'utf8')) as unknown[];
  const nodeRed = await startNodeRed({
    flows: hub,
    env: {
      ...fleet.env(),
      REDIS_URL: redisServer.url,
      CASELINK_REDIS_DURABILITY: 'fsync-always',
      CASELINK_INTEGRITY_KEY: integrityKey,
      CASELINK_MAX_BACKLOG: String(TOTAL),
      CASELINK_MAX_ATTEMPTS: '1000',
      CASELINK_RETRY_MAX_MS: '10000',
      CASELINK_DELIVERY_CONCURRENCY: process.env.BENCH_DELIVERY_CONCURRENCY ?? '16',
    },
    startTimeoutMs: 60_000,
  });
  const forwarder = await Forwarder.create({
    redis: { url: redisServer.url },
    prefix: 'cl',
    durability: 'fsync-always',
    defaults: { maxBacklog: TOTAL },
  });
  const { codec } = createPlatformCodec({ CASELINK_INTEGRITY_KEY: integrityKey });
  const samples: number[] = [];
  const sample = () => {
    const rss = rssMbOf(nodeRed.pid);
    if (Number.isFinite(rss)) samples.push(rss);
    return rss;
  };
  let phase = 'fill';
  let enqueued = 0;
  const check = new OrderCheck();
  const progress = setInterval(() => {
    const line =
      phase === 'drain' ? `delivered ${check.delivered.toLocaleString('en')}` : `queued ${enqueued.toLocaleString('en')} / ${TOTAL.toLocaleString('en')}`;
    console.log(`[backlog] ${phase}: ${line}, runtime RSS ${sample()} MB`);
  }, 2000);
  try {
    const memoryBefore = await usedMemory(admin);
    const cases = Math.ceil(TOTAL / PER_CASE);
    let storedBytes = 0;
    const started = Date.now();
    // Case c goes to division c mod 4; its messages are enqueued in order, PER_CASE cases' worth at a time.
    for (let first = 0; first < cases && enqueued < TOTAL;) {
      const byDestination = new Map<string, EnqueueItem[]>();
      let count = 0;
      for (; first < cases && count < BATCH * DIVISION_CODES.length && enqueued + count < TOTAL; first++) {
        const division = DIVISION_CODES[first % DIVISION_CODES.length]! as Division;
        const destination = systemDestination('procuratorate', division);
        const template = demoCase(division, first + 1, { idPrefix: `BLC${run}` })[0]!.message;
        const orderKey = orderKeyOf(template);
        const list = byDestination.get(destination) ?? [];
        for (let k = 0; k < PER_CASE && enqueued + count < TOTAL; k++, count++) {
          const stored = codec.wrap(minimiseFor('PROCURATORATE', messageOf(template, first, k)), destination);
          if (storedBytes === 0) storedBytes = Buffer.byteLength(JSON.stringify(stored));
          list.push({ message: { ...stored }, orderKey });
        }
        byDestination.set(destination, list);
      }
      await Promise.all(
        [...byDestination].map(async ([destination, items]) => {
          for (let i = 0; i < items.length; i += BATCH) await forwarder.enqueueMany(destination, items.slice(i, i + BATCH));
        }),
      );
      enqueued += count;
    }
    const fillSeconds = (Date.now() - started) / 1000;
    const memoryQueued = await usedMemory(admin);
    phase = 'receivers down';
    await sleep(DOWN_HOLD_SECONDS * 1000);
    const rssWhileQueued = Math.max(...samples);

    phase = 'drain';
    for (const division of DIVISION_CODES) fleet.get('procuratorate', division).setFault(null);
    const drainStarted = Date.now();
    let firstDelivery = 0;
    while (Date.now() - drainStarted < DRAIN_SECONDS * 1000 && check.delivered < TOTAL) {
      await sleep(250);
      drainArrivals(fleet, check);
      if (!firstDelivery && check.delivered > 0) firstDelivery = Date.now();
    }
    const drainSeconds = (Date.now() - (firstDelivery || drainStarted)) / 1000;
    const drainMsgsPerSec = Math.round(check.delivered / drainSeconds);
    const storedBytesPerMessage = storedBytes;
    const redisBytesPerMessage = Math.round((memoryQueued - memoryBefore) / TOTAL);
    const runtimeRssMb = Math.max(...samples);
    const result = { messages: TOTAL, runtimeRssMb, redisBytesPerMessage, storedBytesPerMessage, drainMsgsPerSec };
    const details = {
      machine: machine(),
      date: new Date().toISOString(),
      loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
      perCase: PER_CASE,
      cases,
      fillSeconds,
      rssWhileQueuedMb: rssWhileQueued,
      redisUsedMemoryMb: Math.round(memoryQueued / 2 ** 20),
      drain: {
        seconds: drainSeconds,
        delivered: check.delivered,
        orderViolations: check.violations,
        firstDeliveryAfterMs: firstDelivery ? firstDelivery - drainStarted : null,
      },
    };
    console.log(JSON.stringify({ ...result, details }, null, 2));
    console.log(
      `backlog: ${TOTAL.toLocaleString('en')} queued; runtime RSS ≤ ${runtimeRssMb} MB (target < ${TARGET_RSS_MB}); Redis ${redisBytesPerMessage} B per message vs ${storedBytesPerMessage} B stored ` +
        `(${(redisBytesPerMessage / storedBytesPerMessage).toFixed(2)}×, target ≤ ${TARGET_REDIS_RATIO}×); drained ${drainMsgsPerSec} msg/s with ${check.violations} order violations`,
    );
    const dir = join(repoRoot(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'backlog.json'), `${JSON.stringify({ ...result, details }, null, 2)}\n`);
  } finally {
    clearInterval(progress);
    await forwarder.close();
    admin.disconnect();
    await nodeRed.stop();
    await fleet.close();
    await redisServer.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
