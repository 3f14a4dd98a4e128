import type { ScriptDefinition } from '../../core/lua-scripts';
import { acknowledgeLua } from './acknowledge-3';
import { claimAlertsLua } from './claim-alerts-5';
import { commitCaseLua } from './commit-case-2';
import { raiseSequenceLua } from './raise-sequence-1';
import { supervisionStepLua } from './supervision-step-3';
import { syncDeadlinesLua } from './sync-deadlines-2';
import { trimOutboxLua } from './trim-outbox-1';

/** Every Lua script of case tracking. File names follow `<name>-<numberOfKeys>.ts`. */
export const SCRIPTS = {
  commitCase: { command: 'caselinkTrackCommitCase', numberOfKeys: 2, lua: commitCaseLua },
  trimOutbox: { command: 'caselinkTrackTrimOutbox', numberOfKeys: 1, lua: trimOutboxLua },
  syncDeadlines: { command: 'caselinkTrackSyncDeadlines', numberOfKeys: 2, lua: syncDeadlinesLua },
  claimAlerts: { command: 'caselinkTrackClaimAlerts', numberOfKeys: 5, lua: claimAlertsLua },
  supervisionStep: { command: 'caselinkTrackSupervisionStep', numberOfKeys: 3, lua: supervisionStepLua },
  acknowledge: { command: 'caselinkTrackAcknowledge', numberOfKeys: 3, lua: acknowledgeLua },
  raiseSequence: { command: 'caselinkTrackRaiseSequence', numberOfKeys: 1, lua: raiseSequenceLua },
} as const satisfies Record<string, ScriptDefinition>;

export type ScriptName = keyof typeof SCRIPTS;
