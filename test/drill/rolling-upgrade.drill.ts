/**
 * Rolling upgrade (issue 17, item 9; part of `npm run drill`: building the previous release takes
 * minutes the first time). The previous release (git commit PREVIOUS, built in the OS temp
 * directory, see test/support/previous-release.ts) and this checkout run as two real Node-RED 5
 * runtimes, each with its own package, settings file and flows/hub.json, on one redis-server with
 * one CASELINK_INTEGRITY_KEY, in front of the sixteen legacy simulators:
 *   1. the previous release alone carries cases (and stores one for a receiver that is down);
 *   2. the new release joins; pushes go to both (round robin, as a load balancer would); stored
 *      envelopes, message-id ownership, Lua scripts and the audit chain are checked both ways;
 *   3. the previous release is taken out of the balancer and stopped mid-traffic; the new one
 *      delivers what the old one stored and carries every case to its end.
 * Every case must arrive exactly once and in order at every system, nothing may be refused or
 * dead-lettered, the audit chain must verify with both releases' code.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIVISION_CODES, type Division } from '../../standard/codes/divisions';
import { demoCase, type DemoStep } from '../../demo/demo-case';
import { awaitStep, pushToPlatform, sendStep, type DriveOptions } from '../../demo/demo-driver';
import { startSimulatorFleet, type SimulatorFleet } from '../../demo/simulator-fleet';
import { repoRoot, startNodeRed, type NodeRedProcess } from '../support/node-red';
import { expectExactlyOnceInOrder } from '../support/platform';
import { previousRelease, resolveCommit } from '../support/previous-release';
import { startRedisServer, type RedisServer } from '../support/redis-server';

const PREVIOUS = process.env.CASELINK_PREVIOUS_RELEASE ?? 'c718b75';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let previousDir = '';
let redis: RedisServer;
let client: Redis;
let fleet: SimulatorFleet;
let oldHub: NodeRedProcess | undefined;
let newHub: NodeRedProcess | undefined;
const integrityKey = randomBytes(32).toString('base64');
const figures: Record<string, unknown> = {};

/** The hubs the "load balancer" sends pushes to, round robin. */
let balanced: NodeRedProcess[] = [];
let turn = 0;

function commonEnv(): Record<string, string> {
  return {
    ...fleet.env(),
    REDIS_URL: redis.url,
    CASELINK_INTEGRITY_KEY: integrityKey,
    CASELINK_POLL_MS: '100',
    CASELINK_RETRY_INITIAL_MS: '200',
    CASELINK_RETRY_MAX_MS: '1000',
    // Receivers are down for a while on purpose: retry rather than dead-letter meanwhile.
    CASELINK_MAX_ATTEMPTS: '1000',
  };
}

function hubFlow(dir: string): unknown[] {
  return JSON.parse(readFileSync(join(dir, 'flows', 'hub.json'), 'utf8')) as unknown[];
}

async function startHub(dir: string): Promise<NodeRedProcess> {
  return startNodeRed({
    flows: hubFlow(dir),
    settingsFile: join(dir, 'settings', 'settings.js'),
    env: { ...commonEnv(), CASELINK_PACKAGE_DIR: dir },
    startTimeoutMs: 180_000,
    // The previous release may log its connection differently: the drill waits on its own checks.
    waitForRedis: false,
  });
}

beforeAll(async () => {
  previousDir = await previousRelease(PREVIOUS);
  redis = await startRedisServer({ aof: true });
  client = new Redis(redis.url);
  fleet = await startSimulatorFleet();
  oldHub = await startHub(previousDir);
}, 1_200_000);

afterAll(async () => {
  await oldHub?.stop();
  await newHub?.stop();
  await fleet?.close();
  client?.disconnect();
  await redis?.stop();
});

function drive(caseMemory: { caseUid?: string }, only?: () => NodeRedProcess): DriveOptions {
  return {
    inboundUrl: (kind, division) => {
      const hub = only ? only() : balanced[turn++ % balanced.length]!;
      return `${hub.url}/caselink/${kind}/${division}`;
    },
    simulator: (kind, division) => fleet.get(kind, division),
    credentials: (kind, division) => fleet.credentials(kind, division),
    stepTimeoutMs: 90_000,
    caseMemory,
  };
}

async function driveSteps(steps: DemoStep[], division: Division, options: DriveOptions): Promise<void> {
  for (const step of steps) {
    await sendStep(step, division, options);
    await awaitStep(step, division, options);
  }
}

interface StoredPayload {
  destination: string;
  messageId: string;
  payload: string;
}

async function scanKeys(pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** Every payload the core holds right now: stream entries' `p` and the `p<id>` fields of `msgs`. */
async function storedPayloads(): Promise<StoredPayload[]> {
  const found: StoredPayload[] = [];
  const destinationOf = (key: string) => /\{dest:([^}]+)\}/.exec(key)![1]!;
  for (const key of await scanKeys('cl:{dest:*}:stream')) {
    for (const [, fields] of await client.xrange(key, '-', '+')) {
      const entry: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) entry[fields[i]!] = fields[i + 1]!;
      if (entry.p !== undefined && entry.m !== undefined) found.push({ destination: destinationOf(key), messageId: entry.m, payload: entry.p });
    }
  }
  for (const key of await scanKeys('cl:{dest:*}:msgs')) {
    for (const [field, value] of Object.entries(await client.hgetall(key))) {
      if (field.startsWith('p')) found.push({ destination: destinationOf(key), messageId: field.slice(1), payload: value });
    }
  }
  return found;
}

type Codec = { unwrap(forwarded: { messageId: string }, destination: string): { messageId: string } };

function codecOf(dir: string, module: string): Codec {
  const req = createRequire(join(dir, 'package.json'));
  return req(join(dir, 'dist', module)).createPlatformCodec({ CASELINK_INTEGRITY_KEY: integrityKey }).codec as Codec;
}

/** name → sha1 of the Lua text each release sends to Redis (core scripts). */
function coreScripts(dir: string): Record<string, { sha: string; keys: number }> {
  const req = createRequire(join(dir, 'package.json'));
  const scripts = req(join(dir, 'dist', 'core', 'scripts', 'index.js')).SCRIPTS as Record<
    string,
    { lua: string; numberOfKeys?: number; keys?: readonly string[] }
  >;
  return Object.fromEntries(
    Object.entries(scripts).map(([name, s]) => [name, { sha: createHash('sha1').update(s.lua).digest('hex'), keys: s.numberOfKeys ?? s.keys!.length }]),
  );
}

async function verifyAuditChain(dir: string, module: string): Promise<{ ok: boolean; count: number; reason?: string }> {
  const req = createRequire(join(dir, 'package.json'));
  const { AuditLog } = req(join(dir, 'dist', module));
  const verifier = new Redis(redis.url);
  try {
    return await new AuditLog(verifier, { prefix: 'cl' }).verify();
  } finally {
    verifier.disconnect();
  }
}

function unreadableLines(logs: string): string[] {
  return logs.split('\n').filter((line) => /tamper|not a sealed|cannot be read|unreadable|WRONGTYPE|NOSCRIPT|ERR Error running script|篡改/i.test(line));
}

describe(`rolling upgrade from ${PREVIOUS} to this checkout on one Redis`, { timeout: 900_000 }, () => {
  it('loses nothing and refuses nothing as unreadable while the old instance runs beside the new one and is stopped', async () => {
    const started = Date.now();
    const [d1, d2, d3, d4] = DIVISION_CODES as readonly Division[];
    const c1 = demoCase(d1!, 1, { idPrefix: 'RU-A' });
    const c2 = demoCase(d2!, 2, { idPrefix: 'RU-B' });
    const c3 = demoCase(d3!, 3, { idPrefix: 'RU-C' });
    const c4 = demoCase(d4!, 4, { idPrefix: 'RU-D' });
    const m1 = {},
      m2 = {},
      m3 = {},
      m4 = {};
    expect(c2[0]!.from).toBe('psb'); // a pushed first step
    const oldOnly = () => oldHub!;
    const newOnly = () => newHub!;

    // 1. The previous release alone.
    balanced = [oldHub!];
    await driveSteps(c1.slice(0, 3), d1!, drive(m1));
    const downB = fleet.get(c2[0]!.to, d2!);
    downB.setFault({ fault: { kind: 'down' } });
    await sendStep(c2[0]!, d2!, drive(m2, oldOnly)); // stored by the old release, receiver down

    // 2. The new release joins (same Redis, same integrity key).
    newHub = await startHub(repoRoot());
    balanced = [oldHub!, newHub];
    const downD = fleet.get(c4[0]!.to, d4!);
    downD.setFault({ fault: { kind: 'down' } });
    await sendStep(c4[0]!, d4!, drive(m4, newOnly)); // stored by the new release, receiver down
    await sleep(500);

    // Stored envelopes: what either release wrote, either release reads.
    const stored = await storedPayloads();
    const ids = stored.map((s) => s.messageId);
    expect(ids).toContain(c2[0]!.message.messageId);
    expect(ids).toContain(c4[0]!.message.messageId);
    const oldCodec = codecOf(previousDir, 'platform/stored-codec.js');
    const newCodec = codecOf(repoRoot(), 'security/stored-codec.js');
    for (const s of stored) {
      const forwarded = JSON.parse(s.payload) as { messageId: string };
      expect(oldCodec.unwrap(forwarded, s.destination).messageId, `old reads ${s.messageId}`).toBe(s.messageId);
      expect(newCodec.unwrap(forwarded, s.destination).messageId, `new reads ${s.messageId}`).toBe(s.messageId);
    }
    figures.storedPayloadsCheckedBothWays = stored.length;

    // Lua scripts: the same texts (so the same SHA1 in Redis' script cache) and key counts.
    const oldScripts = coreScripts(previousDir);
    const newScripts = coreScripts(repoRoot());
    for (const [name, s] of Object.entries(oldScripts)) expect(newScripts[name], `core script ${name}`).toEqual(s);
    figures.coreScriptsIdentical = Object.keys(oldScripts).length;
    figures.coreScriptsNew = Object.keys(newScripts).filter((n) => !(n in oldScripts));

    // Message-id ownership: a sender's resend is a duplicate at either release, whichever took it first.
    const resend = async (hub: NodeRedProcess, step: DemoStep, division: Division) =>
      (await pushToPlatform(`${hub.url}/caselink/${step.from}/${division}`, step.from, step.message, fleet.credentials(step.from, division))).kind;
    expect(await resend(newHub, c2[0]!, d2!), 'new release, id first taken by the old').toBe('duplicate');
    expect(await resend(oldHub!, c4[0]!, d4!), 'old release, id first taken by the new').toBe('duplicate');
    expect(await resend(oldHub!, c2[0]!, d2!)).toBe('duplicate');
    const ownerKeys = await scanKeys('cl:idown:*');
    figures.ownerKeysWhileBoth = ownerKeys.length;

    // Traffic through both.
    await Promise.all([driveSteps(c1.slice(3, 6), d1!, drive(m1)), driveSteps(c3.slice(0, 4), d3!, drive(m3))]);

    // 3. Out of the balancer, then stopped, while cases flow.
    const rest = Promise.all([driveSteps(c1.slice(6), d1!, drive(m1)), driveSteps(c3.slice(4), d3!, drive(m3))]);
    await sleep(1500);
    balanced = [newHub];
    await sleep(300);
    const oldLogs = () => oldHub!.logs();
    const stopAt = Date.now();
    await oldHub!.stop();
    figures.oldStopMs = Date.now() - stopAt;
    const oldLog = oldLogs();
    oldHub = undefined;
    downB.setFault(null);
    downD.setFault(null);
    const upAt = Date.now();
    await awaitStep(c2[0]!, d2!, drive(m2));
    figures.oldStoredDeliveredAfterMs = Date.now() - upAt;
    await awaitStep(c4[0]!, d4!, drive(m4));
    await rest;
    await Promise.all([driveSteps(c2.slice(1), d2!, drive(m2)), driveSteps(c4.slice(1), d4!, drive(m4))]);

    expectExactlyOnceInOrder(fleet, c1, d1!, 'RU-A');
    expectExactlyOnceInOrder(fleet, c2, d2!, 'RU-B');
    expectExactlyOnceInOrder(fleet, c3, d3!, 'RU-C');
    expectExactlyOnceInOrder(fleet, c4, d4!, 'RU-D');

    // Nothing dead-lettered, nothing refused as unreadable, nothing left.
    let dead = 0;
    for (const key of await scanKeys('cl:{dest:*}:dead')) dead += await client.hlen(key);
    expect(dead, 'dead letters').toBe(0);
    // The runtimes' logs, kept for reading (warnings and errors counted in the figures).
    const logDir = mkdtempSync(join(tmpdir(), 'caselink-rolling-upgrade-'));
    writeFileSync(join(logDir, 'old.log'), oldLog);
    writeFileSync(join(logDir, 'new.log'), newHub.logs());
    const problems = (log: string) => log.split('\n').filter((line) => /\[(error|warn)\]/i.test(line));
    figures.logs = { dir: 'OS temp dir', oldWarningsAndErrors: problems(oldLog).length, newWarningsAndErrors: problems(newHub.logs()).length };
    console.log(`rolling upgrade: runtime logs in ${logDir}`);
    expect(unreadableLines(oldLog), 'old release log').toEqual([]);
    expect(unreadableLines(newHub.logs()), 'new release log').toEqual([]);

    // The audit chain both releases appended to verifies with either release's code.
    const byNew = await verifyAuditChain(repoRoot(), 'security/audit-log.js');
    const byOld = await verifyAuditChain(previousDir, 'security/audit-log.js');
    expect(byNew.ok, JSON.stringify(byNew)).toBe(true);
    expect(byOld.ok, JSON.stringify(byOld)).toBe(true);
    figures.auditRecords = byNew.count;

    const steps = c1.length + c2.length + c3.length + c4.length;
    Object.assign(figures, {
      previous: resolveCommit(PREVIOUS),
      current: resolveCommit('HEAD'),
      cases: 4,
      documentsDelivered: steps,
      lost: 0,
      duplicates: 0,
      deadLetters: dead,
      seconds: Math.round((Date.now() - started) / 1000),
    });
    const out = join(repoRoot(), 'bench', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'drill-rolling-upgrade.json'),
      `${JSON.stringify({ date: new Date().toISOString(), redis: 'redis-server (AOF)', runtime: 'Node-RED 5', ...figures }, null, 2)}\n`,
    );
  });
});
