import { z } from 'zod';
import { MESSAGE_TYPE_IDS, type MessageType } from '../../standard/codes/message-types';

/** A code table read backwards, built once: the standard's value → its legacy code (each value has one code). */
export function invertCodes<V extends string>(table: Readonly<Record<string, V>>): ReadonlyMap<V, string> {
  return new Map(Object.entries(table).map(([code, value]) => [value, code]));
}

const MessageTypeTableSchema = z.record(z.string(), z.enum(MESSAGE_TYPE_IDS));
const MessageCodesSchema = z.strictObject({ sends: MessageTypeTableSchema, receives: MessageTypeTableSchema });

/** A legacy system's message type codes, both ways. */
export interface MessageTypeCodes {
  /** Codes the system sends, and codes it receives, → the standard's message type. */
  readonly sends: Readonly<Record<string, MessageType>>;
  readonly receives: Readonly<Record<string, MessageType>>;
  /** Both directions in one table. */
  readonly byCode: Readonly<Record<string, MessageType>>;
  /** The system's code for a message type; undefined when it neither sends nor receives it. */
  readonly codeOf: (type: MessageType) => string | undefined;
}

/**
 * A system's message type codes from its data file (`message-codes.json`: `sends` and `receives`),
 * every value checked against the standard's message types when the adapter loads.
 */
export function messageTypeCodes(data: unknown): MessageTypeCodes {
  const { sends, receives } = MessageCodesSchema.parse(data);
  const byCode = { ...sends, ...receives };
  const codeByType = invertCodes(byCode);
  return { sends, receives, byCode, codeOf: (type) => codeByType.get(type) };
}
