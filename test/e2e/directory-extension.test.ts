/**
 * Any system, any district, by data and packages alone, in real Node-RED 5 and 4.1 runtimes with a
 * real Redis and real HTTP simulators:
 * - an agency's adapter package (packages/caselink-adapter-example, a prison system) installed in
 *   the userDir's node_modules as the palette manager would, registered with the runtime, carrying
 *   a message in (the prison pushes) and out (delivered to the prison);
 * - a fifth district (天河 440106) and a prison added to the org directory as data, the hub flow
 *   generated from the directory, a case carried through them end to end;
 * - a directory change redeployed while messages wait for delivery: nothing is lost.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinAdapter } from '../../adapters/builtins';
import type { AdapterDefinition } from '../../adapters/contract';
import type { Simulator } from '../../adapters/simulator-types';
import type { Credentials } from '../../adapters/types';
import { demoCase } from '../../demo/demo-case';
import { pushToPlatform } from '../../demo/demo-driver';
import { directoryFrom, hubFlow } from '../../directory';
import type { UnifiedMessage } from '../../standard/schema/message';
import { repoRoot, rootRequire, startNodeRed, waitFor, type NodeRedProcess, type RuntimeName } from '../support/node-red';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { PRISON_ORG_CODE, tianheAndPrison } from '../support/directory-additions';

const EXAMPLE_DIR = join(repoRoot(), 'packages', 'caselink-adapter-example');
const EXAMPLE_NAME = '@caselink-example/caselink-adapter-prison';
const example = rootRequire()(EXAMPLE_DIR) as { adapter: AdapterDefinition };

const token = (kind: string): Credentials => ({ token: `tok-${kind}`, appId: 'GZ-PLATFORM', secret: `secret-${kind}` });

interface Instance {
  kind: string;
  division: string;
  adapter: AdapterDefinition;
  simulator?: Simulator;
}

const instances: Instance[] = [
  { kind: 'psb', division: '440106', adapter: builtinAdapter('psb') },
  { kind: 'procuratorate', division: '440106', adapter: builtinAdapter('procuratorate') },
  { kind: 'court', division: '440106', adapter: builtinAdapter('court') },
  { kind: 'prison-mis', division: '440000', adapter: example.adapter },
];
const sim = (kind: string) => instances.find((i) => i.kind === kind)!.simulator!;

function env(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { kind, division, simulator } of instances) {
    const prefix = `CASELINK_${kind.toUpperCase().replace(/-/g, '_')}_${division}`;
    const c = token(kind);
    Object.assign(out, { [`${prefix}_URL`]: simulator!.url, [`${prefix}_TOKEN`]: c.token!, [`${prefix}_APPID`]: c.appId!, [`${prefix}_SECRET`]: c.secret! });
  }
  return out;
}

/** A userDir holding the directory file and the adapter package where the palette manager puts it. */
function userDirWith(directory: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-i13-'));
  writeFileSync(join(dir, 'directory.json'), JSON.stringify(directory, null, 2));
  const target = join(dir, 'node_modules', ...EXAMPLE_NAME.split('/'));
  mkdirSync(target, { recursive: true });
  cpSync(EXAMPLE_DIR, target, { recursive: true });
  return dir;
}

/** The hub generated from the directory; only the groups of `divisions` (the others have no simulators here). */
function flowsFor(directory: unknown, divisions = ['440106', '440000']) {
  const loaded = directoryFrom(directory);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const other = (id: string) => /^caselink-hub-\d{6}-/.test(id) && !divisions.some((d) => id.startsWith(`caselink-hub-${d}-`));
  return hubFlow(loaded.directory, { pollIntervalMs: '200' }).filter((node) => !other(node.id));
}

const received = (simulator: Simulator, messageId: string) => simulator.received.some((r) => r.accepted && r.message?.messageId === messageId);

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer({ aof: true });
  for (const instance of instances)
    instance.simulator = await instance.adapter.startSimulator({ host: '127.0.0.1', port: 0, credentials: token(instance.kind) });
});
afterAll(async () => {
  await Promise.allSettled(instances.flatMap((i) => (i.simulator ? [i.simulator.close()] : [])));
  await redis?.stop();
});

const runtimes: Array<[RuntimeName, number]> = [
  ['node-red', 1],
  ['node-red-4', 5],
];

describe.each(runtimes)('天河, a prison and an adapter package in %s', (runtime, firstCase) => {
  let nodeRed: NodeRedProcess;
  let userDir: string;
  const idPrefix = `I13-${runtime}`;
  const platformEnv = () => ({ ...env(), REDIS_URL: redis.url, CASELINK_DIRECTORY: 'directory.json', CASELINK_POLL_MS: '200' });

  beforeAll(async () => {
    userDir = userDirWith(tianheAndPrison());
    nodeRed = await startNodeRed({ runtime, userDir, flows: flowsFor(tianheAndPrison()), env: platformEnv() });
  }, 60_000);
  afterAll(async () => {
    if (process.env.CASELINK_TEST_LOGS) writeFileSync(join(process.env.CASELINK_TEST_LOGS, `${runtime}.log`), nodeRed?.logs() ?? '');
    await nodeRed?.stop();
    rmSync(userDir, { recursive: true, force: true });
  });

  it('loads the adapter package as a caselink-adapter plugin, with no load errors', async () => {
    const plugins = (await (await fetch(`${nodeRed.url}/plugins`, { headers: { Accept: 'application/json' } })).json()) as Array<{
      module: string;
      enabled: boolean;
      err?: string;
      plugins?: Array<{ type: string }>;
    }>;
    const set = plugins.find((p) => p.module === EXAMPLE_NAME);
    expect(set).toMatchObject({ enabled: true });
    expect(set?.err ?? null).toBeNull();
    expect(set?.plugins?.map((p) => p.type)).toEqual(['caselink-adapter']);
    expect(nodeRed.logs()).not.toMatch(/refused|未被加载|Failed to register/);
  });

  it('offers the package’s system and the directory’s divisions in the editor, and lists them in the console', async () => {
    const get = async <T>(path: string) => (await (await fetch(`${nodeRed.url}${path}`, { headers: { Accept: 'application/json' } })).json()) as T;
    const options = await get<{
      systems: Array<{ kind: string; names: Record<string, string> }>;
      divisions: Array<{ code: string }>;
      instances: Array<{ id: string }>;
    }>('/caselink/system-options');
    expect(options.systems.map((s) => s.kind)).toEqual(['psb', 'procuratorate', 'court', 'justice', 'prison-mis']);
    expect(options.systems.at(-1)!.names['zh-CN']).toBe('监狱 · 监狱信息管理系统（示例）');
    expect(options.divisions.map((d) => d.code)).toContain('440106');
    expect(options.instances.map((i) => i.id)).toEqual(expect.arrayContaining(['psb-440106', 'prison-mis-440000']));

    const listed = await get<{ systems: Array<{ kind: string; agencies: string[] }>; instances: Array<{ id: string; configured: boolean }> }>(
      '/caselink/api/directory',
    );
    expect(listed.systems.find((s) => s.kind === 'prison-mis')).toMatchObject({ agencies: ['PRISON'] });
    const state = Object.fromEntries(listed.instances.map((i) => [i.id, i.configured]));
    expect(state).toMatchObject({ 'psb-440106': true, 'prison-mis-440000': true, 'psb-440105': false });
    const links = await get<{ links: Array<{ destination: string; health: string; state?: string }> }>('/caselink/api/links');
    expect(links.links.find((l) => l.destination === 'court-440105')).toMatchObject({ state: 'unconfigured', health: 'unconfigured' });
    expect(links.links.find((l) => l.destination === 'court-440106')).toMatchObject({ state: 'configured' });
  });

  it('carries a 天河 case from the PSB to the procuratorate (a fifth district added as data)', { timeout: 60_000 }, async () => {
    const [arrest] = demoCase('440106', firstCase, { idPrefix });
    const outcome = await pushToPlatform(`${nodeRed.url}/caselink/psb/440106`, 'psb', arrest!.message, token('psb'));
    expect(outcome.kind).toBe('accepted');
    await waitFor(() => received(sim('procuratorate'), arrest!.message.messageId), 20_000);
    const delivered = sim('procuratorate').received.find((r) => r.accepted && r.message?.messageId === arrest!.message.messageId)!;
    expect(delivered.message).toMatchObject({ receiver: { orgCode: '440106020000' }, caseUid: expect.stringMatching(/^GZ-440106-\d{4}-\d{6}$/) });
  });

  it(
    'delivers the 天河 court’s execution notice to the prison through the adapter package, and the prison’s receipt back to the court',
    { timeout: 60_000 },
    async () => {
      const steps = demoCase('440106', firstCase + 1, { idPrefix });
      const fromCourt = steps.find((s) => s.from === 'court')!.message;
      const notice = {
        ...fromCourt,
        // A unit code (统一社会信用代码) is new in standard 1.1.
        standardVersion: '1.1',
        messageId: `${idPrefix}-EXEC-${firstCase}`,
        messageType: 'EXECUTION_NOTICE',
        process: 'EXECUTION_HANDOVER',
        receiver: { agency: 'PRISON', division: '440000', orgCode: PRISON_ORG_CODE },
        payload: { executor: 'PRISON' },
      } as unknown as UnifiedMessage;
      sim('court').addToOutbox!(notice);
      await waitFor(() => received(sim('prison-mis'), notice.messageId), 20_000);
      const atPrison = sim('prison-mis').received.find((r) => r.accepted && r.message?.messageId === notice.messageId)!;
      expect(atPrison.headers['x-jygl-token']).toBe('tok-prison-mis');
      expect(atPrison.message).toMatchObject({
        messageType: 'EXECUTION_NOTICE',
        receiver: { agency: 'PRISON', orgCode: PRISON_ORG_CODE },
        sender: { orgCode: '440106030000' },
      });

      // The prison's execution receipt (执行回执), pushed in its own format, delivered to the court in the court's.
      const admission = {
        ...fromCourt,
        standardVersion: '1.1',
        messageId: `${idPrefix}-RCPT-${firstCase}`,
        messageType: 'EXECUTION_RECEIPT',
        process: 'EXECUTION_HANDOVER',
        sender: { agency: 'PRISON', division: '440000', orgCode: PRISON_ORG_CODE },
        receiver: { agency: 'COURT', division: '440106', orgCode: '440106030000' },
        payload: { receivedAt: '2023-03-01' },
        inReplyTo: notice.messageId,
      } as unknown as UnifiedMessage;
      const request = example.adapter.codec.encode(admission, { credentials: token('prison-mis') });
      const answer = await fetch(`${nodeRed.url}/caselink/prison-mis/440000`, { method: 'POST', headers: request.headers, body: request.body });
      expect(await answer.json()).toEqual({ code: '0', msg: '接收成功' });
      await waitFor(() => received(sim('court'), admission.messageId), 20_000);

      // A message the package decodes but the standard refuses is answered "refused", never passed on.
      const bad = example.adapter.codec.encode(
        { ...admission, messageId: `${idPrefix}-BAD-${firstCase}`, receiver: { ...admission.receiver, orgCode: '440106030001' } },
        { credentials: token('prison-mis') },
      );
      const refused = (await (await fetch(`${nodeRed.url}/caselink/prison-mis/440000`, { method: 'POST', headers: bad.headers, body: bad.body })).json()) as {
        code: string;
        msg: string;
      };
      expect(refused.code).toBe('2');
      expect(refused.msg).toMatch(/receiver\.orgCode/);
    },
  );

  it('loses nothing when a changed directory is redeployed with messages waiting for delivery', { timeout: 90_000 }, async () => {
    const procuratorate = sim('procuratorate');
    procuratorate.setFault({ fault: { kind: 'http', status: 503 } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [arrest] = demoCase('440106', firstCase + 10 + i, { idPrefix: `${idPrefix}-R` });
      expect((await pushToPlatform(`${nodeRed.url}/caselink/psb/440106`, 'psb', arrest!.message, token('psb'))).kind).toBe('accepted');
      ids.push(arrest!.message.messageId);
    }
    // In flight: delivery attempts are being refused (503) and the messages wait for their retry.
    await waitFor(() => procuratorate.received.some((r) => r.status === 503), 10_000);
    // The directory grows (越秀 440104 gets a detention centre unit) and the generated hub is redeployed.
    const grown = tianheAndPrison();
    (grown.units as unknown[]).push({
      orgCode: '440104050000',
      agency: 'DETENTION_CENTER',
      division: '440104',
      name: { 'zh-CN': '广州市越秀区看守所', 'en-US': 'Yuexiu District Detention Centre' },
    });
    writeFileSync(join(userDir, 'directory.json'), JSON.stringify(grown, null, 2));
    const deploy = await fetch(`${nodeRed.url}/flows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify(flowsFor(grown)),
    });
    expect(deploy.status).toBe(204);
    procuratorate.setFault(null);
    await waitFor(() => ids.every((id) => received(procuratorate, id)), 40_000);
    for (const id of ids) expect(procuratorate.received.filter((r) => r.accepted && r.message?.messageId === id)).toHaveLength(1);
  });
});

describe('an adapter package whose standard version this CaseLink does not read', () => {
  it('is refused at load with a bilingual error naming it; its instances are not served', { timeout: 60_000 }, async () => {
    const userDir = userDirWith(tianheAndPrison());
    const flows = flowsFor(tianheAndPrison(), ['440000']).filter((n) => n.type === 'tab' || n.type === 'caselink-redis' || String(n.id).includes('440000'));
    const nodeRed = await startNodeRed({
      userDir,
      flows,
      env: { ...env(), REDIS_URL: redis.url, CASELINK_DIRECTORY: 'directory.json', CASELINK_EXAMPLE_STANDARD_VERSION: '9.9' },
    });
    try {
      await nodeRed.waitForLog(/adapter "prison-mis" refused: standardVersion: maps to standard version 9\.9, this CaseLink reads 1\.0, 1\.1/, 10_000, true);
      expect(nodeRed.logs()).toMatch(/适配的标准版本为9\.9/);
      expect(nodeRed.logs()).toMatch(/kind "prison-mis" is not a registered adapter/);
    } finally {
      await nodeRed.stop();
      rmSync(userDir, { recursive: true, force: true });
    }
  });
});
