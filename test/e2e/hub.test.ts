/**
 * End to end through the real Node-RED runtime with flows/hub.json, a real redis-server and the
 * sixteen legacy simulators. PSB and procuratorate messages are pushed into the hub's inbound
 * endpoints encoded with their systems' codecs; court and justice messages are placed in their
 * simulators' outboxes. Every simulator must receive exactly the expected documents, in order, once —
 * also when a simulator is down for a while and when Node-RED is SIGKILLed mid-case.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemKind } from '../../adapters/types';
import { DIVISION_CODES, type Division } from '../../standard/codes/divisions';
import { demoCase, type DemoStep } from '../../demo/demo-case';
import { awaitStep, driveCase, sendStep, type DriveOptions } from '../../demo/demo-driver';
import { startSimulatorFleet, type SimulatorFleet } from '../../demo/simulator-fleet';
import { repoRoot, startNodeRed, type NodeRedProcess } from '../support/node-red';
import { startRedisServer, type RedisServer } from '../support/redis-server';

const hub = JSON.parse(readFileSync(join(repoRoot(), 'flows', 'hub.json'), 'utf8'));
let redis: RedisServer;
let fleet: SimulatorFleet;
let nodeRed: NodeRedProcess;

beforeAll(async () => {
  redis = await startRedisServer({ aof: true });
  fleet = await startSimulatorFleet();
  nodeRed = await startNodeRed({
    flows: hub,
    env: {
      ...fleet.env(),
      REDIS_URL: redis.url,
      CASELINK_POLL_MS: '100',
      CASELINK_RETRY_INITIAL_MS: '200',
      CASELINK_RETRY_MAX_MS: '1000',
    },
  });
}, 180_000);

afterAll(async () => {
  await nodeRed?.stop();
  await fleet?.close();
  await redis?.stop();
});

function drive(): DriveOptions {
  return {
    inboundUrl: (kind, division) => `${nodeRed.url}/caselink/${kind}/${division}`,
    simulator: (kind, division) => fleet.get(kind, division),
    credentials: (kind, division) => fleet.credentials(kind, division),
    stepTimeoutMs: 30_000,
  };
}

/** The message types each system of the district accepted for this case, in arrival order. */
function receivedBy(kind: SystemKind, division: Division, idPrefix: string): string[] {
  return fleet
    .get(kind, division)
    .received.filter((r) => r.accepted && r.message?.messageId.startsWith(idPrefix))
    .map((r) => `${r.message!.messageType}#${r.message!.messageId.slice(-2)}`);
}

function expectExactlyOnceInOrder(steps: DemoStep[], division: Division, idPrefix: string): void {
  const caseUids = new Set<string | undefined>();
  for (const kind of ['psb', 'procuratorate', 'court', 'justice'] as const) {
    const expected = steps.filter((s) => s.to === kind).map((s) => `${s.message.messageType}#${s.message.messageId.slice(-2)}`);
    expect(receivedBy(kind, division, idPrefix), `${kind} ${division}`).toEqual(expected);
    for (const r of fleet.get(kind, division).received) if (r.accepted && r.message?.messageId.startsWith(idPrefix)) caseUids.add(r.message.caseUid);
  }
  // Case tracking gave the case one platform id, carried by every document delivered.
  expect([...caseUids]).toEqual([expect.stringMatching(new RegExp(`^GZ-${division}-\\d{4}-\\d{6}$`))]);
}

describe('the hub flow in a real Node-RED', { timeout: 120_000 }, () => {
  it('carries one guilty-plea theft case per district through all six processes', async () => {
    const cases = DIVISION_CODES.map((division) => ({ division, prefix: `E2E-A-${division}`, steps: demoCase(division, 1, { idPrefix: `E2E-A` }) }));
    await Promise.all(cases.map((c) => driveCase(c.steps, c.division, drive())));
    for (const c of cases) expectExactlyOnceInOrder(c.steps, c.division, c.prefix);
  });

  it('delivers later, in order and once, what piled up while a system was down', async () => {
    const division: Division = '440111';
    const steps = demoCase(division, 2, { idPrefix: 'E2E-B' });
    const psb = fleet.get('psb', division);
    const options = { ...drive(), caseMemory: {} };
    await driveCase(steps.slice(0, 1), division, options);
    psb.setFault({ fault: { kind: 'down' } });
    try {
      // The PSB system is down: the procuratorate's acknowledgement and decision queue up.
      await sendStep(steps[1]!, division, options);
      await sendStep(steps[2]!, division, options);
      await new Promise((r) => setTimeout(r, 2500));
      expect(receivedBy('psb', division, 'E2E-B')).toEqual([]);
    } finally {
      psb.setFault(null);
    }
    await awaitStep(steps[1]!, division, options);
    await awaitStep(steps[2]!, division, options);
    await driveCase(steps.slice(3), division, options);
    expectExactlyOnceInOrder(steps, division, 'E2E-B');
  });

  it('loses and repeats nothing when Node-RED is killed (SIGKILL) and restarted mid-case', async () => {
    const division: Division = '440112';
    const steps = demoCase(division, 3, { idPrefix: 'E2E-C' });
    const options = { ...drive(), caseMemory: {} };
    await driveCase(steps.slice(0, 6), division, options);

    // Killed right after the justice system wrote its assignment to the outbox (maybe mid-poll).
    await sendStep(steps[6]!, division, options);
    await new Promise((r) => setTimeout(r, 150));
    await nodeRed.kill9();
    await nodeRed.restart();
    await awaitStep(steps[6]!, division, options);

    // Killed right after the hub stored the indictment and answered the procuratorate (delivery in flight).
    await sendStep(steps[7]!, division, options);
    await nodeRed.kill9();
    await nodeRed.restart();
    await awaitStep(steps[7]!, division, options);

    await driveCase(steps.slice(8), division, options);
    expectExactlyOnceInOrder(steps, division, 'E2E-C');
  });
});
