/**
 * One cryptography profile per Redis for every runtime, attachment store or not: two real Node-RED
 * runtimes (child processes, no attachment store) on one real Redis. The second, of the other
 * profile, is refused by its Redis config node with the bilingual reason and never takes a message;
 * `caselink audit migrate-profile` (runtimes stopped) archives the old chain and moves the Redis over;
 * then the other side is the one refused.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../dist/cli/main.js';
import { verifyJsonlFile } from '../../dist/security/audit-log.js';
import { startNodeRed, type NodeRedProcess } from '../support/node-red';
import { sharedRedis } from '../support/shared-redis';

const PREFIX = `prof${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'caselink-profile-'));
const redisUrl = sharedRedis().url;
let admin: Redis;
const started: NodeRedProcess[] = [];

beforeAll(() => {
  admin = new Redis(redisUrl);
});
afterAll(async () => {
  for (const runtime of started) await runtime.stop();
  admin.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const flows = [
  { id: 'f1', type: 'tab', label: 'profile' },
  { id: 'redis', type: 'caselink-redis', mode: 'standalone', url: redisUrl, prefix: PREFIX, durability: 'none' },
  { id: 'sys-psb', type: 'caselink-system', kind: 'psb', division: '440105', receiveOnly: true },
  { id: 'in', type: 'caselink-in', z: 'f1', x: 100, y: 100, system: 'sys-psb', redis: 'redis', wires: [[]] },
];

async function runtime(profile: 'standard' | 'national'): Promise<NodeRedProcess> {
  const nodeRed = await startNodeRed({
    flows,
    // A runtime of the other profile is refused by the Redis node: the test reads its log instead.
    waitForRedis: false,
    env: { CASELINK_CRYPTO_PROFILE: profile, CASELINK_ATTACHMENT_STORE: 'off', CASELINK_PSB_440105_TOKEN: 'profile-test-token' },
  });
  started.push(nodeRed);
  return nodeRed;
}

async function stop(nodeRed: NodeRedProcess): Promise<void> {
  await nodeRed.stop();
  started.splice(started.indexOf(nodeRed), 1);
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

it('refuses a runtime of the other profile on the same Redis until migrated, without any attachment store', async () => {
  const standard = await runtime('standard');
  await standard.waitForLog(/connected to/, 20_000, true);
  expect(await admin.get(`${PREFIX}:{audit}:crypto-profile`)).toBe('standard');

  const national = await runtime('national');
  await national.waitForLog(/refused: .*"standard" cryptography profile.*"national".*混用/, 20_000, true);
  expect(national.logs()).not.toMatch(/connected to/);
  expect(await admin.get(`${PREFIX}:{audit}:crypto-profile`)).toBe('standard');

  await stop(national);
  await stop(standard);
  const chain = await admin.llen(`${PREFIX}:{audit}:log`);
  const archive = join(dir, 'standard-chain.jsonl');
  const moved = await cli('audit', 'migrate-profile', '--to', 'national', '--file', archive, '--redis', redisUrl, '--prefix', PREFIX);
  expect(moved.err).toBe('');
  expect(moved.code).toBe(0);
  expect(moved.out).toMatch(new RegExp(`from standard to national: ${chain} audit records archived`));
  expect(await admin.get(`${PREFIX}:{audit}:crypto-profile`)).toBe('national');
  expect(await admin.llen(`${PREFIX}:{audit}:log`)).toBe(0);
  if (chain > 0) {
    expect(existsSync(archive)).toBe(true);
    expect(await verifyJsonlFile(archive)).toMatchObject({ ok: true, count: chain });
    expect(await admin.keys(`${PREFIX}:{audit}:log:archived:standard:*`)).toHaveLength(1);
  }
  expect((await cli('audit', 'migrate-profile', '--to', 'national', '--file', archive, '--redis', redisUrl, '--prefix', PREFIX)).out).toMatch(
    /already holds the national profile/,
  );

  const nationalAgain = await runtime('national');
  await nationalAgain.waitForLog(/connected to/, 20_000, true);
  const standardAgain = await runtime('standard');
  await standardAgain.waitForLog(/refused: .*"national" cryptography profile.*"standard"/, 20_000, true);
  expect(standardAgain.logs()).not.toMatch(/connected to/);
  // The new chain is an SM3 chain: `caselink audit verify` reads it.
  const verified = await cli('audit', 'verify', '--redis', redisUrl, '--prefix', PREFIX);
  expect(verified.code, verified.err).toBe(0);
}, 180_000);
