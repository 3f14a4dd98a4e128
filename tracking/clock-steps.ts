import type { ClockId, ExternalClockEvent } from '../standard';
import type { CaseRecord } from './case-record';
import type { CaseChange } from './case-store';
import { clockDraftOf, recomputeRunning, startExternal, type ClockEvent, type ClockSettings } from './clocks';
import { clockEntry, deadlineOps, stepOps } from './observe-step';
import type { TimelineEntry } from './timeline';

/** What a step of a case's clocks that no message carries changes (as CaseStore commits it), and its clock events. */
export interface ClockStep extends CaseChange {
  events: ClockEvent[];
}

/**
 * An event the exchange does not carry (`event`, starting `clocks`) starts them at `at`; `stage`
 * names the legal-aid stage. Changes `record` in place; undefined when no clock started.
 */
export function externalEventStep(
  record: CaseRecord,
  event: ExternalClockEvent,
  clocks: readonly ClockId[],
  at: string,
  stage: string | undefined,
  settings: ClockSettings,
  nowIso: string,
): ClockStep | undefined {
  const draft = clockDraftOf(record);
  const events = startExternal(draft, clocks, at, stage, settings);
  if (events.length === 0) return undefined;
  const before = record.clocks;
  Object.assign(record, { clocks: draft.clocks, runs: draft.runs, rev: draft.rev });
  const timeline: TimelineEntry[] = events.map((e) => ({
    at: nowIso,
    kind: 'clock',
    clock: e.clock.key,
    run: e.clock.run,
    action: 'started',
    deadline: e.clock.expiresAt,
    reason: event,
  }));
  return { record, timeline, ops: [...stepOps(record, events), ...deadlineOps(record.caseUid, before, record.clocks)], events };
}

/**
 * The case's running clocks counted again under the holiday calendar `calendarId` of `settings`.
 * Changes `record` in place; undefined when no clock changed.
 */
export function recountStep(record: CaseRecord, settings: ClockSettings, nowIso: string, calendarId: string): ClockStep | undefined {
  const draft = clockDraftOf(record);
  const events = recomputeRunning(draft, settings, new Set());
  if (events.length === 0) return undefined;
  const before = record.clocks;
  Object.assign(record, { clocks: draft.clocks, rev: draft.rev });
  const timeline: TimelineEntry[] = events.map((e) => ({ ...clockEntry(nowIso, e), reason: `holiday calendar ${calendarId} (节假日日历更新)` }));
  return { record, timeline, ops: deadlineOps(record.caseUid, before, record.clocks), events };
}
