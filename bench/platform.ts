/**
 * The whole platform through the real Node-RED runtime with flows/hub.json: legacy HTTP in (PSB
 * GBK XML pushed to the hub's inbound endpoints of the four districts) → decode + validate →
 * route → durable enqueue (Redis AOF, appendfsync always) → answer → deliver → legacy HTTP out
 * (procuratorate JSON to its simulator). Every message is a different case.
 *  - throughput: BENCH_N messages pushed by BENCH_CONCURRENCY concurrent senders; messages/s from
 *    the first send to the last arrival at the simulators;
 *  - latency: p99 of push → arrival at the simulator at a paced 200 msg/s for BENCH_LATENCY_SECONDS.
 * Case tracking is taken out of the flow (BENCH_TRACKING=1 keeps it); the simulators' logs are
 * emptied before each phase. Writes bench/results/platform.json {"msgsPerSec", "p99ms"}.
 */
import { Agent, request } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { builtinAdapter } from '../adapters/builtins';
import { DIVISION_CODES, type Division } from '../standard/codes/divisions';
import { demoCase } from '../demo/demo-case';
import { startSimulatorFleet, type SimulatorFleet } from '../demo/simulator-fleet';
import { repoRoot, startNodeRed } from '../test/support/node-red';
import { startRedisServer } from '../test/support/redis-server';
import { latencySummary, machine, paced, sleep } from './_support/measure';

const N = Number(process.env.BENCH_N ?? 12_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const WARMUP = 1_000;
const LATENCY_RATE = 200;
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const TARGET_RATE = 1_500;
const TARGET_P99 = 50;

interface Prepared {
  division: Division;
  messageId: string;
  body: Buffer;
  headers: Record<string, string>;
}

type FlowNode = { id: string; type: string; wires?: string[][] };

/**
 * The hub flow with its case-tracking nodes taken out (inbound wired straight to the router): the
 * pipeline this benchmark measures. BENCH_TRACKING=1 keeps the flow as shipped.
 */
function withoutTracking(flow: FlowNode[]): FlowNode[] {
  const tracks = new Map(flow.filter((n) => n.type === 'caselink-track').map((n) => [n.id, n.wires?.[0] ?? []]));
  return flow
    .filter((n) => !tracks.has(n.id))
    .map((n) => (n.wires ? { ...n, wires: n.wires.map((port) => port.flatMap((id) => (tracks.has(id) ? n.type === 'caselink-deliver' ? [] : tracks.get(id)! : [id]))) } : n));
}

const run = Date.now().toString(36).toUpperCase();
const perDivision = new Map<Division, number>();

/** PSB arrest requests of `count` new cases, spread over the four districts, encoded as the PSB sends them. */
function prepare(count: number, fleet: SimulatorFleet, label: string): Prepared[] {
  const codec = builtinAdapter('psb').codec;
  const out: Prepared[] = [];
  for (let i = 0; i < count; i++) {
    const division = DIVISION_CODES[i % DIVISION_CODES.length]!;
    const seq = (perDivision.get(division) ?? 0) + 1;
    perDivision.set(division, seq);
    const message = demoCase(division, seq, { idPrefix: `${label}${run}` })[0]!.message;
    const encoded = codec.encode(message, { credentials: fleet.credentials('psb', division), now: Date.now() });
    out.push({ division, messageId: message.messageId, body: encoded.body, headers: encoded.headers });
  }
  return out;
}

/** Resends after no answer, over the whole run, before the benchmark gives up. */
const MAX_RESENDS = 100;

function poster(baseUrl: string) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let busy = 0;
  let resends = 0;
  const post = (item: Prepared): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `/caselink/psb/${item.division}`,
          agent,
          headers: { ...item.headers, 'Content-Length': String(item.body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('latin1');
            const code = /<FHDM>(\d)<\/FHDM>/.exec(text)?.[1];
            if (res.statusCode === 200 && (code === '0' || code === '2')) return resolve();
            if (code === '1') return reject(new Error(`refused ${item.messageId}: ${text}`));
            busy++;
            setTimeout(() => post(item).then(resolve, reject), 50);
          });
        },
      );
      // No answer (e.g. the server closed an idle keep-alive socket as this request went out):
      // resend, as a legacy sender does — the platform recognises a resend as a duplicate.
      req.on('error', (error) => {
        if (++resends > MAX_RESENDS) return reject(error);
        setTimeout(() => post(item).then(resolve, reject), 50);
      });
      req.end(item.body);
    });
  return { post, busy: () => busy, resends: () => resends, close: () => agent.destroy() };
}

function arrivals(fleet: SimulatorFleet, prefix: string): Map<string, number> {
  const seen = new Map<string, number>();
  for (const division of DIVISION_CODES) {
    for (const r of fleet.get('procuratorate', division).received) {
      const id = r.message?.messageId;
      if (r.accepted && id?.startsWith(prefix) && !seen.has(id)) seen.set(id, r.at);
    }
  }
  return seen;
}

/** Waits until the simulators counted `count` new deliveries (they are reset before each phase). */
async function waitForArrivals(fleet: SimulatorFleet, prefix: string, count: number, timeoutMs: number): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  const sims = DIVISION_CODES.map((division) => fleet.get('procuratorate', division));
  for (;;) {
    const received = sims.reduce((n, sim) => n + sim.received.length, 0);
    if (received >= count) {
      const seen = arrivals(fleet, prefix);
      if (seen.size >= count) return seen;
    }
    if (Date.now() > deadline) throw new Error(`only ${arrivals(fleet, prefix).size} of ${count} ${prefix} messages arrived`);
    await sleep(10);
  }
}

/** Empties the simulators' logs so a phase neither scans nor keeps the previous one's messages. */
function resetSimulators(fleet: SimulatorFleet): void {
  for (const division of DIVISION_CODES) fleet.get('procuratorate', division).reset();
}

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux). */
function cpuMsOf(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 1/100 s ticks
  } catch {
    return Number.NaN;
  }
}

async function redisPid(url: string): Promise<number | undefined> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url);
  try {
    return Number(/process_id:(\d+)/.exec(await client.info('server'))?.[1]) || undefined;
  } finally {
    client.disconnect();
  }
}

async function main(): Promise<void> {
  // BENCH_FSYNC=everysec (diagnosis only): no fsync per write, durability mode none — shows what fsync costs.
  const fsyncEveryWrite = process.env.BENCH_FSYNC !== 'everysec';
  const redis = await startRedisServer({ aof: true, appendfsync: fsyncEveryWrite ? 'always' : 'everysec' });
  const fleet = await startSimulatorFleet();
  const hub = JSON.parse(readFileSync(join(repoRoot(), 'flows', 'hub.json'), 'utf8')) as FlowNode[];
  const flows = process.env.BENCH_TRACKING === '1' ? hub : withoutTracking(hub);
  const nodeRed = await startNodeRed({
    flows,
    env: {
      ...fleet.env(),
      REDIS_URL: redis.url,
      CASELINK_REDIS_DURABILITY: fsyncEveryWrite ? 'fsync-always' : 'none',
      CASELINK_DELIVERY_CONCURRENCY: process.env.BENCH_DELIVERY_CONCURRENCY ?? '16',
      // e.g. BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the runtime
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    },
  });
  const client = poster(nodeRed.url);
  try {
    const warmup = prepare(WARMUP, fleet, 'W');
    await Promise.all(Array.from({ length: 16 }, async (_, k) => {
      for (let i = k; i < warmup.length; i += 16) await client.post(warmup[i]!);
    }));
    await waitForArrivals(fleet, `W${run}`, WARMUP, 60_000);

    // Latency at 200 msg/s.
    const paced200 = prepare(LATENCY_RATE * LATENCY_SECONDS, fleet, 'L');
    resetSimulators(fleet);
    await sleep(1000);
    const pacedSent = new Map<string, number>();
    const pacedAnswered: number[] = [];
    const posts: Array<Promise<void>> = [];
    await paced(paced200.length, LATENCY_RATE, (i) => {
      const item = paced200[i]!;
      const sent = Date.now();
      pacedSent.set(item.messageId, sent);
      posts.push(client.post(item).then(() => void pacedAnswered.push(Date.now() - sent)));
    });
    await Promise.all(posts);
    const pacedSeen = await waitForArrivals(fleet, `L${run}`, paced200.length, 60_000);
    const latency = latencySummary([...pacedSeen].map(([id, at]) => at - pacedSent.get(id)!));
    const answerLatency = latencySummary(pacedAnswered);

    // Throughput.
    resetSimulators(fleet);
    await sleep(1000);
    const items = prepare(N, fleet, 'T');
    const sentAt = new Map<string, number>();
    const redisProcess = await redisPid(redis.url);
    const cpuBefore = { runtime: cpuMsOf(nodeRed.pid), redis: cpuMsOf(redisProcess), bench: process.cpuUsage() };
    const start = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < items.length) {
          const item = items[next++]!;
          sentAt.set(item.messageId, Date.now());
          await client.post(item);
        }
      }),
    );
    const answeredAt = Date.now();
    const seen = await waitForArrivals(fleet, `T${run}`, N, 120_000);
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    const cpuPerMessage = {
      runtime: (cpuMsOf(nodeRed.pid) - cpuBefore.runtime) / N,
      redis: (cpuMsOf(redisProcess) - cpuBefore.redis) / N,
      simulatorsAndSenders: (benchCpu.user + benchCpu.system) / 1000 / N,
    };
    const last = Math.max(...seen.values());
    const seconds = (last - start) / 1000;
    const msgsPerSec = Math.round(N / seconds);
    const throughputLatency = latencySummary([...seen].map(([id, at]) => at - sentAt.get(id)!));

    const result = { msgsPerSec, p99ms: latency.p99 };
    const details = {
      machine: machine(),
      durability: fsyncEveryWrite ? 'fsync-always' : 'none (BENCH_FSYNC=everysec)',
      date: new Date().toISOString(),
      throughput: { messages: N, concurrency: CONCURRENCY, seconds, answeredInSeconds: (answeredAt - start) / 1000, busyAnswers: client.busy(), resendsAfterNoAnswer: client.resends(), latencyMs: throughputLatency },
      // CPU ms per message of each process, and the msg/s one core of the Node-RED runtime could carry:
      // figures that hold on a shared machine, where wall time measures the scheduler as much as the code.
      cpuMsPerMessage: Object.fromEntries(Object.entries(cpuPerMessage).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
      runtimeMsgsPerCpuSecond: Math.round(1000 / cpuPerMessage.runtime),
      loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
      latencyAt200: { messages: paced200.length, deliveredMs: latency, answeredMs: answerLatency },
    };
    console.log(JSON.stringify(details, null, 2));
    console.log(`platform: ${msgsPerSec} msg/s sustained (target ≥ ${TARGET_RATE}: ${(msgsPerSec / TARGET_RATE).toFixed(2)}×), p99 ${latency.p99} ms at ${LATENCY_RATE} msg/s (target < ${TARGET_P99} ms)`);
    const dir = join(repoRoot(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'platform.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    client.close();
    await nodeRed.stop();
    await fleet.close();
    await redis.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
