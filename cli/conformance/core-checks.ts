/**
 * The kit's core checks: the adapter's client behind the real forwarding core on a real Redis —
 * a resent message is a duplicate and delivered once; the documents of one case arrive in order,
 * also when the system is busy for a while (Retry-After) in the middle of the case.
 * The kit starts its own redis-server (or valkey-server) on a free loopback port with AOF fsync
 * always and noeviction, unless --redis names one (never the shared default instance).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdapterDefinition } from '../../adapters/contract';
import type { Simulator } from '../../adapters/simulator-types';
import type { Credentials } from '../../adapters/types';
import { Forwarder } from '../../core';
import { durableRedisServerArgs } from '../redis-server-args';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { CheckResult } from './checks';

const result = (id: string, zh: string, en: string, status: CheckResult['status'], evidence: string): CheckResult => ({
  id,
  title: { 'zh-CN': zh, 'en-US': en },
  status,
  evidence,
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms (Redis未能启动)`);
}

interface OwnRedis {
  url: string;
  stop(): Promise<void>;
}

async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'caselink-kit-redis-'));
  const args = durableRedisServerArgs(port, dir);
  let child: ChildProcess | undefined;
  for (const binary of ['redis-server', 'valkey-server']) {
    child = spawn(binary, args, { stdio: 'ignore' });
    const failed = await new Promise<boolean>((resolve) => {
      child!.once('error', () => resolve(true));
      setTimeout(() => resolve(false), 100);
    });
    if (!failed) break;
    child = undefined;
  }
  if (!child) throw new Error('neither redis-server nor valkey-server is installed (未安装Redis)');
  await waitForPort(port, 10_000);
  const owned = child;
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      owned.kill('SIGKILL');
      await new Promise((r) => (owned.exitCode !== null ? r(undefined) : owned.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface RecordingSimulator extends Simulator {
  acceptedMessages?(): UnifiedMessage[];
}

async function until<T>(check: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

export async function coreChecks(
  adapter: AdapterDefinition,
  credentials: Credentials,
  samples: readonly UnifiedMessage[],
  redisUrl?: string,
): Promise<CheckResult[]> {
  if (!adapter.transports.delivery) return [result('core', '经转发核心投递', 'delivery through the core', 'skip', 'the adapter takes no deliveries')];
  if (samples.length === 0) return [result('core', '经转发核心投递', 'delivery through the core', 'fail', 'no valid fixture to send')];
  let redis: OwnRedis | undefined;
  let sim: RecordingSimulator | undefined;
  let forwarder: Forwarder | undefined;
  const checks: CheckResult[] = [];
  try {
    if (!redisUrl) redis = await startOwnRedis();
    sim = (await adapter.startSimulator({ credentials })) as RecordingSimulator;
    const client = adapter.createClient({ baseUrl: sim.url, credentials, timeoutMs: 5000 });
    // A sample the system takes: the first one its simulator accepts.
    let sample: UnifiedMessage | undefined;
    for (const candidate of samples.slice(0, 12)) {
      const probe = { ...structuredClone(candidate), messageId: `KIT-PROBE-${Date.now().toString(36)}` } as UnifiedMessage;
      if ((await client.send(probe)).kind === 'accepted') {
        sample = candidate;
        break;
      }
    }
    if (!sample) return [result('core', '经转发核心投递', 'delivery through the core', 'fail', 'the simulator accepted none of the valid fixtures')];
    sim.reset();
    const run = Date.now().toString(36);
    const destination = `kit-${adapter.kind}-${run}`;
    forwarder = await Forwarder.create({
      redis: { url: redisUrl ?? redis!.url },
      prefix: `kit${run}`,
      durability: redisUrl ? 'none' : 'fsync-always',
      defaults: { maxAttempts: 10, maxBacklog: 1000, backoff: { initialMs: 100, factor: 2, maxMs: 1000, jitter: 0 } },
    } as never);
    const ids = ['A', 'B', 'C'].map((suffix) => `KIT-${run}-${suffix}`);
    const messages = ids.map((id) => ({ ...structuredClone(sample!), messageId: id }) as UnifiedMessage);
    const orderKey = `kit-case-${run}`;
    const statuses: string[] = [];
    statuses.push((await forwarder.enqueue(destination, messages[0]!, { orderKey })).status);
    statuses.push((await forwarder.enqueue(destination, messages[0]!, { orderKey })).status);
    // The system is busy for the first two requests: the case must wait, then flow in order.
    sim.setFault({ fault: { kind: 'http', status: 503, retryAfterSeconds: 1 }, times: 2 });
    const consumer = forwarder.consume(destination, (delivery) => client.send(delivery.message as UnifiedMessage), {
      consumer: 'kit',
      concurrency: 4,
      handlerTimeoutMs: 10_000,
    } as never);
    for (const message of messages.slice(1)) statuses.push((await forwarder.enqueue(destination, message, { orderKey })).status);
    const accepted = () => (sim!.acceptedMessages?.() ?? []).map((m) => m.messageId).filter((id) => ids.includes(id));
    await until(() => (accepted().length >= 3 ? true : undefined), 20_000);
    await new Promise((r) => setTimeout(r, 500));
    await consumer.stop();
    const got = accepted();
    checks.push(
      result(
        'core:idempotent',
        '经真实Redis上的转发核心：重复入队为重复且只投递一次',
        'through the core on a real Redis: a resent message is a duplicate, delivered once',
        statuses[1] === 'duplicate' && got.filter((id) => id === ids[0]).length === 1 ? 'pass' : 'fail',
        `enqueue statuses ${statuses.join(', ')}; ${ids[0]} delivered ${got.filter((id) => id === ids[0]).length}×`,
      ),
    );
    checks.push(
      result(
        'core:order',
        '经真实Redis上的转发核心：同一案件按序送达（对方繁忙时亦然）',
        'through the core on a real Redis: one case arrives in order, also after the system was busy',
        JSON.stringify(got) === JSON.stringify(ids) ? 'pass' : 'fail',
        `received ${JSON.stringify(got)}; expected ${JSON.stringify(ids)}; the system answered 503 Retry-After 1 twice first`,
      ),
    );
  } catch (error) {
    checks.push(result('core', '经转发核心投递', 'delivery through the core', 'fail', `could not run: ${(error as Error).message}`));
  } finally {
    await forwarder?.close().catch(() => undefined);
    await sim?.close();
    await redis?.stop();
  }
  return checks;
}
