import { toBeijingIso } from '../standard/clocks/calendar-date';
import { instantOf } from './clocks';
import type { TimelineEntry } from './timeline';

/**
 * Stored form of timeline entries (kept in the case record): an array `[code, atMs, ...fields]` with times as epoch ms
 * and no repeated field names, about a third of the object form. Absent optional fields are
 * null (trailing ones dropped). Two fields are implied rather than stored: a message's
 * `receivedAt` (its `at`) and a state change's `messageId` (the message entry before it).
 */
type Kind = TimelineEntry['kind'];

interface Layout {
  code: string;
  fields: readonly string[];
  /** Fields holding ISO 8601 instants (stored as ms). */
  times?: readonly string[];
  /** Fields whose null is a value, not an absence. */
  nullable?: readonly string[];
}

const LAYOUTS: Record<Kind, Layout> = {
  case: { code: 'c', fields: ['caseUid', 'how', 'district', 'messageId'] },
  message: { code: 'm', fields: ['messageId', 'messageType', 'process', 'from', 'to', 'sentAt', 'docNos', 'numbers'], times: ['sentAt'] },
  state: { code: 's', fields: ['process', 'key', 'change', 'from', 'to', 'via'], nullable: ['key', 'from', 'to'] },
  violation: { code: 'v', fields: ['messageId', 'messageType', 'violation'] },
  clock: {
    code: 'k',
    fields: ['clock', 'run', 'action', 'deadline', 'limit', 'onTime', 'reason', 'messageId', 'legalDate', 'source', 'estimated', 'basis', 'due'],
    times: ['deadline'],
  },
  warning: { code: 'w', fields: ['clock', 'run', 'level', 'deadline', 'agency'], times: ['deadline'] },
  supervision: { code: 'o', fields: ['orderId', 'action', 'by', 'text'] },
  anomaly: { code: 'a', fields: ['anomaly'] },
};

const BY_CODE = new Map(Object.entries(LAYOUTS).map(([kind, layout]) => [layout.code, { kind: kind as Kind, layout }]));

/** `[code, atMs, ...fields]` */
export type StoredEntry = [string, number, ...unknown[]];

export function encodeEntry(entry: TimelineEntry): StoredEntry {
  const layout = LAYOUTS[entry.kind];
  const record = entry as unknown as Record<string, unknown>;
  const values = layout.fields.map((field) => {
    const value = record[field];
    if (value === undefined) return null;
    return layout.times?.includes(field) && typeof value === 'string' ? instantOf(value) : value;
  });
  while (values.length > 0 && values[values.length - 1] === null && !layout.nullable?.includes(layout.fields[values.length - 1]!)) values.pop();
  return [layout.code, instantOf(entry.at), ...values];
}

/** Decodes a case's stored entries in order (state entries take the preceding message's id). */
export function decodeEntries(stored: readonly StoredEntry[]): TimelineEntry[] {
  let lastMessageId: string | undefined;
  return stored.map((tuple) => {
    const [code, atMs, ...values] = tuple;
    const known = BY_CODE.get(code);
    if (!known) throw new Error(`unknown timeline entry code ${code} (未知的时间线记录类型)`);
    const { kind, layout } = known;
    const at = toBeijingIso(atMs);
    const entry: Record<string, unknown> = { at, kind };
    layout.fields.forEach((field, index) => {
      const value = values[index];
      if (value === undefined || (value === null && !layout.nullable?.includes(field))) {
        if (layout.nullable?.includes(field)) entry[field] = null;
        return;
      }
      entry[field] = layout.times?.includes(field) && typeof value === 'number' ? toBeijingIso(value) : value;
    });
    if (kind === 'message') {
      entry.receivedAt = at;
      lastMessageId = entry.messageId as string;
    }
    if (kind === 'state' && lastMessageId !== undefined) entry.messageId = lastMessageId;
    return entry as unknown as TimelineEntry;
  });
}
