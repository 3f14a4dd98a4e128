import { PROCESSES, type Process } from '../codes/processes';
import { bilingual } from '../schema/primitives';
import { expectedMessages } from './apply';
import { advance, putInstance } from './step';
import { PROCESS_DEFINITIONS, reachableStates } from './registry';
import {
  DEFAULT_PROCESS_OPTIONS,
  type ApplyResult,
  type CaseProcessState,
  type InstanceKey,
  type ProcessOptions,
  type Violation,
  type ViolationKind,
} from './types';

export interface InternalEvent {
  key: InstanceKey;
  /** Event name from the process definition's `internal` table, e.g. `HEARING_HELD`. */
  event: string;
  /** ISO 8601 time of the event. */
  at: string;
}

/**
 * Apply a step the exchange does not carry: the review starting, plea signed, hearing held,
 * a reporting deadline passing, execution closed. Pure, like `applyMessage`.
 */
export function applyInternalEvent(state: CaseProcessState, event: InternalEvent, options: Partial<ProcessOptions> = {}): ApplyResult {
  const opts: ProcessOptions = { ...DEFAULT_PROCESS_OPTIONS, ...options };
  const instance = state.processes[event.key];
  const process = instance?.process ?? (event.key.split(':')[0] as Process);
  const definition = PROCESS_DEFINITIONS[process];
  const name = PROCESSES[process].zh;
  const fail = (kind: ViolationKind, en: string, zh: string): ApplyResult => {
    const violation: Violation = {
      kind,
      process,
      key: event.key,
      from: instance?.state ?? null,
      event: event.event,
      reason: bilingual(en, zh),
      expected: expectedMessages(definition, instance),
    };
    return { ok: false, violation };
  };
  const steps = definition.internal.filter((s) => s.event === event.event);
  if (steps.length === 0) return fail('NOT_ALLOWED', `${event.event} is not an event of ${process}`, `${event.event}不是${name}流程的事件`);
  if (!instance) return fail('NOT_OPENED', `${event.key} has not been opened for this case`, `本案${name}流程尚未开始`);
  const step = steps.find((s) => s.from.includes(instance.state));
  if (!step) {
    if (steps.some((s) => s.from.some((f) => reachableStates(definition, instance.state).has(f)))) {
      return fail(
        'OUT_OF_ORDER',
        `${event.event} comes later in ${process} (state ${instance.state})`,
        `${event.event}过早：${name}流程当前状态为${instance.state}`,
      );
    }
    if (instance.closed) return fail('PROCESS_CLOSED', `${process} has ended in ${instance.state}`, `${name}流程已以${instance.state}结束`);
    return fail(
      'NOT_ALLOWED',
      `${event.event} is not allowed in state ${instance.state} of ${process}`,
      `${name}流程状态${instance.state}下不允许${event.event}`,
    );
  }
  const ctx = { event: event.event, at: event.at, instance, caseState: state, options: opts };
  const refusal = step.guard?.(ctx);
  if (refusal) return fail(refusal.kind ?? 'NOT_ALLOWED', refusal.en, refusal.zh);
  const result = advance(definition, event.key, instance, step, step.set?.(ctx) ?? {}, { at: event.at, event: event.event });
  return { ok: true, state: { ...putInstance(state, result.instance), updatedAt: event.at }, changes: [result.change] };
}
