import type { DecodeResult, OutboxPage } from '../types';
import type { MappingIssue } from './issues';
import type { MappedItem } from './mapping-result';

/**
 * Adds the items of one body to `result`, each mapped by `mapItem`: an item that maps as a message,
 * any other as rejected with its issues and raw text. Page-level warnings travel with the first
 * item that maps.
 */
export function addMappedItems<T>(
  result: DecodeResult,
  items: readonly T[],
  pageWarnings: readonly MappingIssue[],
  mapItem: (item: T, index: number) => { mapped: MappedItem; raw: string },
): void {
  let pending = pageWarnings;
  items.forEach((item, index) => {
    const { mapped, raw } = mapItem(item, index);
    if (mapped.result.ok) {
      result.messages.push({ message: mapped.result.message, warnings: [...pending, ...mapped.warnings], raw });
      pending = [];
    } else {
      result.rejected.push({ ...(mapped.legacyId ? { legacyId: mapped.legacyId } : {}), issues: mapped.result.issues, raw });
    }
  });
}

/**
 * A decoded outbox page with the ids to acknowledge: every mapped message and every rejected item
 * whose id could be read (one without cannot be acknowledged; it stays in the system's outbox).
 */
export function outboxPageOf(decoded: DecodeResult, cursor: string | undefined): OutboxPage {
  const ids = [...decoded.messages.map((m) => m.message.messageId), ...decoded.rejected.flatMap((r) => (r.legacyId ? [r.legacyId] : []))];
  return { decoded, ids, nextCursor: decoded.nextCursor ?? cursor };
}
