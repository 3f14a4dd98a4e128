/**
 * caselink-track in the test helper's Node-RED runtime: a caselink-redis config node, the track
 * node with helper nodes on its two outputs, and a catch node for what it refuses.
 */
import redisModule from '../../nodes/caselink-redis';
import trackModule from '../../nodes/caselink-track';
import { afterAll, afterEach } from 'vitest';
import { collect, nodeRedHelper, waitFor, type FlowNode, type NodeRedHelper } from './node-red';
import { sharedRedis } from './shared-redis';

export interface TrackFlow {
  /** What the track node passed on (output 1), its clock events (output 2) and what it threw (catch). */
  messages: any[];
  events: any[];
  caught: any[];
  track: any;
}

/** Loads the flow and resolves once the tracker is built (it is, once Redis is connected). */
export async function loadTrackFlow(helper: NodeRedHelper, redisUrl: string, prefix: string, scanIntervalMs: string): Promise<TrackFlow> {
  const flow: FlowNode[] = [
    { id: 'f1', type: 'tab', label: 'track' },
    { id: 'redis', type: 'caselink-redis', mode: 'standalone', url: redisUrl, prefix, durability: 'fsync-always' },
    { id: 'track', type: 'caselink-track', z: 'f1', x: 0, y: 0, redis: 'redis', scanIntervalMs, wires: [['messages'], ['events']] },
    { id: 'messages', type: 'helper', z: 'f1', x: 0, y: 0 },
    { id: 'events', type: 'helper', z: 'f1', x: 0, y: 0 },
    { id: 'catch', type: 'catch', z: 'f1', x: 0, y: 0, scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'f1', x: 0, y: 0 },
  ];
  await helper.load([redisModule, trackModule], flow);
  await waitFor(() => helper.getNode('redis').shared.state.state === 'connected');
  await new Promise((r) => setTimeout(r, 50));
  return {
    messages: collect(helper.getNode('messages')),
    events: collect(helper.getNode('events')),
    caught: collect(helper.getNode('caught')),
    track: helper.getNode('track'),
  };
}

/**
 * The helper runtime of a file's track tests on the run's durable shared Redis: a test loads its
 * flow (each on its own key prefix), the flow is unloaded after each test, the runtime closed after the file.
 */
export function trackFlowForFile(): { helper: NodeRedHelper; load(prefix: string, scanIntervalMs: string): Promise<TrackFlow> } {
  const helper = nodeRedHelper();
  const redis = sharedRedis('durable');
  afterAll(() => helper.close());
  afterEach(() => helper.unload());
  return { helper, load: (prefix, scanIntervalMs) => loadTrackFlow(helper, redis.url, prefix, scanIntervalMs) };
}
