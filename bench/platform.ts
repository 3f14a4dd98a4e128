/**
 * The whole platform through the real Node-RED runtime, in three phases on one machine in one run,
 * each on its own runtime and its own Redis (AOF, appendfsync always), driven by the same senders
 * with the same documents (PSB GBK XML arrest requests, every message a different case, pushed to
 * the four districts; delivered as procuratorate JSON to its simulators):
 *  - `shipped`: flows/hub.json exactly as `npm start` deploys it — case tracking, route control,
 *    integrity seals, audit chain, raw archive;
 *  - `trackingOff`: the same hub with its case-tracking nodes taken out;
 *  - `plainFlow`: the flow an integrator would wire by hand in plain Node-RED (bench/_support/plain-flow.ts):
 *    no durability, no order, no tracking, no audit.
 * Per phase: throughput (BENCH_N messages, BENCH_CONCURRENCY senders; msg/s from the first send to
 * the last arrival at the simulators) and the p99 push → arrival at a paced 200 msg/s for
 * BENCH_LATENCY_SECONDS. Writes bench/results/platform.json
 * {"shipped": {"msgsPerSec", "p99ms"}, "trackingOff": {…}, "plainFlow": {…}, "ratioToPlain"}.
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
import { PLAIN_FLOW_PATH, plainFlow } from './_support/plain-flow';

const N = Number(process.env.BENCH_N ?? 12_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const WARMUP = 1_000;
// BENCH_LATENCY_RATE (diagnosis only): a lower pace shows the path's latency when a loaded machine cannot carry 200 msg/s.
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 200);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
// BENCH_LATENCY_DUMP=1 (diagnosis only): writes each latency sample with its send time, Redis's latency
// events (above 5 ms), AOF counters and command counts to bench/results/platform-latency-<phase>.samples.json
// (not committed). With BENCH_NODE_OPTIONS="--require ./bench/_support/runtime-probe.js" the runtime adds its GC
// pauses and event-loop delays (bench/_support/runtime-probe.js).
const LATENCY_DUMP = process.env.BENCH_LATENCY_DUMP === '1';
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
 * The hub flow with its case-tracking nodes taken out (inbound wired straight to the router).
 */
function withoutTracking(flow: FlowNode[]): FlowNode[] {
  const tracks = new Map(flow.filter((n) => n.type === 'caselink-track').map((n) => [n.id, n.wires?.[0] ?? []]));
  return flow
    .filter((n) => !tracks.has(n.id))
    .map((n) =>
      n.wires
        ? { ...n, wires: n.wires.map((port) => port.flatMap((id) => (tracks.has(id) ? (n.type === 'caselink-deliver' ? [] : tracks.get(id)!) : [id]))) }
        : n,
    );
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

function poster(baseUrl: string, path: (division: Division) => string) {
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
          path: path(item.division),
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

/** Redis's view of a stretch of time: latency events above 5 ms, AOF counters, command counts (diagnosis: BENCH_LATENCY_DUMP). */
async function redisDiagnosis(url: string, step: 'start' | 'end'): Promise<Record<string, unknown>> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url);
  try {
    if (step === 'start') {
      await client.config('SET', 'latency-monitor-threshold', '5');
      await client.call('LATENCY', 'RESET');
    }
    const persistence = Object.fromEntries(
      (await client.info('persistence'))
        .split('\r\n')
        .filter((line) => /^aof_/.test(line))
        .map((line) => line.split(':') as [string, string]),
    );
    const latest = (await client.call('LATENCY', 'LATEST')) as Array<[string, number, number, number]>;
    const history: Record<string, Array<[number, number]>> = {};
    for (const [event] of latest) history[event] = (await client.call('LATENCY', 'HISTORY', event)) as Array<[number, number]>;
    const commands = Object.fromEntries(
      (await client.info('commandstats'))
        .split('\r\n')
        .map((line) => /^cmdstat_(\S+):calls=(\d+)/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, Number(m[2])]),
    );
    return { at: Date.now(), persistence, latencyHistory: history, commands };
  } finally {
    client.disconnect();
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

interface PhaseResult {
  msgsPerSec: number;
  p99ms: number;
  details: Record<string, unknown>;
}

/**
 * One configuration on its own runtime and its own Redis: warm-up, latency at 200 msg/s, then
 * throughput with CONCURRENCY senders. `path` is where a division's PSB pushes go.
 */
async function runPhase(
  name: string,
  label: string,
  flows: FlowNode[],
  path: (division: Division) => string,
  settingsFile: string | undefined,
  fleet: SimulatorFleet,
  fsyncEveryWrite: boolean,
): Promise<PhaseResult> {
  const redis = await startRedisServer({ aof: true, appendfsync: fsyncEveryWrite ? 'always' : 'everysec' });
  const nodeRed = await startNodeRed({
    flows,
    ...(settingsFile ? { settingsFile } : {}),
    env: {
      ...fleet.env(),
      REDIS_URL: redis.url,
      CASELINK_REDIS_DURABILITY: fsyncEveryWrite ? 'fsync-always' : 'none',
      CASELINK_DELIVERY_CONCURRENCY: process.env.BENCH_DELIVERY_CONCURRENCY ?? '16',
      // e.g. BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the runtime
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    },
  });
  const client = poster(nodeRed.url, path);
  try {
    resetSimulators(fleet);
    const warmup = prepare(WARMUP, fleet, `${label}W`);
    await Promise.all(
      Array.from({ length: 16 }, async (_, k) => {
        for (let i = k; i < warmup.length; i += 16) await client.post(warmup[i]!);
      }),
    );
    await waitForArrivals(fleet, `${label}W${run}`, WARMUP, 60_000);

    // Latency at 200 msg/s.
    const paced200 = prepare(LATENCY_RATE * LATENCY_SECONDS, fleet, `${label}L`);
    resetSimulators(fleet);
    await sleep(1000);
    const pacedSent = new Map<string, number>();
    const answeredAtOf = new Map<string, number>();
    const posts: Array<Promise<void>> = [];
    const redisBefore = LATENCY_DUMP ? await redisDiagnosis(redis.url, 'start') : undefined;
    await paced(paced200.length, LATENCY_RATE, (i) => {
      const item = paced200[i]!;
      pacedSent.set(item.messageId, Date.now());
      posts.push(client.post(item).then(() => void answeredAtOf.set(item.messageId, Date.now())));
    });
    await Promise.all(posts);
    const pacedSeen = await waitForArrivals(fleet, `${label}L${run}`, paced200.length, 60_000);
    if (LATENCY_DUMP) {
      const redisAfter = await redisDiagnosis(redis.url, 'end');
      // One row per message in send order: [send time (epoch ms), answered after (ms), delivered after (ms)].
      const samples = paced200.map((item) => {
        const sent = pacedSent.get(item.messageId)!;
        return [sent, (answeredAtOf.get(item.messageId) ?? NaN) - sent, (pacedSeen.get(item.messageId) ?? NaN) - sent];
      });
      const dir = join(repoRoot(), 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      const dump = { phase: name, rate: LATENCY_RATE, runtimePid: nodeRed.pid, loadAverage: loadavg(), redisBefore, redisAfter, samples };
      writeFileSync(join(dir, `platform-latency-${name}.samples.json`), `${JSON.stringify(dump)}\n`);
    }
    const latency = latencySummary([...pacedSeen].map(([id, at]) => at - pacedSent.get(id)!));
    const answerLatency = latencySummary([...answeredAtOf].map(([id, at]) => at - pacedSent.get(id)!));

    // Throughput.
    resetSimulators(fleet);
    await sleep(1000);
    const items = prepare(N, fleet, `${label}T`);
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
    const seen = await waitForArrivals(fleet, `${label}T${run}`, N, 120_000);
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
    return {
      msgsPerSec,
      p99ms: latency.p99,
      details: {
        throughput: {
          messages: N,
          concurrency: CONCURRENCY,
          seconds,
          answeredInSeconds: (answeredAt - start) / 1000,
          busyAnswers: client.busy(),
          resendsAfterNoAnswer: client.resends(),
          latencyMs: throughputLatency,
        },
        // CPU ms per message of each process, and the msg/s one core of the runtime could carry:
        // figures that hold on a shared machine, where wall time measures the scheduler as much as the code.
        cpuMsPerMessage: Object.fromEntries(Object.entries(cpuPerMessage).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
        runtimeMsgsPerCpuSecond: Math.round(1000 / cpuPerMessage.runtime),
        latencyAt200: { messages: paced200.length, deliveredMs: latency, answeredMs: answerLatency },
        loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
      },
    };
  } finally {
    client.close();
    await nodeRed.stop();
    await redis.stop();
  }
}

const PHASES = ['shipped', 'trackingOff', 'plainFlow'] as const;
type Phase = (typeof PHASES)[number];

async function main(): Promise<void> {
  // BENCH_FSYNC=everysec (diagnosis only): no fsync per write, durability mode none — shows what fsync costs.
  const fsyncEveryWrite = process.env.BENCH_FSYNC !== 'everysec';
  // BENCH_PHASES=shipped,plainFlow runs only those (diagnosis); the results file needs all three.
  const phases = (process.env.BENCH_PHASES?.split(',') ?? PHASES) as Phase[];
  const fleet = await startSimulatorFleet();
  const hub = JSON.parse(readFileSync(join(repoRoot(), 'flows', 'hub.json'), 'utf8')) as FlowNode[];
  const hubPath = (division: Division) => `/caselink/psb/${division}`;
  const flowsOf: Record<Phase, [FlowNode[], (division: Division) => string, string?]> = {
    shipped: [hub, hubPath],
    trackingOff: [withoutTracking(hub), hubPath],
    plainFlow: [plainFlow(DIVISION_CODES), (division) => `${PLAIN_FLOW_PATH}/${division}`, join(repoRoot(), 'bench', '_support', 'plain-settings.js')],
  };
  const results: Partial<Record<Phase, PhaseResult>> = {};
  try {
    for (const [i, phase] of phases.entries()) {
      const [flows, path, settingsFile] = flowsOf[phase];
      results[phase] = await runPhase(phase, String.fromCharCode(65 + i), flows, path, settingsFile, fleet, fsyncEveryWrite);
      console.log(`${phase}: ${results[phase]!.msgsPerSec} msg/s, p99 ${results[phase]!.p99ms} ms at ${LATENCY_RATE} msg/s`);
    }
  } finally {
    await fleet.close();
  }
  const details = {
    machine: machine(),
    durability: fsyncEveryWrite ? 'fsync-always' : 'none (BENCH_FSYNC=everysec)',
    date: new Date().toISOString(),
    phases: Object.fromEntries(Object.entries(results).map(([phase, r]) => [phase, { msgsPerSec: r.msgsPerSec, p99ms: r.p99ms, ...r.details }])),
  };
  console.log(JSON.stringify(details, null, 2));
  const { shipped, trackingOff, plainFlow: plain } = results;
  if (shipped)
    console.log(
      `shipped hub: ${shipped.msgsPerSec} msg/s sustained (target ≥ ${TARGET_RATE}: ${(shipped.msgsPerSec / TARGET_RATE).toFixed(2)}×), p99 ${shipped.p99ms} ms at ${LATENCY_RATE} msg/s (target < ${TARGET_P99} ms)`,
    );
  if (shipped && plain) console.log(`shipped hub / plain Node-RED flow: ${(shipped.msgsPerSec / plain.msgsPerSec).toFixed(2)}× (target ≥ 1.0×)`);
  if (!shipped || !trackingOff || !plain) return;
  const result = {
    shipped: { msgsPerSec: shipped.msgsPerSec, p99ms: shipped.p99ms },
    trackingOff: { msgsPerSec: trackingOff.msgsPerSec, p99ms: trackingOff.p99ms },
    plainFlow: { msgsPerSec: plain.msgsPerSec, p99ms: plain.p99ms },
    ratioToPlain: Math.round((shipped.msgsPerSec / plain.msgsPerSec) * 100) / 100,
    details,
  };
  const dir = join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'platform.json'), `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
