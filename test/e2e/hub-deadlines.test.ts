/**
 * The shipped hub flow in a real Node-RED with a real redis-server and the legacy simulators: the
 * deadline scan runs by itself (flows/hub.json `${CASELINK_DEADLINE_SCAN_MS}`, here a short
 * interval) and the first overdue clock of demo traffic raises its alert and supervision order
 * within one scan interval — no operator action, no manual scan.
 */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { Division } from '../../standard/codes/divisions';
import { CN_CALENDAR } from '../../standard';
import { Tracker } from '../../tracking';
import { demoCase } from '../../demo/demo-case';
import { driveCase } from '../../demo/demo-driver';
import type { SimulatorFleet } from '../../demo/simulator-fleet';
import type { NodeRedProcess } from '../support/node-red';
import { driveOptions, hubFlow, platformForFile, startPlatform } from '../support/platform';

const SCAN_MS = 2000;
let fleet: SimulatorFleet;
let nodeRed: NodeRedProcess;
let client: Redis;
platformForFile(
  () => startPlatform({ flows: hubFlow(), env: { CASELINK_POLL_MS: '100', CASELINK_DEADLINE_SCAN_MS: String(SCAN_MS) } }),
  (platform) => ({ fleet, nodeRed, admin: client } = platform),
);

describe('deadline scanning in the shipped hub flow', { timeout: 120_000 }, () => {
  it('raises the first alert and supervision order of demo traffic within one scan interval', async () => {
    const division: Division = '440105';
    const steps = demoCase(division, 1, { idPrefix: 'E2E-DL' });
    const drive = driveOptions(nodeRed, fleet, { stepTimeoutMs: 30_000, caseMemory: {} });
    // The arrest request and the procuratorate's acknowledgement: the 7-day arrest review (C2) of a
    // 2022 demo case starts on the receipt date the acknowledgement states — long overdue today.
    await driveCase(steps.slice(0, 2), division, drive);
    const delivered = Date.now();

    // Read what the hub wrote, through the tracking API on the same Redis and prefix.
    const reader = new Tracker({ redis: client, prefix: 'cl', calendar: CN_CALENDAR, validate: false });
    let orders: Awaited<ReturnType<Tracker['supervision']['open']>> = [];
    while (Date.now() - delivered < SCAN_MS * 15) {
      orders = await reader.supervision.open(division);
      if (orders.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsed = Date.now() - delivered;
    expect(orders, 'a supervision order opened without anyone asking').not.toEqual([]);
    // The next scan comes one interval after delivery; the bound is generous for a loaded machine and
    // still tells the configured interval from the default one (60 s).
    expect(elapsed).toBeLessThan(SCAN_MS * 5);
    const caseUid = orders[0]!.caseUid;
    expect(orders[0]).toMatchObject({ clock: 'C2', agency: 'PROCURATORATE' });
    const timeline = (await reader.timeline(caseUid))!;
    expect(timeline.entries.filter((e) => e.kind === 'warning').map((e) => (e.kind === 'warning' ? `${e.clock} ${e.level}` : ''))).toContain('C2 overdue');
    // The clock counted from the legal date the acknowledgement states, not from when it travelled.
    const record = (await reader.caseRecord(caseUid))!;
    const ledger = (await reader.ledger(caseUid))!.C2!;
    expect(ledger[0]).toMatchObject({ kind: 'clock', action: 'started', estimated: false });
    expect(record.processes.processes.ARREST_REVIEW?.state).toBe('ACCEPTED');
    // The hub node says so in its log/status: alerts are counted, not "alerts 0".
    console.info(`first supervision order ${elapsed} ms after delivery (scan every ${SCAN_MS} ms)`);
  });
});
