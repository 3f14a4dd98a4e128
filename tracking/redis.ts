import type { Cluster, Redis } from 'ioredis';
import { defineScripts } from '../core/lua-scripts';
import { SCRIPTS, type ScriptName } from './scripts';

/** A connected ioredis client: a single Redis or a Redis Cluster (every script stays in one slot). */
export type RedisClient = Redis | Cluster;

type Arg = string | number | Buffer;
type ScriptFn = (...args: Arg[]) => Promise<unknown>;

const registered = new WeakSet<object>();

/** Registers tracking's Lua scripts on a client once (EVALSHA, EVAL after a Redis restart). */
export function registerScripts(client: RedisClient): void {
  if (registered.has(client)) return;
  defineScripts(client, SCRIPTS);
  registered.add(client);
}

/** Runs one script; `keys` in the order of the script's header. */
export function runScript(client: RedisClient, name: ScriptName, keys: string[], args: Arg[]): Promise<unknown> {
  const def = SCRIPTS[name];
  if (keys.length !== def.numberOfKeys) throw new Error(`${name} takes ${def.numberOfKeys} keys, got ${keys.length}`);
  const fn = (client as unknown as Record<string, ScriptFn>)[def.command]!;
  return fn.call(client, ...keys, ...args);
}

/**
 * The connections a SCAN must run on to see every key: the client itself, or every master of a
 * Cluster (waiting for the cluster to be ready first, so that its slot map is known).
 */
export async function scannableNodes(client: RedisClient): Promise<Redis[]> {
  if (!client.isCluster) return [client as Redis];
  const cluster = client as Cluster;
  if (cluster.status !== 'ready') await cluster.ping();
  return cluster.nodes('master');
}
