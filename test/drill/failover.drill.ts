/**
 * The failover drill (issue 17, `npm run drill`; not part of `npm test`, it has its own time
 * budget). Per durability mode: a primary with one replica and three Sentinels (real
 * valkey-server processes), three hub processes running the compiled core on that Redis through
 * Sentinel, a sender that acknowledges nothing it did not hear "accepted" for, and a receiver that
 * records every delivery. During a continuous burst it
 *   1. SIGKILLs a hub (its in-flight deliveries must be taken over after the lease),
 *   2. SIGKILLs the Redis primary (Sentinel promotes the replica; the old primary comes back as a replica),
 *   3. cuts a hub off from Redis for 8 s: hub-1 reaches the primary, the replica and the Sentinels
 *      only through TCP proxies the drill controls (test/support/tcp-proxy.ts; ioredis `natMap`
 *      maps the addresses Sentinel names to the proxies), which drop every connection and refuse
 *      new ones for the cut; the hub keeps running and answering its senders,
 * and counts: RPO (acknowledged to the sender, never delivered), duplicate deliveries, per-case
 * order violations, and per fault the seconds until every message acknowledged before it was
 * delivered (RTO) and until the next acknowledgement. Results: bench/results/drill-<mode>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCoreForChildren, removeChildBuild, repoRoot } from '../core/child-build';
import { freePort } from '../support/free-port';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const BINARY = process.env.CASELINK_DRILL_SERVER ?? 'valkey-server';
const BURST_MS = Number(process.env.CASELINK_DRILL_BURST_MS) || 45_000;
const CASES = 12;
const DRAIN_MAX_MS = Number(process.env.CASELINK_DRILL_DRAIN_MS) || 180_000;
const DRAIN_IDLE_MS = 20_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Delivery {
  id: string;
  orderKey: string;
  at: number;
}

interface Fault {
  name: string;
  at: number;
}

let corePath = '';
beforeAll(async () => {
  corePath = await buildCoreForChildren();
}, 300_000);
afterAll(() => removeChildBuild());

async function startSentinel(binary: string, primaryPort: number, dir: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const conf = join(dir, `sentinel-${port}.conf`);
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor drill 127.0.0.1 ${primaryPort} 2`,
      'sentinel down-after-milliseconds drill 1000',
      'sentinel failover-timeout drill 5000',
      'sentinel parallel-syncs drill 1',
      '',
    ].join('\n'),
  );
  const child = spawn(binary, [conf, '--sentinel'], { stdio: 'ignore' });
  return { port, child };
}

function startHub(name: string, config: Record<string, unknown>): Promise<{ name: string; port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(repoRoot, 'test/drill/hub-child.mjs')], {
    env: { ...process.env, NODE_PATH: join(repoRoot, 'node_modules'), CORE_PATH: corePath, HUB_CONFIG: JSON.stringify({ ...config, name }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port (\d+)/.exec(out);
      if (m) resolve({ name, port: Number(m[1]), child });
    });
    child.once('exit', (code) => reject(new Error(`hub ${name} exited (${code})`)));
    setTimeout(() => reject(new Error(`hub ${name} did not start`)), 60_000).unref();
  });
}

type Mode = 'fsync-always' | 'waitaof';
type TopologyName = 'sentinel' | 'cluster';

/** The Redis side of one drill run: how hubs reach it, directly and through hub-1's proxies, and its faults. */
interface Topology {
  name: TopologyName;
  redis: Record<string, unknown>;
  proxiedRedis: Record<string, unknown>;
  proxies: TcpProxy[];
  primaryFault: string;
  /** SIGKILLs the primary (of the destination's slot, in a cluster), waits, starts it again (it comes back as a replica). */
  killPrimary(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Sets appendfsync always on a node, retried while it is still loading. */
async function fsyncAlways(port: number): Promise<void> {
  const back = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
  back.on('error', () => undefined);
  for (let i = 0; i < 40; i++) {
    if ((await back.config('SET', 'appendfsync', 'always').catch(() => 'no')) === 'OK') break;
    await sleep(250);
  }
  back.disconnect();
}

async function proxiesFor(
  ports: number[],
): Promise<{ proxies: TcpProxy[]; via(port: number): { host: string; port: number }; natMap: Record<string, { host: string; port: number }> }> {
  const proxies = await Promise.all(ports.map((port) => startTcpProxy({ port })));
  const via = (port: number) => ({ host: '127.0.0.1', port: proxies.find((p) => p.target.port === port)!.port });
  return { proxies, via, natMap: Object.fromEntries(ports.map((port) => [`127.0.0.1:${port}`, via(port)])) };
}

async function sentinelTopology(mode: Mode, dir: string): Promise<Topology> {
  const aofPolicy = mode === 'fsync-always' ? 'always' : 'everysec';
  const primary: RedisServer = await startRedisServer({ binary: BINARY, aof: true, appendfsync: aofPolicy });
  // WAITAOF counts a replica once *it* fsynced: a replica on everysec confirms once a second. So a
  // replica fsyncs always (only the replica pays for it); the primary may run everysec.
  const replica: RedisServer = await startRedisServer({
    binary: BINARY,
    aof: true,
    appendfsync: 'always',
    args: ['--replicaof', '127.0.0.1', String(primary.port)],
  });
  const sentinels = await Promise.all([0, 1, 2].map(() => startSentinel(BINARY, primary.port, dir)));
  await sleep(1500);
  // hub-1 reaches every Redis process through a proxy of its own, so the drill can cut it off alone.
  const { proxies, via, natMap } = await proxiesFor([primary.port, replica.port, ...sentinels.map((x) => x.port)]);
  return {
    name: 'sentinel',
    redis: { sentinel: { sentinels: sentinels.map((x) => ({ host: '127.0.0.1', port: x.port })), name: 'drill' } },
    proxiedRedis: { sentinel: { sentinels: sentinels.map((x) => via(x.port)), name: 'drill' }, options: { natMap } },
    proxies,
    primaryFault: 'SIGKILL Redis primary (Sentinel failover)',
    async killPrimary(downMs) {
      await primary.kill9();
      await sleep(downMs);
      await primary.restart(); // comes back; Sentinel turns it into a replica of the new primary
      await fsyncAlways(primary.port); // now a replica (see above): it must fsync always too
    },
    async stop() {
      for (const x of sentinels) x.child.kill('SIGKILL');
      await Promise.all(proxies.map((p) => p.close()));
      await replica.stop();
      await primary.stop();
    },
  };
}

async function clusterTopology(mode: Mode, destination: string): Promise<Topology> {
  const aofPolicy = mode === 'fsync-always' ? 'always' : 'everysec';
  const cluster: RedisCluster = await startRedisCluster(3, ['--appendonly', 'yes', '--appendfsync', aofPolicy], {
    replicas: 1,
    binary: BINARY,
    nodeTimeoutMs: 2000,
  });
  const cli = (port: number) => {
    const c = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
    c.on('error', () => undefined);
    return c;
  };
  // Replicas fsync always, as in the Sentinel set-up (WAITAOF waits for the replica's fsync).
  for (const node of cluster.nodes) {
    const c = cli(node.port);
    if ((await c.info('replication')).includes('role:slave')) await fsyncAlways(node.port);
    c.disconnect();
  }
  const { proxies, via, natMap } = await proxiesFor(cluster.nodes.map((n) => n.port));
  const ownerOfDestination = async (): Promise<number> => {
    const c = cli(cluster.nodes[0]!.port);
    const slot = Number(await c.call('CLUSTER', 'KEYSLOT', `{dest:${destination}}`));
    const slots = (await c.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, ...unknown[]], ...unknown[]]>;
    c.disconnect();
    const range = slots.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`no master serves slot ${slot}`);
    return Number(range[2][1]);
  };
  return {
    name: 'cluster',
    redis: { cluster: { nodes: cluster.nodes } },
    proxiedRedis: { cluster: { nodes: cluster.nodes.map((n) => via(n.port)), options: { natMap } } },
    proxies,
    primaryFault: "SIGKILL the cluster master of the destination's slot (replica failover)",
    async killPrimary(downMs) {
      const port = await ownerOfDestination();
      await cluster.kill9(port);
      await sleep(downMs);
      await cluster.restart(port); // rejoins as a replica of the promoted one
      await fsyncAlways(port);
    },
    async stop() {
      await Promise.all(proxies.map((p) => p.close()));
      await cluster.stop();
    },
  };
}

async function runMode(mode: Mode, topologyName: TopologyName = 'sentinel'): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-drill-'));
  const destination = 'court-440105';
  const topology = topologyName === 'cluster' ? await clusterTopology(mode, destination) : await sentinelTopology(mode, dir);
  const proxies = topology.proxies;

  const deliveries: Delivery[] = [];
  const deliveredIds = new Set<string>();
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const d = JSON.parse(body) as { id: string; orderKey: string };
      deliveries.push({ id: d.id, orderKey: d.orderKey, at: Date.now() });
      deliveredIds.add(d.id);
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/`;

  const config = {
    redis: topology.redis,
    prefix: `drill${Date.now()}`,
    destination,
    receiverUrl,
    durability: mode === 'fsync-always' ? 'fsync-always' : { mode: 'waitaof', numlocal: 1, numreplicas: 1, timeoutMs: 1000 },
  };
  const proxiedConfig = { ...config, redis: topology.proxiedRedis };
  const hubs = await Promise.all([startHub('hub-0', config), startHub('hub-1', proxiedConfig), startHub('hub-2', config)]);
  let cutActive = false;
  let acksByCutHubDuringCut = 0;
  let answersByCutHubDuringCut = 0;
  const live = () => hubs.filter((h) => h.child.exitCode === null && h.child.signalCode === null);

  const acked = new Map<string, number>();
  const sentSeq = new Map<string, number>();
  let running = true;
  let rr = 0;
  let busy = 0;
  const send = async (c: number) => {
    const orderKey = `case-${c}`;
    let seq = 0;
    while (running) {
      const id = `${mode}-c${c}-${String(seq).padStart(5, '0')}`;
      const candidates = live();
      const hub = candidates[rr++ % Math.max(1, candidates.length)];
      let ok = false;
      if (hub) {
        try {
          const sentDuringCut = cutActive && hub.name === 'hub-1';
          const res = await fetch(`http://127.0.0.1:${hub.port}/?id=${id}&case=${orderKey}`, { signal: AbortSignal.timeout(3000) });
          ok = res.status === 200;
          if (!ok) busy++;
          if (sentDuringCut) {
            answersByCutHubDuringCut++;
            if (ok) acksByCutHubDuringCut++;
          }
          await res.arrayBuffer();
        } catch {
          ok = false;
        }
      }
      if (ok) {
        acked.set(id, Date.now());
        sentSeq.set(id, seq);
        seq++;
      } else await sleep(100);
    }
  };
  const started = Date.now();
  const senders = Array.from({ length: CASES }, (_, c) => send(c));

  const faults: Fault[] = [];
  await sleep(5000);
  faults.push({ name: 'SIGKILL hub-0 mid-burst', at: Date.now() });
  hubs[0]!.child.kill('SIGKILL');
  await sleep(3000);
  hubs.push(await startHub('hub-0-restarted', config)); // a new instance: hub-0's deliveries must be taken over, not re-read by name
  await sleep(4000);
  faults.push({ name: topology.primaryFault, at: Date.now() });
  await topology.killPrimary(6000);
  await sleep(4000);
  faults.push({ name: 'hub-1 cut off from Redis 8 s (TCP proxy drops and refuses)', at: Date.now() });
  cutActive = true;
  for (const proxy of proxies) proxy.cut(8000);
  await sleep(8000);
  cutActive = false;
  await sleep(Math.max(0, BURST_MS - (Date.now() - started)));
  running = false;
  await Promise.all(senders);
  const stoppedAt = Date.now();
  // Drain: every acknowledged message should arrive. The backlog left by the burst may take longer
  // than the burst on a loaded machine, so drain while deliveries still come (none for DRAIN_IDLE_MS:
  // what is left is held, not queued), at most DRAIN_MAX_MS.
  // (One set, kept by the receiver: rebuilding it per acknowledged id blocked this process, and so
  // the receiver, for seconds at a time once thousands were acknowledged.)
  let lastCount = deliveries.length;
  let lastProgress = Date.now();
  while (Date.now() - stoppedAt < DRAIN_MAX_MS && [...acked.keys()].some((id) => !deliveredIds.has(id))) {
    await sleep(500);
    if (deliveries.length !== lastCount) {
      lastCount = deliveries.length;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > DRAIN_IDLE_MS) break;
  }
  const drainS = (Date.now() - stoppedAt) / 1000;

  const first = new Map<string, Delivery>();
  for (const d of deliveries) if (!first.has(d.id)) first.set(d.id, d);
  const lost = [...acked.keys()].filter((id) => !first.has(id));
  const duplicates = deliveries.length - first.size;
  const unacknowledgedDelivered = [...first.keys()].filter((id) => !acked.has(id)).length;
  let orderViolations = 0;
  const byCase = new Map<string, Delivery[]>();
  for (const d of first.values()) byCase.set(d.orderKey, [...(byCase.get(d.orderKey) ?? []), d]);
  for (const list of byCase.values()) {
    const seqs = list.sort((a, b) => a.at - b.at).map((d) => Number(d.id.slice(-5)));
    for (let i = 1; i < seqs.length; i++) if (seqs[i]! < seqs[i - 1]!) orderViolations++;
  }
  const rto = faults.map((f, index) => {
    const windowEnd = faults[index + 1]?.at ?? stoppedAt;
    const pending = [...acked.entries()].filter(([id, at]) => at < f.at && !(first.get(id) && first.get(id)!.at < f.at)).map(([id]) => id);
    const until = pending.map((id) => (first.get(id)?.at ?? Infinity) - f.at);
    const nextAck = Math.min(...[...acked.values()].filter((at) => at > f.at)) - f.at;
    const nextDelivery = Math.min(...deliveries.filter((d) => d.at > f.at).map((d) => d.at)) - f.at;
    // The outage as senders and the receiver saw it: the longest silence between this fault and
    // the next one (or the end of the burst), the silence up to that end included.
    const longestGap = (times: number[]) => {
      const window = [f.at, ...times.filter((t) => t > f.at && t < windowEnd).sort((a, b) => a - b), windowEnd];
      let gap = 0;
      for (let i = 1; i < window.length; i++) gap = Math.max(gap, window[i]! - window[i - 1]!);
      return gap / 1000;
    };
    return {
      fault: f.name,
      longestAckGapS: longestGap([...acked.values()]),
      longestDeliveryGapS: longestGap(deliveries.map((d) => d.at)),
      pendingAtFault: pending.length,
      allPendingDeliveredAfterS: pending.length ? Math.max(...until) / 1000 : 0,
      nextDeliveryAfterS: nextDelivery / 1000,
      nextAckAfterS: nextAck / 1000,
    };
  });
  // Where undelivered acknowledged messages wait at the end (read before the topology stops).
  const lostByCase: Record<string, number> = {};
  for (const id of lost) {
    const c = /-c(\d+)-/.exec(id)![1]!;
    lostByCase[`case-${c}`] = (lostByCase[`case-${c}`] ?? 0) + 1;
  }
  let waitingState: Record<string, unknown> | undefined;
  if (lost.length > 0) {
    const probe =
      topology.name === 'cluster'
        ? new Cluster((topology.redis as { cluster: { nodes: Array<{ host: string; port: number }> } }).cluster.nodes)
        : new Redis({ sentinels: (topology.redis as { sentinel: { sentinels: Array<{ host: string; port: number }> } }).sentinel.sentinels, name: 'drill' });
    probe.on('error', () => undefined);
    const key = (part: string) => `${config.prefix}:{dest:${destination}}:${part}`;
    try {
      waitingState = {
        blocked: await probe.hgetall(key('blocked')),
        retry: await probe.zrange(key('retry'), 0, '9', 'WITHSCORES'),
        pendingSummary: await probe.xpending(key('stream'), 'caselink'),
        streamLength: await probe.xlen(key('stream')),
        dead: await probe.hlen(key('dead')),
      };
    } catch (err) {
      waitingState = { error: (err as Error).message };
    }
    probe.disconnect();
  }
  const result = {
    mode,
    topology: topology.name,
    server: BINARY,
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((l) => Math.round(l * 10) / 10) },
    burstS: (stoppedAt - started) / 1000,
    drainS,
    acknowledged: acked.size,
    busyAnswers: busy,
    deliveries: deliveries.length,
    rpoLost: lost.length,
    lostIds: lost.slice(0, 20),
    lostByCase,
    ...(waitingState ? { waitingState } : {}),
    duplicateDeliveries: duplicates,
    deliveredButNeverAcknowledged: unacknowledgedDelivered,
    orderViolations,
    networkCut: {
      connectionsDroppedOrRefused: proxies.reduce((n, p) => n + p.dropped, 0),
      // Requests sent to hub-1 while it was cut off, and how many of them it acknowledged (must be 0).
      answersByCutHub: answersByCutHubDuringCut,
      acknowledgedByCutHub: acksByCutHubDuringCut,
    },
    rto,
  };

  for (const h of hubs) {
    h.child.kill('SIGCONT');
    h.child.kill('SIGKILL');
  }
  await topology.stop();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
  writeFileSync(join(repoRoot, `bench/results/drill-${topology.name === 'cluster' ? 'cluster-' : ''}${mode}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  return result;
}

const ONLY = process.env.CASELINK_DRILL_TOPOLOGY; // sentinel | cluster (default: both)

const TOPOLOGIES = [
  { topology: 'sentinel', other: 'cluster', title: 'failover drill: primary + replica + 3 Sentinels', killed: 'primary' },
  { topology: 'cluster', other: 'sentinel', title: 'failover drill: 3-master Redis Cluster with a replica each', killed: 'slot master' },
] as const;

for (const { topology, other, title, killed } of TOPOLOGIES) {
  describe.skipIf(ONLY === other)(title, () => {
    it.each(['fsync-always', 'waitaof'] as const)(
      `%s: hub killed, ${killed} killed, hub cut off`,
      async (mode) => {
        const result = await runMode(mode, topology);
        expect(result.orderViolations).toBe(0);
        expect((result.networkCut as { acknowledgedByCutHub: number }).acknowledgedByCutHub).toBe(0);
        if (mode === 'waitaof') expect(result.rpoLost).toBe(0);
      },
      480_000,
    );
  });
}
