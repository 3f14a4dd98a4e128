import type { ChainableCommander } from 'ioredis';
import type { DestinationKeys } from './keys';
import type { RedisClient } from './redis-connection';
import { defineScripts, queueScript, runScript, type ScriptArgs } from './lua-scripts';
import { SCRIPTS, type ScriptName } from './scripts';

/**
 * The core's Lua scripts on one client: registered with `defineCommand` (so ioredis uses EVALSHA
 * and falls back to EVAL after a Redis restart), called with a destination's key set and named
 * arguments, both put in the order of each script's header by the loader.
 */
/** Named arguments of the enqueue script. */
export type EnqueueArgs = ScriptArgs<(typeof SCRIPTS)['enqueue']>;

export class ScriptCommands {
  constructor(private readonly client: RedisClient) {
    defineScripts(client, SCRIPTS);
  }

  run<N extends ScriptName>(name: N, keys: DestinationKeys, args: ScriptArgs<(typeof SCRIPTS)[N]>): Promise<unknown> {
    return runScript(this.client, SCRIPTS[name], keys, args);
  }

  /** Adds the script call to a pipeline (used to follow an enqueue by WAITAOF on the same node). */
  queue<N extends ScriptName>(pipeline: ChainableCommander, name: N, keys: DestinationKeys, args: ScriptArgs<(typeof SCRIPTS)[N]>): ChainableCommander {
    return queueScript(pipeline, SCRIPTS[name], keys, args);
  }
}
