/**
 * Helpers for the security end-to-end suites: a one-district hub flow, raw pushes into the
 * platform's inbound endpoints (exactly the bytes a hostile sender chooses), answer reading and
 * audit-log reading.
 */
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { procuratorateOutcome } from '../../adapters/procuratorate/client';
import { psbOutcome } from '../../adapters/psb/client';
import { builtinAdapter } from '../../adapters/builtins';
import type { Credentials } from '../../adapters/types';
import type { AuditRecord } from '../../security/audit-log';
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { UnifiedMessage } from '../../standard/schema/message';
import { startSimulatorFleet, type SimulatorFleet } from '../../demo/simulator-fleet';
import { repoRoot, startNodeRed, type FlowNode, type NodeRedProcess } from '../support/node-red';
import { startRedisServer, type RedisServer } from '../support/redis-server';

/** flows/hub.json with only the district subflow instance of `division`. */
export function districtFlow(division: string): FlowNode[] {
  const hub = JSON.parse(readFileSync(join(repoRoot(), 'flows', 'hub.json'), 'utf8')) as FlowNode[];
  return hub.filter((node) => !(node.type === 'subflow:caselink-district' && !(node.env as Array<{ value: string }>).some((e) => e.value === division)));
}

/** One district's platform: Redis with AOF, an admin connection, its four simulators and Node-RED with its hub flow. */
export interface DistrictPlatform {
  redis: RedisServer;
  admin: Redis;
  fleet: SimulatorFleet;
  nodeRed: NodeRedProcess;
  stop(): Promise<void>;
}

/** Starts a DistrictPlatform; `env` adds to (or overrides) the runtime's environment. */
export async function startDistrictPlatform(division: string, env: Record<string, string>): Promise<DistrictPlatform> {
  const redis = await startRedisServer({ aof: true });
  const admin = new Redis(redis.url);
  admin.on('error', () => undefined);
  const fleet = await startSimulatorFleet({ only: (['psb', 'procuratorate', 'court', 'justice'] as const).map((kind) => [kind, division]) });
  const nodeRed = await startNodeRed({ flows: districtFlow(division), env: { ...fleet.env(), REDIS_URL: redis.url, ...env } });
  return {
    redis,
    admin,
    fleet,
    nodeRed,
    async stop() {
      await nodeRed.stop();
      await fleet.close();
      admin.disconnect();
      await redis.stop();
    },
  };
}

export type PushKind = 'psb' | 'procuratorate';

export interface RawAnswer {
  status: number;
  outcome: DeliveryOutcome;
  ms: number;
}

/** POSTs exactly `body` with `headers`, and reads the answer in the system's own format. */
export async function pushRaw(url: string, kind: PushKind, body: Buffer | string, headers: Record<string, string>): Promise<RawAnswer> {
  const started = Date.now();
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(60_000) });
  const answer = Buffer.from(await response.arrayBuffer());
  const flat: Record<string, string> = {};
  response.headers.forEach((value, name) => (flat[name.toLowerCase()] = value));
  const outcome = kind === 'psb' ? psbOutcome(response.status, flat, answer, Date.now()) : procuratorateOutcome(response.status, flat, answer, Date.now());
  return { status: response.status, outcome, ms: Date.now() - started };
}

/** A message encoded by its legacy system, as text (GBK for the PSB) with its headers. */
export function encoded(kind: PushKind, message: UnifiedMessage, credentials: Credentials): { body: Buffer; headers: Record<string, string> } {
  const request = builtinAdapter(kind).codec.encode(message, { credentials, now: Date.now() });
  return { body: Buffer.from(request.body), headers: { ...request.headers } };
}

/**
 * A body dripped a few bytes at a time and never finished: resolves with the answer (the platform
 * must answer on its own, within its body timeout) or rejects when the connection is cut without one.
 */
export function slowDrip(url: string, headers: Record<string, string>, chunk: Buffer, everyMs: number): Promise<{ status: number; body: Buffer; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(chunk.length * 1000) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearInterval(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: Date.now() - started });
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    const timer = setInterval(() => {
      if (!req.destroyed) req.write(chunk);
    }, everyMs);
    req.write(chunk);
  });
}

/** Every record of the audit chain. */
export async function auditRecords(redis: Redis, prefix = 'cl'): Promise<AuditRecord[]> {
  return (await redis.lrange(`${prefix}:{audit}:log`, 0, -1)).map((line) => JSON.parse(line) as AuditRecord);
}
