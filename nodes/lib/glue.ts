/**
 * Node-RED glue shared by the CaseLink nodes: config-node lookup, the Redis register/deregister
 * pairing, status texts and the one error path (red status + done(err) / node.error(err, msg)).
 */
import { hostname } from 'node:os';
import type { Forwarder } from '../../core/index';
import type { ConnectionState } from './shared-forwarder';
import type { RedisConfigNode } from '../caselink-redis';
import type { SystemConfigNode } from '../caselink-system';
import type { Node, NodeAPI, NodeStatus } from '../node-red';

export function redisNode(RED: NodeAPI, id: unknown): RedisConfigNode | undefined {
  return typeof id === 'string' && id ? ((RED.nodes.getNode(id) as RedisConfigNode | null) ?? undefined) : undefined;
}

export function systemNode(RED: NodeAPI, id: unknown): SystemConfigNode | undefined {
  return typeof id === 'string' && id ? ((RED.nodes.getNode(id) as SystemConfigNode | null) ?? undefined) : undefined;
}

/** A user's hold on the shared forwarder of a Redis config node. */
export interface RedisUse {
  /** The live forwarder, or undefined while (re)connecting. */
  readonly forwarder: Forwarder | undefined;
  /** Resolves once connected (undefined if released first). */
  readonly ready: Promise<Forwarder | undefined>;
  readonly state: ConnectionState;
  release(): Promise<void>;
}

/** Registers `user` with the config node (connecting on the first user) and follows its state. */
export function useRedis(config: RedisConfigNode, user: Node, onState: (state: ConnectionState) => void): RedisUse {
  const shared = config.shared;
  shared.on('state', onState);
  const ready = shared.acquire(user.id);
  onState(shared.state);
  let released = false;
  return {
    get forwarder() {
      return released ? undefined : shared.current;
    },
    ready,
    get state() {
      return shared.state;
    },
    async release() {
      if (released) return;
      released = true;
      shared.off('state', onState);
      await shared.release(user.id);
    },
  };
}

/** The status of a node waiting for Redis, or undefined once connected. */
export function connectionStatus(RED: NodeAPI, type: string, state: ConnectionState): NodeStatus | undefined {
  switch (state.state) {
    case 'connected':
      return undefined;
    case 'connecting':
      return state.lastError
        ? { fill: 'red', shape: 'ring', text: `${type}.status.redis-unavailable` }
        : { fill: 'yellow', shape: 'ring', text: 'node-red:common.status.connecting' };
    default:
      return { fill: 'grey', shape: 'ring', text: 'node-red:common.status.disconnected' };
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A settings problem: red ring status and a logged error; the node stays inert. */
export function misconfigured(node: Node, text: string, reason: string): void {
  node.status({ fill: 'red', shape: 'ring', text });
  node.error(reason);
}

/**
 * A consumer name that survives a restart of this Node-RED (so deliveries it held when it died are
 * taken up at once) and differs between hosts running the same flow: $CASELINK_INSTANCE, else the
 * host name, plus the node id.
 */
export function consumerName(nodeId: string): string {
  return `${process.env.CASELINK_INSTANCE || hostname()}-${nodeId}`;
}
