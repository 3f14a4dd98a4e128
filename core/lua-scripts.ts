import type { Cluster, Redis } from 'ioredis';

/** One Lua script, registered with ioredis `defineCommand` (EVALSHA, EVAL after a Redis restart). */
export interface ScriptDefinition {
  /** Command name registered with ioredis `defineCommand`. */
  command: string;
  numberOfKeys: number;
  lua: string;
}

/** Registers every script of a table on a client. */
export function defineScripts(client: Redis | Cluster, scripts: Readonly<Record<string, ScriptDefinition>>): void {
  for (const def of Object.values(scripts)) client.defineCommand(def.command, { numberOfKeys: def.numberOfKeys, lua: def.lua });
}
