/**
 * Integrity and audit through the real running platform (Node-RED with the hub flow for one
 * district, real redis-server, simulators): a message altered while stored is dead-lettered as
 * tampered and never delivered; an edited audit record is named by `caselink audit verify`;
 * deploys are audited; when the audit log cannot be written, ingestion stops with the sender's
 * busy answer and says why, and resumes once it can.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { destinationKeys } from '../../core/keys';
import { demoCase } from '../../demo/demo-case';
import { hasReceived } from '../../demo/demo-driver';
import type { SimulatorFleet } from '../../demo/simulator-fleet';
import type { Division } from '../../standard/codes/divisions';
import { repoRoot, waitFor, type NodeRedProcess } from '../support/node-red';
import type { RedisServer } from '../support/redis-server';
import { FAST_FORWARDING_ENV, platformForFile, startDistrictPlatform } from '../support/platform';
import { auditRecords, encoded, pushRaw } from './support';

const D: Division = '440105';
const AUDIT_KEY = 'cl:{audit}:log';
let redis: RedisServer;
let admin: Redis;
let fleet: SimulatorFleet;
let nodeRed: NodeRedProcess;
platformForFile(
  () => startDistrictPlatform(D, { ...FAST_FORWARDING_ENV, CASELINK_RETRY_MAX_MS: '500', CASELINK_MAX_ATTEMPTS: '100' }),
  (platform) => ({ redis, admin, fleet, nodeRed } = platform),
  120_000,
);

const psbUrl = () => `${nodeRed.url}/caselink/psb/${D}`;
const push = (message: Parameters<typeof encoded>[1]) => {
  const { body, headers } = encoded('psb', message, fleet.credentials('psb', D));
  return pushRaw(psbUrl(), 'psb', body, headers);
};

/**
 * A status text as an English editor shows it: fixed texts arrive as catalogue keys
 * (`caselink-in.status.audit-down`) that the editor translates into its own language.
 */
function shownInEditor(text: string): string {
  const key = /^(caselink-[a-z]+)\.(status\.[\w-]+)$/.exec(text);
  if (!key) return text;
  const catalogue = JSON.parse(readFileSync(join(repoRoot(), 'nodes', 'locales', 'en-US', `${key[1]}.json`), 'utf8')) as Record<string, unknown>;
  const found = key[2]!.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], catalogue[key[1]!]);
  return typeof found === 'string' ? found : text;
}

/** Node status texts as the editor shows them (the runtime's comms websocket, keys translated). */
async function watchStatus(): Promise<{ texts: string[]; close(): void }> {
  const texts: string[] = [];
  const socket = new WebSocket(`${nodeRed.url.replace(/^http/, 'ws')}/comms`);
  socket.addEventListener('message', (event) => {
    for (const item of [JSON.parse(String(event.data))].flat() as Array<{ topic?: string; data?: { text?: string } }>) {
      if (item.topic?.startsWith('status/') && item.data?.text) texts.push(shownInEditor(item.data.text));
    }
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  socket.send(JSON.stringify({ subscribe: 'status/#' }));
  return { texts, close: () => socket.close() };
}

function caselinkCli(...args: string[]): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, [join(repoRoot(), 'bin', 'caselink.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, REDIS_URL: redis.url },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('integrity and audit through the real runtime', { timeout: 60_000 }, () => {
  it('dead-letters a message altered while stored in Redis as tampered; the receiver gets nothing of it', async () => {
    const steps = demoCase(D, 31, { idPrefix: 'SEC-T' });
    const [head, altered] = [steps[0]!.message, steps[3]!.message]; // both PSB → procuratorate, one case
    const procuratorate = fleet.get('procuratorate', D);
    const keys = destinationKeys('cl', `procuratorate-${D}`);
    // The procuratorate is unavailable: the case's first message retries, the second waits behind it, stored in Redis.
    procuratorate.setFault({ fault: { kind: 'http', status: 503 } });
    try {
      expect((await push(head)).outcome.kind).toBe('accepted');
      expect((await push(altered)).outcome.kind).toBe('accepted');
      const stored = await waitFor(() => admin.hget(keys.msgs, `p${altered.messageId}`), 10_000);
      const edited = stored.replace('盗窃', '抢劫');
      expect(edited).not.toBe(stored);
      await admin.hset(keys.msgs, `p${altered.messageId}`, edited);
    } finally {
      procuratorate.setFault(null);
    }
    await waitFor(() => hasReceived(procuratorate, head.messageId), 20_000);
    const letter = await waitFor(() => admin.hget(keys.dead, altered.messageId), 20_000);
    expect(JSON.parse(letter).reason).toMatch(/^tampered: .*altered after ingress/);
    expect(procuratorate.received.some((r) => r.message?.messageId === altered.messageId || r.body.includes(altered.messageId))).toBe(false);
    const records = await auditRecords(admin);
    expect(records).toContainEqual(expect.objectContaining({ action: 'tamper', subject: altered.messageId, outcome: 'dead-letter' }));
  });

  it('names an edited audit record: caselink audit verify exits 2 with its seq, and 0 once restored', async () => {
    const before = caselinkCli('audit', 'verify', '--redis', redis.url);
    expect(before.status, before.out).toBe(0);
    const original = (await admin.lindex(AUDIT_KEY, 2))!;
    const record = JSON.parse(original) as { seq: number; outcome: string };
    await admin.lset(AUDIT_KEY, 2, JSON.stringify({ ...record, outcome: 'nothing to see here' }));
    const broken = caselinkCli('audit', 'verify', '--redis', redis.url);
    expect(broken.status).toBe(2);
    expect(broken.out).toMatch(new RegExp(`BROKEN .*first broken link at seq ${record.seq}`));
    await admin.lset(AUDIT_KEY, 2, original);
    expect(caselinkCli('audit', 'verify', '--redis', redis.url).status).toBe(0);
  });

  it('records a deploy (Node-RED admin API) as a configuration change', async () => {
    const flows = await (await fetch(`${nodeRed.url}/flows`)).json();
    const deploy = await fetch(`${nodeRed.url}/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify(flows),
    });
    expect(deploy.ok, await deploy.text()).toBe(true);
    await waitFor(async () => (await auditRecords(admin)).some((r) => r.action === 'config-change' && r.subject === 'node-red:flows.set'), 20_000);
    // The redeployed flow serves again.
    const message = demoCase(D, 33, { idPrefix: 'SEC-D' })[0]!.message;
    await waitFor(async () => (await push(message)).outcome.kind === 'accepted', 20_000, 200);
  });

  it('stops ingestion with the busy answer while the audit log cannot be written, says why, and resumes', async () => {
    const steps = demoCase(D, 32, { idPrefix: 'SEC-A' });
    const message = steps[0]!.message;
    const status = await watchStatus();
    // The chain's tail damaged: no record can be chained to it.
    // Read and damage the tail in one step: a delivery audit still in flight from the previous test
    // could otherwise be appended in between and be overwritten by the "repair" below.
    const [tail, length] = (await admin.eval(
      "local t = redis.call('LINDEX', KEYS[1], -1); redis.call('LSET', KEYS[1], -1, ARGV[1]); return {t, redis.call('LLEN', KEYS[1])}",
      1,
      AUDIT_KEY,
      'not an audit record',
    )) as [string, number];
    try {
      const refused = await push(message);
      expect(refused.outcome).toMatchObject({ kind: 'retryable', code: '9' });
      expect((refused.outcome as { reason: string }).reason).toMatch(/audit chain tail is unreadable.*caselink audit verify/);
      await nodeRed.waitForLog(/audit log cannot be written, so no input is accepted/, 10_000, true);
      await waitFor(() => status.texts.some((text) => /audit log unavailable: ingestion stopped/.test(text)), 10_000);
      expect(hasReceived(fleet.get('procuratorate', D), message.messageId)).toBe(false);
    } finally {
      // Nothing can be chained after a damaged tail, so it is still at the same index.
      await admin.lset(AUDIT_KEY, length - 1, tail);
      status.close();
    }
    const accepted = await waitFor(
      async () => {
        const answer = await push(message);
        return answer.outcome.kind === 'accepted' ? answer : undefined;
      },
      20_000,
      200,
    );
    expect(accepted.outcome.kind).toBe('accepted');
    await waitFor(() => hasReceived(fleet.get('procuratorate', D), message.messageId), 20_000);
    await nodeRed.waitForLog(/audit log is writable again/, 10_000, true);
    expect(caselinkCli('audit', 'verify', '--redis', redis.url).status).toBe(0);
  });
});
