/**
 * The package loaded into real Node-RED runtimes — 5.x and 4.1 (users who have not upgraded) —
 * with the hub flow: every node set loads, the flow starts, and documents go through both ways:
 * pushed to the platform (PSB, procuratorate) and polled from the court's outbox.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCase, type DemoStep } from '../../demo/demo-case';
import { awaitStep, sendStep, type DriveOptions } from '../../demo/demo-driver';
import { startSimulatorFleet, type SimulatorFleet } from '../../demo/simulator-fleet';
import { SAMPLE_CN_CALENDAR_2022_2026 } from '../../standard/clocks/sample-calendar-cn';
import { Tracker } from '../../tracking';
import { repoRoot, startNodeRed, waitFor, type NodeRedProcess, type RuntimeName } from '../support/node-red';
import { type RedisServer } from '../support/redis-server';
import { sharedRedis } from '../support/shared-redis';

const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
const hub = JSON.parse(readFileSync(join(repoRoot(), 'flows', 'hub.json'), 'utf8'));
const DIVISION = '440112';
/** The key prefix of the hub flow's caselink-redis node. */
const HUB_PREFIX = 'cl';
/** A platform case id given by case tracking. */
const CASE_UID = new RegExp(`^GZ-${DIVISION}-\\d{4}-\\d{6}$`);
let redis: RedisServer;
let fleet: SimulatorFleet;

beforeAll(async () => {
  redis = sharedRedis('durable');
  fleet = await startSimulatorFleet();
});
afterAll(async () => {
  await fleet?.close();
  await redis?.stop();
});

/** One entry of Node-RED's GET /nodes and GET /plugins. */
interface ModuleSet {
  module: string;
  enabled: boolean;
  err?: string;
  types?: string[];
  plugins?: Array<{ type: string }>;
}

const getJson = async <T>(url: string): Promise<T> => (await fetch(url, { headers: { Accept: 'application/json' } })).json() as Promise<T>;

/** Runtime, its version, the first of the demo cases it carries (own case numbers: the runtimes share one Redis). */
const runtimes: Array<[RuntimeName, RegExp, number]> = [
  ['node-red', /^5\./, 1],
  ['node-red-4', /^4\.1\./, 3],
];

describe.each(runtimes)('the package in %s', (runtime, version, firstCase) => {
  let nodeRed: NodeRedProcess;
  const drive = (caseMemory: { caseUid?: string }): DriveOptions => ({
    inboundUrl: (kind, division) => `${nodeRed.url}/caselink/${kind}/${division}`,
    simulator: (kind, division) => fleet.get(kind, division),
    credentials: (kind, division) => fleet.credentials(kind, division),
    stepTimeoutMs: 20_000,
    caseMemory,
  });
  /** Sends each step the way its legacy system does and waits until the receiving simulator has it. */
  const carry = async (steps: DemoStep[], caseMemory: { caseUid?: string } = {}) => {
    const options = drive(caseMemory);
    for (const step of steps) {
      await sendStep(step, DIVISION, options);
      await awaitStep(step, DIVISION, options);
    }
    return caseMemory;
  };

  beforeAll(async () => {
    nodeRed = await startNodeRed({
      runtime,
      flows: hub,
      env: { ...fleet.env(), REDIS_URL: redis.url, CASELINK_POLL_MS: '200' },
    });
  }, 60_000);
  afterAll(async () => {
    await nodeRed?.stop();
  });

  it('registers every node type and the console plugin, with no load errors', async () => {
    expect((await getJson<{ version: string }>(`${nodeRed.url}/settings`)).version).toMatch(version);
    const ours = (sets: ModuleSet[]) => sets.filter((s) => s.module === pkg.name);
    const nodeSets = ours(await getJson<ModuleSet[]>(`${nodeRed.url}/nodes`));
    const pluginSets = ours(await getJson<ModuleSet[]>(`${nodeRed.url}/plugins`));
    expect(nodeSets.flatMap((s) => s.types ?? []).sort()).toEqual(Object.keys(pkg['node-red'].nodes).sort());
    expect(pluginSets.flatMap((s) => (s.plugins ?? []).map((p) => p.type)).sort()).toEqual(Object.keys(pkg['node-red'].plugins).sort());
    for (const set of [...nodeSets, ...pluginSets]) expect({ ...set, err: set.err ?? null }).toMatchObject({ enabled: true, err: null });
    // Every type of the hub flow was found, and nothing failed while loading or starting.
    expect(nodeRed.logs()).not.toMatch(/Waiting for missing types|Failed to register|\[error\]/);
  });

  it('carries a document pushed by the PSB to the procuratorate', { timeout: 60_000 }, async () => {
    const [arrestRequest] = demoCase(DIVISION, firstCase, { idPrefix: `SMOKE-${runtime}` });
    const { caseUid } = await carry([arrestRequest!]);
    expect(caseUid).toMatch(CASE_UID);
  });

  it('polls a document from the court outbox, tracks it and delivers it to the procuratorate', { timeout: 60_000 }, async () => {
    const steps = demoCase(DIVISION, firstCase + 1, { idPrefix: `SMOKE-${runtime}` });
    const indictment = steps.find((s) => s.message.messageType === 'INDICTMENT')!;
    const accepted = steps.find((s) => s.message.messageType === 'CASE_ACCEPTED')!;
    expect([indictment.to, accepted.from, accepted.to]).toEqual(['court', 'court', 'procuratorate']);
    // The procuratorate's indictment (pushed, delivered to the court) opens the process the court's answer belongs to.
    const { caseUid } = await carry([indictment, accepted]);
    expect(caseUid).toMatch(CASE_UID);
    const delivered = fleet.get('procuratorate', DIVISION).received.find((r) => r.accepted && r.message?.messageId === accepted.message.messageId);
    expect(delivered?.message).toMatchObject({ messageType: 'CASE_ACCEPTED', caseUid });
    // Acknowledged to the court once stored.
    const court = fleet.get('court', DIVISION);
    await waitFor(() => court.pendingOutbox!().length === 0, 20_000);

    // caselink track took it into the case: recorded, in order (no violation), the court's number linked.
    const admin = new Redis(redis.url);
    try {
      const tracker = new Tracker({ redis: admin, calendar: SAMPLE_CN_CALENDAR_2022_2026, prefix: HUB_PREFIX });
      const timeline = await tracker.timeline(caseUid!);
      const ofAccepted = timeline!.entries.filter((e) => 'messageId' in e && e.messageId === accepted.message.messageId);
      expect(ofAccepted).toContainEqual(expect.objectContaining({ kind: 'message', messageType: 'CASE_ACCEPTED', process: 'PUBLIC_PROSECUTION' }));
      expect(ofAccepted).toContainEqual(expect.objectContaining({ kind: 'state', process: 'PUBLIC_PROSECUTION' }));
      expect(timeline!.entries.filter((e) => e.kind === 'violation')).toEqual([]);
      const courtNumber = accepted.message.localCaseNumbers.find((n) => n.system === 'COURT')!.number;
      expect(await tracker.findCase(courtNumber)).toBe(caseUid);
    } finally {
      admin.disconnect();
    }
  });
});
