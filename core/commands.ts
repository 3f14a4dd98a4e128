import type { ChainableCommander } from 'ioredis';
import type { DestinationKeys } from './keys';
import type { RedisClient } from './redis-connection';
import { defineScripts } from './lua-scripts';
import { SCRIPTS, type ScriptName } from './scripts';

type Arg = string | number;
type ScriptFn = (...args: Arg[]) => Promise<unknown>;
type PipelineScriptFn = (...args: Arg[]) => ChainableCommander;

/**
 * Typed access to the core's Lua scripts. Registers them on a client with `defineCommand` (so
 * ioredis uses EVALSHA and falls back to EVAL after a Redis restart) and builds their KEYS lists
 * from a destination's key set, in the order documented in each script's header.
 */
export class ScriptCommands {
  constructor(private readonly client: RedisClient) {
    defineScripts(client, SCRIPTS);
  }

  static keysFor(name: ScriptName, k: DestinationKeys): string[] {
    switch (name) {
      case 'enqueue':
        return [k.stream, k.msgs, k.seen, k.pending, k.dead, k.heads, k.lanePrefix];
      case 'complete':
        return [k.stream, k.pending, k.heads, k.stats, k.lanePrefix, k.msgs, k.blocked];
      case 'retry':
        return [k.stream, k.msgs, k.retry, k.blocked];
      case 'dead':
        return [k.stream, k.pending, k.dead, k.deadIndex, k.blocked, k.msgs];
      case 'promote':
        return [k.stream, k.msgs, k.retry];
      case 'replay':
        return [k.stream, k.pending, k.dead, k.deadIndex, k.blocked, k.heads, k.audit, k.auditSeq];
      case 'discard':
        return [k.stream, k.dead, k.deadIndex, k.blocked, k.heads, k.audit, k.lanePrefix, k.auditSeq];
      case 'figures':
        return [k.stream, k.pending, k.retry, k.dead, k.blocked, k.stats, k.lanePrefix, k.msgs];
      case 'auditRead':
        return [k.auditReads, k.auditSeq];
    }
  }

  run(name: ScriptName, keys: DestinationKeys, args: Arg[]): Promise<unknown> {
    const fn = (this.client as unknown as Record<string, ScriptFn>)[SCRIPTS[name].command];
    return fn.call(this.client, ...ScriptCommands.keysFor(name, keys), ...args);
  }

  /** Adds the script call to a pipeline (used to follow an enqueue by WAITAOF on the same node). */
  queue(pipeline: ChainableCommander, name: ScriptName, keys: DestinationKeys, args: Arg[]): ChainableCommander {
    const fn = (pipeline as unknown as Record<string, PipelineScriptFn>)[SCRIPTS[name].command];
    return fn.call(pipeline, ...ScriptCommands.keysFor(name, keys), ...args);
  }
}
