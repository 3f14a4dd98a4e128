import { loadScripts, type ScriptCommands } from '../../core/lua-scripts';

declare module 'ioredis' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the commands come from SIGNATURES
  interface RedisCommander<Context> extends ScriptCommands<typeof SIGNATURES, Context> {}
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
} as const;

/** Every Lua script of case tracking, read from `<name>-<numberOfKeys>.lua` beside this file. */
export const SCRIPTS = loadScripts(__dirname, SIGNATURES);

export type ScriptName = keyof typeof SCRIPTS;
