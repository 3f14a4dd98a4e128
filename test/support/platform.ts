/**
 * A running platform for end-to-end suites: a redis-server with AOF, an admin connection, the
 * legacy simulators and Node-RED with a hub flow — plus how a suite drives demo cases through it
 * and checks that every simulator received its documents exactly once, in order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect } from 'vitest';
import type { SystemKind } from '../../adapters/types';
import type { DemoStep } from '../../demo/demo-case';
import type { DriveOptions } from '../../demo/demo-driver';
import { startSimulatorFleet, type FleetOptions, type SimulatorFleet } from '../../demo/simulator-fleet';
import type { Division } from '../../standard/codes/divisions';
import { repoRoot, startNodeRed, type FlowNode, type NodeRedProcess } from './node-red';
import { startRedisServer, type RedisServer } from './redis-server';

/** Polling and retries short enough for a test to see a whole case through (the defaults are seconds). */
export const FAST_FORWARDING_ENV = {
  CASELINK_POLL_MS: '100',
  CASELINK_RETRY_INITIAL_MS: '200',
  CASELINK_RETRY_MAX_MS: '1000',
} as const;

/** flows/hub.json: every district. */
export function hubFlow(): FlowNode[] {
  return JSON.parse(readFileSync(join(repoRoot(), 'flows', 'hub.json'), 'utf8')) as FlowNode[];
}

/** flows/hub.json with only the district subflow instance of `division`. */
export function districtFlow(division: string): FlowNode[] {
  return hubFlow().filter((node) => !(node.type === 'subflow:caselink-district' && !(node.env as Array<{ value: string }>).some((e) => e.value === division)));
}

/** Redis with AOF, an admin connection, the simulators and Node-RED running the flow. */
export interface Platform {
  redis: RedisServer;
  admin: Redis;
  fleet: SimulatorFleet;
  nodeRed: NodeRedProcess;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  flows: FlowNode[];
  fleet?: FleetOptions;
  /** Adds to (or overrides) the runtime's environment. */
  env: Record<string, string>;
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const redis = await startRedisServer({ aof: true });
  const admin = new Redis(redis.url);
  admin.on('error', () => undefined);
  const fleet = await startSimulatorFleet(options.fleet);
  const nodeRed = await startNodeRed({ flows: options.flows, env: { ...fleet.env(), REDIS_URL: redis.url, ...options.env } });
  // Stopped in the reverse order of starting: the runtime first, so nothing it holds outlives what it uses.
  const stop = async () => {
    await nodeRed.stop();
    await fleet.close();
    admin.disconnect();
    await redis.stop();
  };
  return { redis, admin, fleet, nodeRed, stop };
}

/** One district's platform: its hub flow and its four simulators. */
export function startDistrictPlatform(division: Division, env: Record<string, string>): Promise<Platform> {
  return startPlatform({
    flows: districtFlow(division),
    fleet: { only: (['psb', 'procuratorate', 'court', 'justice'] as const).map((kind) => [kind, division]) },
    env,
  });
}

/** Starts the platform before the file's tests (handing it to `use`) and stops it after them. */
export function platformForFile(start: () => Promise<Platform>, use: (platform: Platform) => void, timeoutMs = 180_000): void {
  let platform: Platform | undefined;
  beforeAll(async () => {
    platform = await start();
    use(platform);
  }, timeoutMs);
  afterAll(async () => {
    await platform?.stop();
  });
}

/** Cases sent into the platform's inbound endpoints and read back from its simulators. */
export function driveOptions(nodeRed: NodeRedProcess, fleet: SimulatorFleet, options: Pick<DriveOptions, 'stepTimeoutMs' | 'caseMemory'>): DriveOptions {
  return {
    inboundUrl: (kind, division) => `${nodeRed.url}/caselink/${kind}/${division}`,
    simulator: (kind, division) => fleet.get(kind, division),
    credentials: (kind, division) => fleet.credentials(kind, division),
    ...options,
  };
}

/** The message types (with the id's last two characters) a system of the division accepted for this case, in arrival order. */
export function receivedBy(fleet: SimulatorFleet, kind: SystemKind, division: Division, idPrefix: string): string[] {
  return fleet
    .get(kind, division)
    .received.filter((r) => r.accepted && r.message?.messageId.startsWith(idPrefix))
    .map((r) => `${r.message!.messageType}#${r.message!.messageId.slice(-2)}`);
}

/** Every system received exactly its steps of the case, once each, in order, all under one platform case id. */
export function expectExactlyOnceInOrder(fleet: SimulatorFleet, steps: DemoStep[], division: Division, idPrefix: string): void {
  const caseUids = new Set<string | undefined>();
  for (const kind of ['psb', 'procuratorate', 'court', 'justice'] as const) {
    const expected = steps.filter((s) => s.to === kind).map((s) => `${s.message.messageType}#${s.message.messageId.slice(-2)}`);
    expect(receivedBy(fleet, kind, division, idPrefix), `${kind} ${division}`).toEqual(expected);
    for (const r of fleet.get(kind, division).received) if (r.accepted && r.message?.messageId.startsWith(idPrefix)) caseUids.add(r.message.caseUid);
  }
  // Case tracking gave the case one platform id, carried by every document delivered.
  expect([...caseUids], `one platform case id for ${idPrefix}`).toEqual([expect.stringMatching(new RegExp(`^GZ-${division}-\\d{4}-\\d{6}$`))]);
}
