/**
 * The failover drill (issue 17, `npm run drill`; not part of `npm test`, it has its own time
 * budget). Per durability mode: a primary with one replica and three Sentinels (real
 * valkey-server processes), three hub processes running the compiled core on that Redis through
 * Sentinel, a sender that acknowledges nothing it did not hear "accepted" for, and a receiver that
 * records every delivery. During a continuous burst it
 *   1. SIGKILLs a hub (its in-flight deliveries must be taken over after the lease),
 *   2. SIGKILLs the Redis primary (Sentinel promotes the replica; the old primary comes back as a replica),
 *   3. freezes a hub (SIGSTOP for 8 s, then SIGCONT): it cannot renew its leases or reach Redis,
 *      like a hub cut off from Redis, and comes back afterwards,
 * and counts: RPO (acknowledged to the sender, never delivered), duplicate deliveries, per-case
 * order violations, and per fault the seconds until every message acknowledged before it was
 * delivered (RTO) and until the next acknowledgement. Results: bench/results/drill-<mode>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCoreForChildren, removeChildBuild, repoRoot } from '../core/child-build';
import { freePort } from '../support/free-port';
import { startRedisServer, type RedisServer } from '../support/redis-server';

const BINARY = process.env.CASELINK_DRILL_SERVER ?? 'valkey-server';
const BURST_MS = Number(process.env.CASELINK_DRILL_BURST_MS) || 45_000;
const CASES = 12;
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

async function runMode(mode: 'fsync-always' | 'waitaof'): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-drill-'));
  const aofPolicy = mode === 'fsync-always' ? 'always' : 'everysec';
  const primary: RedisServer = await startRedisServer({ binary: BINARY, aof: true, appendfsync: aofPolicy });
  // WAITAOF counts a replica once *it* fsynced: a replica on everysec confirms once a second. So a
  // replica fsyncs always (only the replica pays for it); the primary may run everysec.
  const replica: RedisServer = await startRedisServer({ binary: BINARY, aof: true, appendfsync: 'always', args: ['--replicaof', '127.0.0.1', String(primary.port)] });
  const sentinels = await Promise.all([0, 1, 2].map(() => startSentinel(BINARY, primary.port, dir)));
  await sleep(1500);

  const deliveries: Delivery[] = [];
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const d = JSON.parse(body) as { id: string; orderKey: string };
      deliveries.push({ id: d.id, orderKey: d.orderKey, at: Date.now() });
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/`;

  const config = {
    redis: { sentinel: { sentinels: sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })), name: 'drill' } },
    prefix: `drill${Date.now()}`,
    destination: 'court-440105',
    receiverUrl,
    durability: mode === 'fsync-always' ? 'fsync-always' : { mode: 'waitaof', numlocal: 1, numreplicas: 1, timeoutMs: 1000 },
  };
  const hubs = await Promise.all(['hub-0', 'hub-1', 'hub-2'].map((name) => startHub(name, config)));
  const frozen = new Set<string>();
  const live = () => hubs.filter((h) => h.child.exitCode === null && h.child.signalCode === null && !frozen.has(h.name));

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
          const res = await fetch(`http://127.0.0.1:${hub.port}/?id=${id}&case=${orderKey}`, { signal: AbortSignal.timeout(3000) });
          ok = res.status === 200;
          if (!ok) busy++;
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
  faults.push({ name: 'SIGKILL Redis primary (Sentinel failover)', at: Date.now() });
  await primary.kill9();
  await sleep(6000);
  await primary.restart(); // comes back; Sentinel turns it into a replica of the new primary
  {
    // Now a replica (see above): it must fsync always too. Retried while it is still loading.
    const back = new Redis(primary.url, { maxRetriesPerRequest: 1 });
    back.on('error', () => undefined);
    for (let i = 0; i < 20; i++) {
      if ((await back.config('SET', 'appendfsync', 'always').catch(() => 'no')) === 'OK') break;
      await sleep(250);
    }
    back.disconnect();
  }
  await sleep(4000);
  faults.push({ name: 'hub-1 frozen 8 s (cut off from Redis)', at: Date.now() });
  frozen.add('hub-1');
  hubs[1]!.child.kill('SIGSTOP');
  await sleep(8000);
  hubs[1]!.child.kill('SIGCONT');
  frozen.delete('hub-1');
  await sleep(Math.max(0, BURST_MS - (Date.now() - started)));
  running = false;
  await Promise.all(senders);
  const stoppedAt = Date.now();
  // Drain: every acknowledged message should arrive.
  const delivered = () => new Set(deliveries.map((d) => d.id));
  while (Date.now() - stoppedAt < 60_000 && [...acked.keys()].some((id) => !delivered().has(id))) await sleep(250);

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
  const result = {
    mode,
    server: BINARY,
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((l) => Math.round(l * 10) / 10) },
    burstS: (stoppedAt - started) / 1000,
    acknowledged: acked.size,
    busyAnswers: busy,
    deliveries: deliveries.length,
    rpoLost: lost.length,
    lostIds: lost.slice(0, 20),
    duplicateDeliveries: duplicates,
    deliveredButNeverAcknowledged: unacknowledgedDelivered,
    orderViolations,
    rto,
  };

  for (const h of hubs) {
    h.child.kill('SIGCONT');
    h.child.kill('SIGKILL');
  }
  for (const s of sentinels) s.child.kill('SIGKILL');
  await replica.stop();
  await primary.stop();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
  writeFileSync(join(repoRoot, `bench/results/drill-${mode}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  return result;
}

describe('failover drill', () => {
  it.each(['fsync-always', 'waitaof'] as const)('%s: hub killed, primary killed, hub cut off', async (mode) => {
    const result = await runMode(mode);
    expect(result.orderViolations).toBe(0);
    if (mode === 'waitaof') expect(result.rpoLost).toBe(0);
  }, 240_000);
});
