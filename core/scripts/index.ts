import { completeLua } from './complete-6';
import { deadLua } from './dead-6';
import { discardLua } from './discard-7';
import { enqueueLua } from './enqueue-7';
import { figuresLua } from './figures-7';
import { promoteLua } from './promote-4';
import { replayLua } from './replay-7';
import { retryLua } from './retry-4';

export interface ScriptDefinition {
  /** Command name registered with ioredis `defineCommand`. */
  command: string;
  numberOfKeys: number;
  lua: string;
}

/** Every Lua script of the core, by role. File names follow `<name>-<numberOfKeys>.ts`. */
export const SCRIPTS = {
  enqueue: { command: 'caselinkEnqueue', numberOfKeys: 7, lua: enqueueLua },
  complete: { command: 'caselinkComplete', numberOfKeys: 6, lua: completeLua },
  retry: { command: 'caselinkRetry', numberOfKeys: 4, lua: retryLua },
  dead: { command: 'caselinkDead', numberOfKeys: 6, lua: deadLua },
  promote: { command: 'caselinkPromote', numberOfKeys: 4, lua: promoteLua },
  replay: { command: 'caselinkReplay', numberOfKeys: 7, lua: replayLua },
  discard: { command: 'caselinkDiscard', numberOfKeys: 7, lua: discardLua },
  figures: { command: 'caselinkFigures', numberOfKeys: 7, lua: figuresLua },
} as const satisfies Record<string, ScriptDefinition>;

export type ScriptName = keyof typeof SCRIPTS;
