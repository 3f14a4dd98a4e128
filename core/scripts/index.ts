import { loadScripts, type ScriptCommands, type ScriptSignature } from '../lua-scripts';
import type { DestinationKeys } from '../keys';

declare module 'ioredis' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the commands come from SIGNATURES
  interface RedisCommander<Context> extends ScriptCommands<typeof SIGNATURES, Context> {}
}

type DestinationKey = keyof DestinationKeys;

/**
 * What the core's callers rely on, per script: command, keys (fields of DestinationKeys) and
 * arguments, in the order of the `.lua` file's header (the loader refuses a difference).
 */
const SIGNATURES = {
  enqueue: {
    command: 'caselinkEnqueue',
    keys: ['stream', 'msgs', 'seen', 'pending', 'dead', 'heads', 'lanePrefix'],
    args: ['now', 'window', 'maxBacklog', 'group'],
    rest: 'entries',
  },
  complete: {
    command: 'caselinkComplete',
    keys: ['stream', 'pending', 'heads', 'stats', 'lanePrefix', 'msgs', 'blocked'],
    args: ['group', 'consumer', 'firstId', 'lastId', 'limit'],
    rest: 'entries',
  },
  retry: {
    command: 'caselinkRetry',
    keys: ['stream', 'msgs', 'retry', 'blocked'],
    args: ['group', 'consumer', 'streamId', 'messageId', 'dueAt', 'attempt', 'reason'],
  },
  dead: {
    command: 'caselinkDead',
    keys: ['stream', 'pending', 'dead', 'deadIndex', 'blocked', 'msgs'],
    args: ['group', 'consumer', 'streamId', 'messageId', 'reason', 'attempts', 'lastError', 'now'],
  },
  promote: { command: 'caselinkPromote', keys: ['stream', 'msgs', 'retry'], args: ['now', 'batch'] },
  replay: {
    command: 'caselinkReplay',
    keys: ['stream', 'pending', 'dead', 'deadIndex', 'blocked', 'heads', 'audit', 'auditSeq'],
    args: ['now', 'who', 'why'],
    rest: 'messageIds',
  },
  discard: {
    command: 'caselinkDiscard',
    keys: ['stream', 'dead', 'deadIndex', 'blocked', 'heads', 'audit', 'lanePrefix', 'auditSeq'],
    args: ['now', 'who', 'why'],
    rest: 'messageIds',
  },
  figures: {
    command: 'caselinkFigures',
    keys: ['stream', 'pending', 'retry', 'dead', 'blocked', 'stats', 'lanePrefix', 'msgs'],
    args: ['group'],
  },
  auditRead: { command: 'caselinkAuditRead', keys: ['auditReads', 'auditSeq'], args: ['retentionMs'], rest: 'fields' },
  bury: {
    command: 'caselinkBury',
    keys: ['stream', 'seen', 'pending', 'dead', 'deadIndex', 'blocked', 'heads'],
    args: ['now', 'window', 'group', 'messageId', 'orderKey', 'payload', 'reason'],
  },
} as const satisfies Record<string, ScriptSignature<string, DestinationKey>>;

/** Every Lua script of the core, by role, read from `<name>-<numberOfKeys>.lua` beside this file. */
export const SCRIPTS = loadScripts(__dirname, SIGNATURES);

export type ScriptName = keyof typeof SCRIPTS;
