import type { MessageType } from '../codes/message-types';
import type { Process } from '../codes/processes';
import type { UnifiedMessage } from '../schema/message';
import type { PayloadOf } from '../schema/payloads';
import type { InstanceKey, InternalEventContext, ProcessAttributes, TransitionContext, ViolationKind } from './types';

/** `from: OPEN` — the row creates the process instance. */
export const OPEN = 'OPEN' as const;
/** `to: STAY` — the message is accepted without a state change (copies, notices, attribute updates). */
export const STAY = 'STAY' as const;

/** Chooses among rows for the same state and message by payload; its text names the condition. */
export interface Selector {
  test(ctx: TransitionContext): boolean;
  en: string;
  zh: string;
}

export interface Refusal {
  kind?: ViolationKind;
  en: string;
  zh: string;
}

export type Guard = (ctx: TransitionContext) => Refusal | undefined;

export interface TransitionRow<S extends string = string> {
  on: MessageType;
  from: typeof OPEN | readonly S[];
  to: S | typeof STAY;
  /** States passed through within this step. */
  via?: readonly S[];
  when?: Selector;
  guard?: Guard;
  set?: (ctx: TransitionContext) => ProcessAttributes;
  /** The row is a consequence of a message that belongs to another process. */
  follow?: true;
}

/** A step the exchange does not carry (e.g. the review starting); applied with `applyInternalEvent`. */
export interface InternalTransition<S extends string = string> {
  event: string;
  from: readonly S[];
  to: S | typeof STAY;
  en: string;
  zh: string;
  guard?: (ctx: InternalEventContext) => Refusal | undefined;
  set?: (ctx: InternalEventContext) => ProcessAttributes;
}

export interface ProcessDefinition<S extends string = string> {
  process: Process;
  states: readonly S[];
  initial: readonly S[];
  terminal: readonly S[];
  transitions: readonly TransitionRow<S>[];
  internal: readonly InternalTransition<S>[];
  /** Attribute updates taken from every message this process receives (not copies, not follows). */
  observe?: (ctx: TransitionContext) => ProcessAttributes;
  /** Instance key for a message; default the process id. */
  instanceKey?: (message: UnifiedMessage) => InstanceKey | Refusal;
}

export function payloadOf<T extends MessageType>(message: UnifiedMessage, type: T): PayloadOf<T> | undefined {
  return message.messageType === type ? (message.payload as PayloadOf<T>) : undefined;
}

/** Loose read of one payload field, for selectors shared across message types. */
export function payloadField(message: UnifiedMessage, name: string): unknown {
  return (message.payload as Record<string, unknown>)[name];
}

export function payloadIs(name: string, value: string | boolean): Selector {
  return {
    test: (ctx) => payloadField(ctx.message, name) === value,
    en: `payload.${name} is ${String(value)}`,
    zh: `payload.${name}为${String(value)}`,
  };
}

export function allOf(...selectors: Selector[]): Selector {
  return {
    test: (ctx) => selectors.every((s) => s.test(ctx)),
    en: selectors.map((s) => s.en).join(' and '),
    zh: selectors.map((s) => s.zh).join('且'),
  };
}

export function isOpenRow(row: TransitionRow): boolean {
  return row.from === OPEN;
}

export function rowLeavesFrom(row: TransitionRow, state: string): boolean {
  return row.from !== OPEN && row.from.includes(state);
}
