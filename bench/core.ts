/**
 * Forwarding core vs BullMQ vs a bare Redis Streams loop, on one fresh redis-server (AOF off, the
 * same for all three), 2 KB JSON messages, all in this process:
 *  - throughput: end-to-end msgs/s (enqueue → deliver → complete), 4 producers sending batches of
 *    100 (core enqueueMany, BullMQ addBulk, bare pipelined XADD) while one consumer drains;
 *  - latency: p99 of enqueue → completion at a paced 1 000 msg/s, one message per enqueue.
 * Writes bench/results/core.json and prints the ratios against the targets.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Forwarder, type ForwardedMessage } from '../core';
import { startRedisServer, type RedisServer } from '../test/support/redis-server';
import { Countdown, latencySummary, machine, paced, produce, sleep } from './_support/measure';

const N = Number(process.env.BENCH_N ?? 30_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 3_000;
const BATCH = 100;
const PRODUCERS = 4;
const CASES = 1_000;
const LATENCY_RATE = 1_000;
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 6);
const LATENCY_SKIP = 1_000;
const CORE_CONCURRENCY = 256;
const BULLMQ_CONCURRENCY = 50;

const BODY = 'x'.repeat(1_900);
function makeMessage(run: string, i: number): ForwardedMessage {
  return {
    messageId: `${run}-${i}`,
    caseUid: `GZ-440105-2022-${String(i % CASES).padStart(6, '0')}`,
    docType: 'INDICTMENT',
    sender: 'PROCURATORATE-440105',
    body: BODY,
  };
}
const MESSAGE_BYTES = JSON.stringify(makeMessage('warmup', 0)).length;

/** What every receiver does with a delivered message (the same in all three): look at it. */
let _touched = 0;
function touch(message: ForwardedMessage): void {
  _touched += message.messageId.length;
}

async function flush(redis: RedisServer): Promise<void> {
  const admin = new Redis(redis.url);
  await admin.flushall();
  admin.disconnect();
  await sleep(200);
}

// ---- the core -------------------------------------------------------------------------------------

async function coreThroughput(redis: RedisServer, run: string, total: number): Promise<number> {
  const fwd = await Forwarder.create({ redis: { url: redis.url }, prefix: `bench-${run}`, durability: 'none', defaults: { maxBacklog: 0 } });
  const done = new Countdown(total);
  const consumer = fwd.consume('court-440105', (d) => (touch(d.message), done.done(), { kind: 'accepted' as const }), {
    concurrency: CORE_CONCURRENCY,
    blockMs: 1000,
  });
  await sleep(100);
  const started = performance.now();
  await produce(total, BATCH, PRODUCERS, (from, to) => {
    const items = [];
    for (let i = from; i < to; i++) {
      const message = makeMessage(run, i);
      items.push({ message, orderKey: message.caseUid as string });
    }
    return fwd.enqueueMany('court-440105', items);
  });
  await done.finished;
  await waitForCoreCompletions(fwd, total);
  const elapsed = performance.now() - started;
  await consumer.stop();
  await fwd.close();
  return (total / elapsed) * 1000;
}

async function waitForCoreCompletions(fwd: Forwarder, total: number): Promise<void> {
  while ((await fwd.figures('court-440105')).delivered < total) await sleep(1);
}

async function coreLatency(redis: RedisServer): Promise<number[]> {
  const fwd = await Forwarder.create({ redis: { url: redis.url }, prefix: 'bench-latency', durability: 'none', defaults: { maxBacklog: 0 } });
  const total = LATENCY_RATE * LATENCY_SECONDS;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const done = new Countdown(total);
  const consumer = fwd.consume('court-440105', (d) => (touch(d.message), { kind: 'accepted' as const }), {
    concurrency: CORE_CONCURRENCY,
    blockMs: 1000,
  });
  consumer.on('delivered', (e: { messageId: string }) => {
    latencies.push(performance.now() - sentAt.get(e.messageId)!);
    done.done();
  });
  await sleep(100);
  await paced(total, LATENCY_RATE, (i) => {
    const message = makeMessage('lat', i);
    sentAt.set(message.messageId, performance.now());
    void fwd.enqueue('court-440105', message, { orderKey: message.caseUid as string });
  });
  await done.finished;
  await consumer.stop();
  await fwd.close();
  return latencies.slice(LATENCY_SKIP);
}

// ---- BullMQ (its normal usage: Queue.addBulk / add, Worker with concurrency 50) -----------------------

async function bullmqThroughput(redis: RedisServer, run: string, total: number): Promise<number> {
  const connection = { host: '127.0.0.1', port: redis.port };
  const queue = new Queue(`bench-${run}`, { connection, defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000 } });
  const done = new Countdown(total);
  const worker = new Worker(`bench-${run}`, async (job) => (touch(job.data as ForwardedMessage), 'ok'), {
    connection,
    concurrency: BULLMQ_CONCURRENCY,
  });
  worker.on('completed', () => done.done());
  await worker.waitUntilReady();
  await sleep(100);
  const started = performance.now();
  await produce(total, BATCH, PRODUCERS, (from, to) => {
    const jobs = [];
    for (let i = from; i < to; i++) jobs.push({ name: 'forward', data: makeMessage(run, i) });
    return queue.addBulk(jobs);
  });
  await done.finished;
  const elapsed = performance.now() - started;
  await worker.close();
  await queue.close();
  return (total / elapsed) * 1000;
}

async function bullmqLatency(redis: RedisServer): Promise<number[]> {
  const connection = { host: '127.0.0.1', port: redis.port };
  const queue = new Queue('bench-latency', { connection, defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000 } });
  const total = LATENCY_RATE * LATENCY_SECONDS;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const done = new Countdown(total);
  const worker = new Worker('bench-latency', async (job) => (touch(job.data as ForwardedMessage), 'ok'), {
    connection,
    concurrency: BULLMQ_CONCURRENCY,
  });
  worker.on('completed', (job) => {
    latencies.push(performance.now() - sentAt.get((job.data as ForwardedMessage).messageId)!);
    done.done();
  });
  await worker.waitUntilReady();
  await sleep(100);
  await paced(total, LATENCY_RATE, (i) => {
    const message = makeMessage('lat', i);
    sentAt.set(message.messageId, performance.now());
    void queue.add('forward', message);
  });
  await done.finished;
  await worker.close();
  await queue.close();
  return latencies.slice(LATENCY_SKIP);
}

// ---- bare XADD / XREADGROUP / XACK loop ----------------------------------------------------------

async function bareThroughput(redis: RedisServer, run: string, total: number): Promise<number> {
  const producer = new Redis(redis.url);
  const reader = new Redis(redis.url);
  const acker = new Redis(redis.url);
  const stream = `bare-${run}`;
  await producer.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
  let consumed = 0;
  const consumer = (async () => {
    while (consumed < total) {
      const reply = (await reader.xreadgroup('GROUP', 'g', 'c', 'COUNT', 200, 'BLOCK', 1000, 'STREAMS', stream, '>')) as Array<
        [string, Array<[string, string[]]>]
      > | null;
      if (!reply) continue;
      const entries = reply[0]![1];
      const ids: string[] = [];
      for (const [id, fields] of entries) {
        touch(JSON.parse(fields[1]!) as ForwardedMessage); // deliver: the message as an object
        ids.push(id);
      }
      await acker.xack(stream, 'g', ...ids);
      consumed += ids.length;
    }
  })();
  await sleep(100);
  const started = performance.now();
  await produce(total, BATCH, PRODUCERS, (from, to) => {
    const pipeline = producer.pipeline();
    for (let i = from; i < to; i++) pipeline.xadd(stream, '*', 'p', JSON.stringify(makeMessage(run, i)));
    return pipeline.exec();
  });
  await consumer;
  const elapsed = performance.now() - started;
  producer.disconnect();
  reader.disconnect();
  acker.disconnect();
  return (total / elapsed) * 1000;
}

// ---- run ---------------------------------------------------------------------------------------

type System = 'core' | 'bullmq' | 'bare';
const RUNNERS: Record<System, (redis: RedisServer, run: string, total: number) => Promise<number>> = {
  core: coreThroughput,
  bullmq: bullmqThroughput,
  bare: bareThroughput,
};

async function redisCpuSeconds(redis: RedisServer): Promise<number> {
  const admin = new Redis(redis.url);
  const info = await admin.info('cpu');
  admin.disconnect();
  const field = (name: string) => Number(new RegExp(`${name}:(\\S+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** Lets the previous phase's garbage and Redis' freed memory settle before a latency phase. */
async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await sleep(500);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const redis = await startRedisServer({ aof: false });
  const round = (x: number) => Math.round(x);
  const systems: System[] = ['core', 'bullmq', 'bare'];
  const samples: Record<System, number[]> = { core: [], bullmq: [], bare: [] };
  const cpu: Record<System, { node: number[]; redis: number[] }> = {
    core: { node: [], redis: [] },
    bullmq: { node: [], redis: [] },
    bare: { node: [], redis: [] },
  };
  try {
    console.log(`messages: ${N} × ${MESSAGE_BYTES} B, ${PRODUCERS} producers × batches of ${BATCH}, ${CASES} cases, ${ROUNDS} rounds`);
    // Warm up every path (JIT, script cache), then measure each system on an empty server, rounds
    // interleaved (rotating the order) so that background load hits all three alike; medians reported.
    for (const system of systems) await RUNNERS[system](redis, `warm-${system}`, WARMUP);
    await flush(redis);
    await settle();
    const coreLat = latencySummary(await coreLatency(redis));
    await flush(redis);
    await settle();
    const bullLat = latencySummary(await bullmqLatency(redis));
    console.log(
      `latency at ${LATENCY_RATE}/s (ms): core p50 ${coreLat.p50} p99 ${coreLat.p99} max ${coreLat.max}; bullmq p50 ${bullLat.p50} p99 ${bullLat.p99} max ${bullLat.max}`,
    );

    await flush(redis);
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < systems.length; k++) {
        const system = systems[(r + k) % systems.length]!;
        const node0 = process.cpuUsage();
        const redis0 = await redisCpuSeconds(redis);
        const rate = await RUNNERS[system](redis, `${system}-${r}`, N);
        const nodeUs = process.cpuUsage(node0);
        cpu[system].node.push((nodeUs.user + nodeUs.system) / N);
        cpu[system].redis.push((((await redisCpuSeconds(redis)) - redis0) * 1e6) / N);
        samples[system].push(rate);
        console.log(`  round ${r + 1} ${system.padEnd(6)} ${round(rate)} msgs/s`);
        await flush(redis);
      }
    }
    const core = median(samples.core);
    const bullmq = median(samples.bullmq);
    const bare = median(samples.bare);
    console.log(`throughput msgs/s (median of ${ROUNDS}): core ${round(core)}, bullmq ${round(bullmq)}, bare ${round(bare)}`);
    const perCpuSecond = (s: System) => 1e6 / (median(cpu[s].node) + median(cpu[s].redis));
    for (const system of systems) {
      console.log(
        `  CPU per message, ${system.padEnd(6)}: node ${median(cpu[system].node).toFixed(1)} µs, redis ${median(cpu[system].redis).toFixed(1)} µs` +
          ` → ${round(perCpuSecond(system))} msgs per CPU-second`,
      );
    }

    const ratios = { coreVsBullmq: core / bullmq, coreVsBare: core / bare };
    const check = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    console.log(`core / bullmq = ${ratios.coreVsBullmq.toFixed(2)} (target ≥ 1.5: ${check(ratios.coreVsBullmq >= 1.5)})`);
    console.log(`core / bare   = ${ratios.coreVsBare.toFixed(2)} (target ≥ 0.6: ${check(ratios.coreVsBare >= 0.6)})`);
    console.log(`core p99      = ${coreLat.p99} ms (target ≤ 2: ${check(coreLat.p99 <= 2)})`);
    const host = machine();
    const load = loadavg().map((x) => Number(x.toFixed(2)));
    console.log(`machine: ${host.nproc} cores (${host.cpu}), load average at end ${load.join(' ')}`);

    const results = {
      throughput: { core: round(core), bullmq: round(bullmq), bare: round(bare) },
      p99ms: { core: coreLat.p99, bullmq: bullLat.p99 },
      ratios: { coreVsBullmq: Number(ratios.coreVsBullmq.toFixed(3)), coreVsBare: Number(ratios.coreVsBare.toFixed(3)) },
      samples: Object.fromEntries(systems.map((s) => [s, samples[s].map(round)])),
      cpuMicrosPerMessage: Object.fromEntries(
        systems.map((s) => [s, { node: Number(median(cpu[s].node).toFixed(1)), redis: Number(median(cpu[s].redis).toFixed(1)) }]),
      ),
      messagesPerCpuSecond: Object.fromEntries(systems.map((s) => [s, round(perCpuSecond(s))])),
      latency: { ratePerSec: LATENCY_RATE, seconds: LATENCY_SECONDS, core: coreLat, bullmq: bullLat },
      setup: {
        messages: N,
        rounds: ROUNDS,
        messageBytes: MESSAGE_BYTES,
        producers: PRODUCERS,
        batch: BATCH,
        cases: CASES,
        coreConcurrency: CORE_CONCURRENCY,
        bullmqConcurrency: BULLMQ_CONCURRENCY,
        redis: 'one local redis-server, appendonly no, noeviction; core durability "none"',
      },
      machine: { ...host, loadAverageAtEnd: load },
      date: new Date().toISOString(),
    };
    const dir = join(__dirname, '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'core.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${join(dir, 'core.json')}`);
  } finally {
    await redis.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
