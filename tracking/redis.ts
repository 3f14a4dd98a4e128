import type { Cluster, Redis } from 'ioredis';
import { defineScripts, runScript as runLuaScript, type ScriptArgs, type ScriptKeys } from '../core/lua-scripts';
import { SCRIPTS, type ScriptName } from './scripts';

/** A connected ioredis client: a single Redis or a Redis Cluster (every script stays in one slot). */
export type RedisClient = Redis | Cluster;

/** Registers tracking's Lua scripts on a client (once: a registered command is kept). */
export function registerScripts(client: RedisClient): void {
  defineScripts(client, SCRIPTS);
}

/** Runs one of tracking's scripts with named keys and arguments. */
export function runScript<N extends ScriptName>(
  client: RedisClient,
  name: N,
  keys: ScriptKeys<(typeof SCRIPTS)[N]>,
  args: ScriptArgs<(typeof SCRIPTS)[N]>,
): Promise<unknown> {
  return runLuaScript(client, SCRIPTS[name], keys, args);
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
