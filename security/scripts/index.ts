import { loadScripts, type ScriptCommands } from '../../core/lua-scripts';

declare module 'ioredis' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the commands come from SIGNATURES
  interface RedisCommander<Context> extends ScriptCommands<typeof SIGNATURES, Context> {}
}

/** What security's callers rely on, per script, in the order of the `.lua` file's header. */
const SIGNATURES = {
  auditAppend: { command: 'caselinkAuditAppend', keys: ['log'], args: ['tailHash', 'tailSeq'], rest: 'records' },
  releaseMark: { command: 'caselinkReleaseReplayMark', keys: ['mark'], args: ['value'] },
} as const;

/** The Lua scripts of the security layer, read from `<name>-<numberOfKeys>.lua` beside this file. */
export const SCRIPTS = loadScripts(__dirname, SIGNATURES);
