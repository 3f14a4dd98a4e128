import { IN_CUSTODY_MEASURES } from '../codes/custody-measures';
import { processesOf, type MessageType } from '../codes/message-types';
import { PROCESSES, type Process } from '../codes/processes';
import type { UnifiedMessage } from '../schema/message';
import { bilingual } from '../schema/primitives';
import { isCopy } from './copies';
import { isOpenRow, OPEN, rowLeavesFrom, STAY, type ProcessDefinition, type Refusal, type TransitionRow } from './definition';
import { PROCESS_DEFINITIONS, reachableStates, STAGE_DEPENDENT_MESSAGE_TYPES } from './registry';
import { advance, definedOnly, putInstance } from './step';
import {
  DEFAULT_PROCESS_OPTIONS,
  type ApplyResult,
  type CaseProcessState,
  type HistoryEntry,
  type InstanceKey,
  type ProcessChange,
  type ProcessInstance,
  type ProcessOptions,
  type TransitionContext,
  type Violation,
  type ViolationKind,
} from './types';

export function emptyCaseState(): CaseProcessState {
  return { schemaVersion: 1, processes: {} };
}

/**
 * Apply one message to a case's process state. Pure: the input state is not modified.
 * The message's own `process` decides, except for STAGE_DEPENDENT_MESSAGE_TYPES, where the other
 * processes of the type are tried when the named one refuses.
 */
export function applyMessage(state: CaseProcessState | undefined, message: UnifiedMessage, options: Partial<ProcessOptions> = {}): ApplyResult {
  const opts: ProcessOptions = { ...DEFAULT_PROCESS_OPTIONS, ...options };
  const current = state ?? emptyCaseState();
  const duplicate = findDuplicate(current, message);
  if (duplicate) return { ok: true, state: current, changes: [duplicate] };
  if (isCopy(message)) return recordCopy(current, message);

  let refused: Violation | undefined;
  for (const process of candidateProcesses(message)) {
    const attempt = applyPrimary(process, current, message, opts);
    if (attempt.ok) {
      const followed = applyFollows(process, attempt.state, message, opts);
      return { ok: true, state: withCaseFacts(followed.state, message), changes: [...attempt.changes, ...followed.changes] };
    }
    refused ??= attempt.violation;
  }
  return { ok: false, violation: refused! };
}

function candidateProcesses(message: UnifiedMessage): Process[] {
  if (!STAGE_DEPENDENT_MESSAGE_TYPES.includes(message.messageType)) return [message.process];
  return [message.process, ...processesOf(message.messageType).filter((p) => p !== message.process)];
}

function keyFor(definition: ProcessDefinition, message: UnifiedMessage): InstanceKey | Refusal {
  return definition.instanceKey ? definition.instanceKey(message) : (definition.process as InstanceKey);
}

function applyPrimary(process: Process, state: CaseProcessState, message: UnifiedMessage, options: ProcessOptions): ApplyResult {
  const definition = PROCESS_DEFINITIONS[process];
  const type = message.messageType;
  const key = keyFor(definition, message);
  if (typeof key !== 'string') return refuse(key.kind ?? 'PAYLOAD_REQUIRED', process, null, null, { messageType: type }, key, []);
  const instance = state.processes[key];
  const rows = definition.transitions.filter((row) => row.on === type && !row.follow);
  const ctx: TransitionContext = { message, instance, caseState: state, options };

  if (rows.length === 0) {
    return refuse(
      'NOT_ALLOWED',
      process,
      key,
      instance?.state ?? null,
      { messageType: type },
      {
        en: `${type} is not part of ${process}`,
        zh: `${type}不属于${PROCESSES[process].zh}流程`,
      },
      expectedMessages(definition, instance),
    );
  }
  const candidates = instance ? rows.filter((row) => rowLeavesFrom(row, instance.state)) : rows.filter(isOpenRow);
  if (candidates.length === 0) return refuseNoRow(definition, key, instance, type, rows);

  const row = candidates.find((r) => !r.when || r.when.test(ctx));
  if (!row) {
    return refuse(
      'PAYLOAD_REQUIRED',
      process,
      key,
      instance?.state ?? null,
      { messageType: type },
      {
        en: `the payload selects no transition; expected ${candidates.map((r) => r.when?.en).join(' or ')}`,
        zh: `报文内容无法确定流转，应满足：${candidates.map((r) => r.when?.zh).join('或')}`,
      },
      expectedMessages(definition, instance),
    );
  }
  const refusal = row.guard?.(ctx);
  if (refusal)
    return refuse(refusal.kind ?? 'NOT_ALLOWED', process, key, instance?.state ?? null, { messageType: type }, refusal, expectedMessages(definition, instance));

  const observed = instance && definition.observe ? definedOnly(definition.observe(ctx)) : {};
  const attributes = { ...observed, ...(row.set?.(ctx) ?? {}) };
  const result = advance(definition, key, instance, row, attributes, historyEntry(message, row));
  return { ok: true, state: putInstance(state, result.instance), changes: [{ ...result.change, messageType: type }] };
}

function refuseNoRow(
  definition: ProcessDefinition,
  key: InstanceKey,
  instance: ProcessInstance | undefined,
  type: MessageType,
  rows: readonly TransitionRow[],
): ApplyResult {
  const process = definition.process;
  const name = PROCESSES[process];
  const expected = expectedMessages(definition, instance);
  const expectedText = expected.length > 0 ? expected.join(', ') : 'nothing';
  if (!instance) {
    const openers = [...new Set(definition.transitions.filter((r) => isOpenRow(r) && !r.follow).map((r) => r.on))];
    return refuse(
      'NOT_OPENED',
      process,
      key,
      null,
      { messageType: type },
      {
        en: `${process} has not been opened for this case; it opens with ${openers.join(' or ') || 'a message of another process'}`,
        zh: `本案${name.zh}流程尚未开始，应先收到${openers.join('或') || '前序流程报文'}`,
      },
      expected,
    );
  }
  const state = instance.state;
  if (!instance.closed && rows.some(isOpenRow)) {
    return refuse(
      'ALREADY_OPEN',
      process,
      key,
      state,
      { messageType: type },
      {
        en: `${process} is already open for this case (state ${state})`,
        zh: `本案${name.zh}流程已在进行中（当前状态${state}）`,
      },
      expected,
    );
  }
  const ahead = reachableStates(definition, state);
  if (rows.some((r) => r.from !== OPEN && r.from.some((s) => ahead.has(s)))) {
    return refuse(
      'OUT_OF_ORDER',
      process,
      key,
      state,
      { messageType: type },
      {
        en: `${type} comes later in ${process}; in state ${state} the next message is ${expectedText}`,
        zh: `${type}到达过早：${name.zh}流程当前状态为${state}，应先收到${expected.join('、') || '其他步骤'}`,
      },
      expected,
    );
  }
  if (instance.closed) {
    return refuse(
      'PROCESS_CLOSED',
      process,
      key,
      state,
      { messageType: type },
      {
        en: `${process} has ended in ${state}; ${type} is no longer accepted`,
        zh: `${name.zh}流程已以${state}结束，不再接受${type}`,
      },
      expected,
    );
  }
  return refuse(
    'NOT_ALLOWED',
    process,
    key,
    state,
    { messageType: type },
    {
      en: `${type} is not allowed in state ${state} of ${process}; expected ${expectedText}`,
      zh: `${name.zh}流程状态${state}下不允许${type}，应为${expected.join('、') || '无'}`,
    },
    expected,
  );
}

function refuse(
  kind: ViolationKind,
  process: Process,
  key: InstanceKey | null,
  from: string | null,
  what: { messageType?: MessageType; event?: string },
  text: { en: string; zh: string },
  expected: MessageType[],
): { ok: false; violation: Violation } {
  return { ok: false, violation: { kind, process, key, from, ...what, reason: bilingual(text.en, text.zh), expected } };
}

/** Message types the instance accepts now (or that open it). */
export function expectedMessages(definition: ProcessDefinition, instance: ProcessInstance | undefined): MessageType[] {
  const rows = definition.transitions.filter((row) => !row.follow && (instance ? rowLeavesFrom(row, instance.state) : isOpenRow(row)));
  return [...new Set(rows.map((row) => row.on))];
}

function historyEntry(message: UnifiedMessage, row: TransitionRow): Omit<HistoryEntry, 'from' | 'to' | 'via'> {
  return {
    at: message.sentAt,
    messageId: message.messageId,
    messageType: message.messageType,
    receiver: message.receiver.orgCode,
    ...(row.follow && { note: 'FOLLOW' as const }),
  };
}

/** Consequences in other processes: INDICTMENT closes P2, CASE_ACCEPTED opens P4, JUDGMENT_EFFECTIVE opens P6. */
function applyFollows(
  primary: Process,
  state: CaseProcessState,
  message: UnifiedMessage,
  options: ProcessOptions,
): { state: CaseProcessState; changes: ProcessChange[] } {
  let next = state;
  const changes: ProcessChange[] = [];
  for (const definition of Object.values(PROCESS_DEFINITIONS)) {
    if (definition.process === primary) continue;
    const rows = definition.transitions.filter((row) => row.follow && row.on === message.messageType);
    if (rows.length === 0) continue;
    const key = definition.process as InstanceKey;
    const instance = next.processes[key];
    const ctx: TransitionContext = { message, instance, caseState: next, options };
    const candidates = instance ? rows.filter((row) => rowLeavesFrom(row, instance.state)) : rows.filter(isOpenRow);
    const row = candidates.find((r) => !r.when || r.when.test(ctx));
    const alreadyThere = instance !== undefined && rows.some((r) => r.to === instance.state);
    // A follow row that stays (e.g. a second appeal noted in P7) applies even where an opening row would lead.
    if (!row || (alreadyThere && row.to !== STAY)) {
      if (instance && !alreadyThere && candidates.length === 0) {
        changes.push({
          kind: 'FOLLOW_SKIPPED',
          process: definition.process,
          key,
          messageType: message.messageType,
          from: instance.state,
          to: instance.state,
          follow: true,
          reason: bilingual(
            `${message.messageType} would move ${definition.process}, but it is in ${instance.state}`,
            `${message.messageType}本应推进${PROCESSES[definition.process].zh}流程，但其当前状态为${instance.state}`,
          ),
        });
      }
      continue;
    }
    const refusal = row.guard?.(ctx);
    if (refusal) {
      changes.push({
        kind: 'FOLLOW_SKIPPED',
        process: definition.process,
        key,
        messageType: message.messageType,
        from: instance?.state ?? null,
        to: instance?.state ?? null,
        follow: true,
        reason: bilingual(refusal.en, refusal.zh),
      });
      continue;
    }
    const result = advance(definition, key, instance, row, row.set?.(ctx) ?? {}, historyEntry(message, row));
    next = putInstance(next, result.instance);
    changes.push({ ...result.change, messageType: message.messageType });
  }
  return { state: next, changes };
}

function findDuplicate(state: CaseProcessState, message: UnifiedMessage): ProcessChange | undefined {
  for (const instance of Object.values(state.processes)) {
    if (!instance) continue;
    const seen = instance.history.some((e) => e.messageId === message.messageId && e.receiver === message.receiver.orgCode && e.note !== 'FOLLOW');
    if (seen) {
      return { kind: 'DUPLICATE', process: instance.process, key: instance.key, messageType: message.messageType, from: instance.state, to: instance.state };
    }
  }
  return undefined;
}

function recordCopy(state: CaseProcessState, message: UnifiedMessage): ApplyResult {
  for (const process of candidateProcesses(message)) {
    const definition = PROCESS_DEFINITIONS[process];
    const key = keyFor(definition, message);
    const instance = typeof key === 'string' ? state.processes[key] : undefined;
    if (!instance) continue;
    const copy: ProcessInstance = {
      ...instance,
      updatedAt: message.sentAt,
      history: [
        ...instance.history,
        {
          at: message.sentAt,
          messageId: message.messageId,
          messageType: message.messageType,
          receiver: message.receiver.orgCode,
          from: instance.state,
          to: instance.state,
          note: 'COPY',
        },
      ],
    };
    const change: ProcessChange = { kind: 'COPY', process, key: instance.key, messageType: message.messageType, from: instance.state, to: instance.state };
    return { ok: true, state: withCaseFacts(putInstance(state, copy), message), changes: [change] };
  }
  return {
    ok: true,
    state: withCaseFacts(state, message),
    changes: [{ kind: 'COPY', process: message.process, key: null, messageType: message.messageType, from: null, to: null }],
  };
}

function withCaseFacts(state: CaseProcessState, message: UnifiedMessage): CaseProcessState {
  const held = message.persons.filter((p) => (p.role === 'SUSPECT' || p.role === 'DEFENDANT') && p.custody);
  const flags = message.case.circumstances ?? [];
  const known = state.circumstances ?? [];
  const added = flags.filter((flag) => !known.includes(flag));
  return {
    ...state,
    ...(added.length > 0 && { circumstances: [...known, ...added] }),
    ...(message.caseUid && { caseUid: message.caseUid }),
    ...(held.length > 0 && { inCustody: held.some((p) => IN_CUSTODY_MEASURES.has(p.custody!.measure)) }),
    updatedAt: message.sentAt,
  };
}
