/**
 * End to end through the real Node-RED runtime with flows/hub.json, a real redis-server and the
 * sixteen legacy simulators. PSB and procuratorate messages are pushed into the hub's inbound
 * endpoints encoded with their systems' codecs; court and justice messages are placed in their
 * simulators' outboxes. Every simulator must receive exactly the expected documents, in order, once —
 * also when a simulator is down for a while and when Node-RED is SIGKILLed mid-case.
 */
import { describe, expect, it } from 'vitest';
import type { SystemKind } from '../../adapters/types';
import { DIVISION_CODES, type Division } from '../../standard/codes/divisions';
import { demoCase, type DemoStep } from '../../demo/demo-case';
import { awaitStep, driveCase, sendStep } from '../../demo/demo-driver';
import type { SimulatorFleet } from '../../demo/simulator-fleet';
import type { NodeRedProcess } from '../support/node-red';
import {
  driveOptions,
  expectExactlyOnceInOrder as expectExactlyOnceInOrderIn,
  FAST_FORWARDING_ENV,
  hubFlow,
  platformForFile,
  receivedBy as receivedByIn,
  startPlatform,
} from '../support/platform';

let fleet: SimulatorFleet;
let nodeRed: NodeRedProcess;
platformForFile(
  () => startPlatform({ flows: hubFlow(), env: { ...FAST_FORWARDING_ENV } }),
  (platform) => ({ fleet, nodeRed } = platform),
);

const drive = () => driveOptions(nodeRed, fleet, { stepTimeoutMs: 30_000 });
const receivedBy = (kind: SystemKind, division: Division, idPrefix: string) => receivedByIn(fleet, kind, division, idPrefix);
const expectExactlyOnceInOrder = (steps: DemoStep[], division: Division, idPrefix: string) => expectExactlyOnceInOrderIn(fleet, steps, division, idPrefix);

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
