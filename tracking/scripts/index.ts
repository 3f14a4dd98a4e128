import type { Result } from 'ioredis';
import { loadScripts, type ScriptArg, type ScriptSignature } from '../../core/lua-scripts';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    caselinkTrackCommitCase(...keysAndArgs: ScriptArg[]): Result<unknown, Context>;
    caselinkTrackTrimOutbox(...keysAndArgs: ScriptArg[]): Result<unknown, Context>;
    caselinkTrackSyncDeadlines(...keysAndArgs: ScriptArg[]): Result<unknown, Context>;
    caselinkTrackClaimAlerts(...keysAndArgs: ScriptArg[]): Result<unknown, Context>;
    caselinkTrackSupervisionStep(...keysAndArgs: ScriptArg[]): Result<unknown, Context>;
    caselinkTrackAcknowledge(...keysAndArgs: ScriptArg[]): Result<unknown, Context>;
    caselinkTrackRaiseSequence(...keysAndArgs: ScriptArg[]): Result<unknown, Context>;
  }
}

/**
 * What tracking's callers rely on, per script: command, key names (fields of CaseKeys and
 * DistrictKeys where they exist) and arguments, in the order of the `.lua` file's header.
 */
const SIGNATURES = {
  commitCase: { command: 'caselinkTrackCommitCase', keys: ['record', 'outbox'], args: ['version', 'stored'], rest: 'operations' },
  trimOutbox: { command: 'caselinkTrackTrimOutbox', keys: ['outbox'], args: ['version'] },
  syncDeadlines: { command: 'caselinkTrackSyncDeadlines', keys: ['due', 'deadlines'], args: [], rest: 'changes' },
  claimAlerts: {
    command: 'caselinkTrackClaimAlerts',
    keys: ['due', 'deadlines', 'alertLog', 'openOrders', 'alertCounts'],
    args: ['now', 'batch', 'day', 'district'],
  },
  supervisionStep: {
    command: 'caselinkTrackSupervisionStep',
    keys: ['orders', 'openOrders', 'alertLog'],
    args: ['orderId', 'caseUid', 'clockKey', 'run', 'district', 'from', 'to', 'field', 'action'],
  },
  acknowledge: { command: 'caselinkTrackAcknowledge', keys: ['latestMonth', 'previousMonth', 'earlierMonth'], args: ['messageId', 'acknowledgedAt'] },
  raiseSequence: { command: 'caselinkTrackRaiseSequence', keys: ['counter'], args: ['sequence'] },
} as const satisfies Record<string, ScriptSignature>;

/** Every Lua script of case tracking, read from `<name>-<numberOfKeys>.lua` beside this file. */
export const SCRIPTS = loadScripts(__dirname, SIGNATURES);

export type ScriptName = keyof typeof SCRIPTS;
