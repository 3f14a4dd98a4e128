/**
 * The package loaded into real Node-RED runtimes — 5.x and 4.1 (users who have not upgraded) —
 * with the hub flow: every node set loads, the flow starts, and a document goes through.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCase } from '../../platform/demo-case';
import { hasReceived, pushToPlatform } from '../../platform/demo-driver';
import { startSimulatorFleet, type SimulatorFleet } from '../../platform/simulator-fleet';
import { repoRoot, startNodeRed, waitFor, type RuntimeName } from '../support/node-red';
import { startRedisServer, type RedisServer } from '../support/redis-server';

const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
const hub = JSON.parse(readFileSync(join(repoRoot(), 'flows', 'hub.json'), 'utf8'));
let redis: RedisServer;
let fleet: SimulatorFleet;

beforeAll(async () => {
  redis = await startRedisServer({ aof: true });
  fleet = await startSimulatorFleet();
});
afterAll(async () => {
  await fleet?.close();
  await redis?.stop();
});

const runtimes: Array<[RuntimeName, RegExp]> = [
  ['node-red', /^5\./],
  ['node-red-4', /^4\.1\./],
];

describe.each(runtimes)('the package in %s', (runtime, version) => {
  it('loads every node, starts the hub flow and carries a document', { timeout: 90_000 }, async () => {
    const nodeRed = await startNodeRed({
      runtime,
      flows: hub,
      env: { ...fleet.env(), REDIS_URL: redis.url, CASELINK_POLL_MS: '200' },
    });
    try {
      const settings = await (await fetch(`${nodeRed.url}/settings`)).json();
      expect(settings.version).toMatch(version);
      const sets = (await (await fetch(`${nodeRed.url}/nodes`, { headers: { Accept: 'application/json' } })).json()) as Array<{
        module: string;
        types: string[];
        enabled: boolean;
        loaded: boolean;
        err?: string;
      }>;
      const ours = sets.filter((s) => s.module === pkg.name);
      expect(ours.flatMap((s) => s.types).sort()).toEqual(Object.keys(pkg['node-red'].nodes).sort());
      for (const set of ours) expect({ ...set, err: set.err ?? null }).toMatchObject({ enabled: true, err: null });
      expect(nodeRed.logs()).not.toMatch(/Waiting for missing types/);

      const [step] = demoCase('440112', 1, { idPrefix: `SMOKE-${runtime}` });
      const outcome = await waitFor(async () => {
        const o = await pushToPlatform(`${nodeRed.url}/caselink/psb/440112`, 'psb', step!.message, fleet.credentials('psb', '440112'));
        return o.kind === 'accepted' || o.kind === 'duplicate' ? o : undefined;
      }, 20_000, 200);
      expect(outcome.kind).toMatch(/accepted|duplicate/);
      await waitFor(() => hasReceived(fleet.get('procuratorate', '440112'), step!.message.messageId), 20_000);
    } finally {
      await nodeRed.stop();
    }
  });
});
