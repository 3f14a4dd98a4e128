import type { Result } from 'ioredis';
import { loadScripts, type ScriptArg, type ScriptSignature } from '../../core/lua-scripts';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    caselinkAuditAppend(...keysAndArgs: ScriptArg[]): Result<unknown, Context>;
    caselinkReleaseReplayMark(...keysAndArgs: ScriptArg[]): Result<unknown, Context>;
  }
}

/** What security's callers rely on, per script, in the order of the `.lua` file's header. */
const SIGNATURES = {
  auditAppend: { command: 'caselinkAuditAppend', keys: ['log'], args: ['tailHash', 'tailSeq'], rest: 'records' },
  releaseMark: { command: 'caselinkReleaseReplayMark', keys: ['mark'], args: ['value'] },
} as const satisfies Record<string, ScriptSignature>;

/** The Lua scripts of the security layer, read from `<name>-<numberOfKeys>.lua` beside this file. */
export const SCRIPTS = loadScripts(__dirname, SIGNATURES);
