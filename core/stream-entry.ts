/** Reading the core's stream entries (written by the Lua scripts: m, k, t, a, [e], [p]). */

export interface StreamEntry {
  /** Stream entry id. */
  id: string;
  messageId: string;
  orderKey: string;
  enqueuedAt: number;
  attempt: number;
  lastError: string | undefined;
  /** Absent when the payload is kept in the msgs hash (released lane messages, retries). */
  payload: string | undefined;
}

/** One entry of an XREADGROUP / XAUTOCLAIM reply (fields null when the entry was deleted). */
export type RawEntry = [id: string, fields: string[] | null];

/** Entry fields → StreamEntry (field order does not matter). */
export function parseEntry(id: string, fields: string[]): StreamEntry {
  let messageId = '';
  let orderKey = '';
  let enqueuedAt = Number.NaN;
  let attempt = 1;
  let lastError: string | undefined;
  let payload: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1]!;
    switch (fields[i]) {
      case 'm':
        messageId = value;
        break;
      case 'k':
        orderKey = value;
        break;
      case 't':
        enqueuedAt = Number(value);
        break;
      case 'a':
        attempt = Number(value) || 1;
        break;
      case 'e':
        lastError = value;
        break;
      case 'p':
        payload = value;
        break;
    }
  }
  return { id, messageId, orderKey, enqueuedAt, attempt, lastError, payload };
}

/** Entries of the single stream in an XREADGROUP reply. */
export function readEntries(reply: unknown): RawEntry[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const first = reply[0] as [string, RawEntry[]];
  return first[1] ?? [];
}

/** Stream id order: `<ms>-<seq>` compared numerically (ids have no leading zeros). */
export function idBefore(a: string, b: string): boolean {
  const ia = a.indexOf('-');
  const ib = b.indexOf('-');
  if (ia !== ib) return ia < ib;
  const msA = a.slice(0, ia);
  const msB = b.slice(0, ib);
  if (msA !== msB) return msA < msB;
  const seqA = a.length - ia;
  const seqB = b.length - ib;
  return seqA !== seqB ? seqA < seqB : a < b;
}
