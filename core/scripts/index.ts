import type { ScriptDefinition } from '../lua-scripts';
import { auditReadLua } from './audit-read-2';
import { completeLua } from './complete-7';
import { deadLua } from './dead-6';
import { discardLua } from './discard-8';
import { enqueueLua } from './enqueue-7';
import { figuresLua } from './figures-8';
import { promoteLua } from './promote-3';
import { replayLua } from './replay-8';
import { retryLua } from './retry-4';

/** Every Lua script of the core, by role. File names follow `<name>-<numberOfKeys>.ts`. */
export const SCRIPTS = {
  enqueue: { command: 'caselinkEnqueue', numberOfKeys: 7, lua: enqueueLua },
  complete: { command: 'caselinkComplete', numberOfKeys: 7, lua: completeLua },
  retry: { command: 'caselinkRetry', numberOfKeys: 4, lua: retryLua },
  dead: { command: 'caselinkDead', numberOfKeys: 6, lua: deadLua },
  promote: { command: 'caselinkPromote', numberOfKeys: 3, lua: promoteLua },
  replay: { command: 'caselinkReplay', numberOfKeys: 8, lua: replayLua },
  discard: { command: 'caselinkDiscard', numberOfKeys: 8, lua: discardLua },
  figures: { command: 'caselinkFigures', numberOfKeys: 8, lua: figuresLua },
  auditRead: { command: 'caselinkAuditRead', numberOfKeys: 2, lua: auditReadLua },
} as const satisfies Record<string, ScriptDefinition>;

export type ScriptName = keyof typeof SCRIPTS;
