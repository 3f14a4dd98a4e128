import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import redisModule from '../../nodes/caselink-redis';
import trackModule from '../../nodes/caselink-track';
import { demoCase } from '../../demo/demo-case';
import { type RedisServer } from '../support/redis-server';
import { sharedRedis } from '../support/shared-redis';
import { collect, nodeRedHelper, waitFor, type FlowNode } from '../support/node-red';

const helper = nodeRedHelper();
let redis: RedisServer;

beforeAll(async () => {
  redis = sharedRedis('durable');
});
afterAll(async () => {
  await helper.close();
  await redis.stop();
});
afterEach(async () => {
  await helper.unload();
});

async function load(prefix: string): Promise<void> {
  const flow: FlowNode[] = [
    { id: 'f1', type: 'tab', label: 'track' },
    { id: 'redis', type: 'caselink-redis', mode: 'standalone', url: redis.url, prefix, durability: 'fsync-always' },
    { id: 'track', type: 'caselink-track', z: 'f1', x: 0, y: 0, redis: 'redis', scanIntervalMs: '1000', wires: [['messages'], ['events']] },
    { id: 'messages', type: 'helper', z: 'f1', x: 0, y: 0 },
    { id: 'events', type: 'helper', z: 'f1', x: 0, y: 0 },
    { id: 'catch', type: 'catch', z: 'f1', x: 0, y: 0, scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'f1', x: 0, y: 0 },
  ];
  await helper.load([redisModule, trackModule], flow);
  // The tracker is built once Redis is connected.
  await waitFor(() => helper.getNode('redis').shared.state.state === 'connected');
  await new Promise((r) => setTimeout(r, 50));
}

describe('caselink-track', () => {
  it('gives a case one platform id across its documents and systems', async () => {
    await load('track1');
    const messages = collect(helper.getNode('messages'));
    const steps = demoCase('440115', 1, { idPrefix: 'TRACK' });
    const track = helper.getNode('track');
    track.receive({ payload: steps[0]!.message });
    await waitFor(() => messages.length === 1);
    const caseUid = messages[0].payload.caseUid;
    expect(caseUid).toMatch(/^GZ-440115-\d{4}-\d{6}$/);
    expect(messages[0].tracking).toMatchObject({ caseUid, created: true, duplicate: false });
    track.receive({ payload: { ...steps[1]!.message, caseUid } });
    track.receive({ payload: steps[0]!.message });
    await waitFor(() => messages.length === 3);
    expect(messages.map((m) => m.payload.caseUid)).toEqual([caseUid, caseUid, caseUid]);
    const again = messages.filter((m) => m.payload.messageId === steps[0]!.message.messageId);
    expect(again.map((m) => m.tracking.duplicate)).toEqual([false, true]);
  });

  it('records acknowledgements from delivery outcomes without passing them on', async () => {
    await load('track2');
    const messages = collect(helper.getNode('messages'));
    const caught = collect(helper.getNode('caught'));
    const [step] = demoCase('440105', 2, { idPrefix: 'TRACK' });
    const track = helper.getNode('track');
    track.receive({ payload: step!.message });
    await waitFor(() => messages.length === 1);
    track.receive({ payload: step!.message, outcome: { kind: 'accepted' }, delivery: { messageId: step!.message.messageId, attempt: 1 } });
    await new Promise((r) => setTimeout(r, 200));
    expect(messages).toHaveLength(1);
    expect(caught).toEqual([]);
  });

  it('refuses an invalid message through done(err), which Catch nodes see', async () => {
    await load('track3');
    const caught = collect(helper.getNode('caught'));
    helper.getNode('track').receive({ payload: { messageType: 'NOPE' } });
    await waitFor(() => caught.length === 1);
    expect(caught[0].error.message).toMatch(/messageType/);
  });
});
