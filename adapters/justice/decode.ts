/** SFXZ bodies → unified messages: an outbox page `{items, next}` or a single item. */
import type { DecodeResult, Headers } from '../types';
import { decodeWholeBody } from '../shared/body-decode';
import { decodeBody } from '../shared/charset';
import { headerOf } from '../shared/http-headers';
import { IssueCollector, MappingError } from '../shared/issues';
import { isObject, warnUnknownKeys } from '../shared/json-read';
import { topLevelArrayItemTexts } from '../shared/json-spans';
import { addMappedItems } from '../shared/outbox-page';
import { DEFAULT_JSON_LIMITS, parseJson } from '../shared/safe-json';
import { mapJusticeItem } from './map-in';

export function justiceBodyText(body: Buffer, headers?: Headers): string {
  return decodeBody(body, headerOf(headers, 'content-type'));
}

/** Decodes SFXZ JSON text; throws MappingError when the body as a whole cannot be read. */
export function decodeJusticeText(text: string): DecodeResult {
  const value = parseJson(text);
  const result: DecodeResult = { messages: [], rejected: [] };
  if (isObject(value) && 'items' in value) {
    if (!Array.isArray(value['items'])) throw new MappingError([{ field: 'items', value: value['items'], reason: 'must be an array (应为数组)' }]);
    const next = value['next'];
    if (next !== undefined && next !== null && typeof next !== 'string')
      throw new MappingError([{ field: 'next', value: next, reason: 'must be a string cursor (应为字符串游标)' }]);
    if (typeof next === 'string' && next !== '') result.nextCursor = next;
    const page = new IssueCollector();
    warnUnknownKeys(value, '', ['items', 'next'], page);
    const texts = topLevelArrayItemTexts(text, 'items');
    addMappedItems(result, value['items'], page.warnings, (item, i) => ({
      mapped: mapJusticeItem(item, `items[${i}]`),
      raw: texts?.[i] ?? JSON.stringify(item),
    }));
    return result;
  }
  addMappedItems(result, [value], [], () => ({ mapped: mapJusticeItem(value, ''), raw: text }));
  return result;
}

/** The codec's decode: never throws; a body that cannot be read at all is one rejected entry. */
export function decodeJustice(body: Buffer, headers?: Headers): DecodeResult {
  return decodeWholeBody(body, { maxBytes: DEFAULT_JSON_LIMITS.maxBytes, text: (bytes) => justiceBodyText(bytes, headers), decode: decodeJusticeText });
}
