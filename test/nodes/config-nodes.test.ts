import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import redisNodeModule from '../../nodes/caselink-redis';
import systemNodeModule from '../../nodes/caselink-system';
import enqueueNodeModule from '../../nodes/caselink-enqueue';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { nodeRedHelper, waitFor, type FlowNode } from '../support/node-red';

const helper = nodeRedHelper();
let redis: RedisServer;
let admin: Redis;

async function clientCount(): Promise<number> {
  const list = await admin.client('LIST');
  // Every line but our own admin connection.
  return String(list)
    .trim()
    .split('\n')
    .filter((line) => line && !line.includes('name=test-admin')).length;
}

beforeAll(async () => {
  redis = await startRedisServer({ aof: true });
  admin = new Redis(redis.url, { connectionName: 'test-admin' });
});
afterAll(async () => {
  await helper.close();
  admin.disconnect();
  await redis.stop();
});
afterEach(async () => {
  await helper.unload();
});

function redisConfig(extra: Record<string, unknown> = {}): FlowNode {
  return { id: 'r1', type: 'caselink-redis', name: 'test redis', mode: 'standalone', url: redis.url, prefix: 'cfg', ...extra };
}

describe('caselink-redis config node', () => {
  it('shares one connection between its users and closes it after the last', async () => {
    const flow: FlowNode[] = [
      redisConfig(),
      { id: 'e1', type: 'caselink-enqueue', z: 'f1', x: 0, y: 0, redis: 'r1', wires: [[]] },
      { id: 'e2', type: 'caselink-enqueue', z: 'f1', x: 0, y: 0, redis: 'r1', wires: [[]] },
      { id: 'f1', type: 'tab', label: 'test' },
    ];
    const before = await clientCount();
    await helper.load([redisNodeModule, enqueueNodeModule], flow);
    const config = helper.getNode('r1');
    await waitFor(() => config.shared.state.state === 'connected');
    expect(config.shared.userCount).toBe(2);
    expect(await clientCount()).toBe(before + 1);
    await helper.unload();
    await waitFor(async () => (await clientCount()) === before);
    expect(config.shared.state.state).toBe('closed');
  });

  it('leaks no connection over repeated redeploys', async () => {
    const flow = (n: number): FlowNode[] => [
      { id: 'f1', type: 'tab', label: 'test' },
      redisConfig({ name: `redeploy ${n}` }),
      { id: 'e1', type: 'caselink-enqueue', z: 'f1', x: 0, y: 0, redis: 'r1', wires: [[]] },
    ];
    const before = await clientCount();
    await helper.load([redisNodeModule, enqueueNodeModule], flow(0));
    for (let n = 1; n <= 5; n++) {
      await helper.setFlows(flow(n));
      await waitFor(() => helper.getNode('r1').shared.state.state === 'connected');
    }
    expect(await clientCount()).toBe(before + 1);
    await helper.unload();
    await waitFor(async () => (await clientCount()) === before);
  });

  it('reports settings it cannot use, in English and Chinese', async () => {
    await helper.load([redisNodeModule], [redisConfig({ mode: 'sentinel', sentinels: 'nohost', masterName: '' })]);
    const config = helper.getNode('r1');
    expect(config.settingsError).toMatch(/sentinels: "nohost" must be host:port/);
    expect(config.settingsError).toMatch(/哨兵主节点组名/);
  });

  it('keeps retrying while Redis refuses (here: the eviction policy) and says why', async () => {
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      await helper.load(
        [redisNodeModule, enqueueNodeModule],
        [{ id: 'f1', type: 'tab', label: 'test' }, redisConfig(), { id: 'e1', type: 'caselink-enqueue', z: 'f1', x: 0, y: 0, redis: 'r1', wires: [[]] }],
      );
      const config = helper.getNode('r1');
      await waitFor(() => config.shared.state.lastError !== undefined);
      expect(config.shared.state).toMatchObject({ state: 'connecting', lastError: expect.stringMatching(/noeviction/) });
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await waitFor(() => config.shared.state.state === 'connected', 10_000);
    } finally {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });
});

describe('caselink-system config node', () => {
  const base = { id: 's1', type: 'caselink-system', kind: 'court', division: '440105' };

  it('takes base URL and secrets from the flow and its credentials', async () => {
    await helper.load([systemNodeModule], [{ ...base, baseUrl: 'http://10.0.0.1:8080/' }], { s1: { appId: 'GZ-PLATFORM', secret: 's3cret' } });
    const node = helper.getNode('s1');
    expect(node.settingsError).toBeUndefined();
    expect(node.instance).toMatchObject({
      kind: 'court',
      division: '440105',
      orgCode: '440105030000',
      baseUrl: 'http://10.0.0.1:8080',
      destination: 'court-440105',
      credentials: { appId: 'GZ-PLATFORM', secret: 's3cret' },
    });
    expect(typeof node.client().send).toBe('function');
  });

  it('falls back to CASELINK_<SYSTEM>_<DISTRICT>_* environment variables', async () => {
    process.env.CASELINK_JUSTICE_440111_URL = 'http://127.0.0.1:9999';
    process.env.CASELINK_JUSTICE_440111_APPID = 'app';
    process.env.CASELINK_JUSTICE_440111_SECRET = 'env-secret';
    try {
      await helper.load([systemNodeModule], [{ ...base, kind: 'justice', division: '440111', baseUrl: '${CASELINK_UNSET_VAR}' }]);
      const node = helper.getNode('s1');
      expect(node.instance).toMatchObject({
        baseUrl: 'http://127.0.0.1:9999',
        orgCode: '440111040000',
        credentials: { appId: 'app', secret: 'env-secret' },
        sources: { baseUrl: 'env', credentials: ['appId', 'secret'] },
      });
    } finally {
      delete process.env.CASELINK_JUSTICE_440111_URL;
      delete process.env.CASELINK_JUSTICE_440111_APPID;
      delete process.env.CASELINK_JUSTICE_440111_SECRET;
    }
  });

  it('names every missing or wrong field', async () => {
    await helper.load([systemNodeModule], [{ ...base, kind: 'psb', division: '440112', orgCode: '440112030000' }]);
    const node = helper.getNode('s1');
    expect(node.instance).toBeUndefined();
    expect(node.settingsError).toContain('orgCode 440112030000 is not served by the psb system');
    expect(node.settingsError).toContain('CASELINK_PSB_440112_URL');
    expect(node.settingsError).toContain('CASELINK_PSB_440112_TOKEN');
  });

  it('needs no address for a receive-only push system, and refuses receive-only for a polled one', async () => {
    await helper.load([systemNodeModule], [{ ...base, kind: 'procuratorate', division: '440111', receiveOnly: true }], { s1: { token: 't0ken' } });
    const node = helper.getNode('s1');
    expect(node.settingsError).toBeUndefined();
    expect(node.instance).toMatchObject({ kind: 'procuratorate', baseUrl: '', receiveOnly: true });
    await helper.unload();
    await helper.load([systemNodeModule], [{ ...base, kind: 'court', division: '440111', receiveOnly: true }], { s1: { appId: 'a', secret: 's' } });
    expect(helper.getNode('s1').settingsError).toContain('cannot be receive-only');
  });
});
