/** SFXZ bodies → unified messages: an outbox page `{items, next}` or a single item. */
import type { DecodeResult, Headers } from '../types';
import { decodeBody } from '../shared/charset';
import { IssueCollector, MappingError } from '../shared/issues';
import { isObject, warnUnknownKeys } from '../shared/json-read';
import { topLevelArrayItemTexts } from '../shared/json-spans';
import { DEFAULT_JSON_LIMITS, parseJson } from '../shared/safe-json';
import { mapJusticeItem } from './map-in';

function header(headers: Headers | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

export function justiceBodyText(body: Buffer, headers?: Headers): string {
  return decodeBody(body, header(headers, 'content-type'));
}

/** Decodes SFXZ JSON text; throws MappingError when the body as a whole cannot be read. */
export function decodeJusticeText(text: string): DecodeResult {
  const value = parseJson(text);
  const result: DecodeResult = { messages: [], rejected: [] };
  if (isObject(value) && 'items' in value) {
    if (!Array.isArray(value['items'])) throw new MappingError([{ field: 'items', value: value['items'], reason: 'must be an array (应为数组)' }]);
    const next = value['next'];
    if (next !== undefined && next !== null && typeof next !== 'string') throw new MappingError([{ field: 'next', value: next, reason: 'must be a string cursor (应为字符串游标)' }]);
    if (typeof next === 'string' && next !== '') result.nextCursor = next;
    const page = new IssueCollector();
    warnUnknownKeys(value, '', ['items', 'next'], page);
    const texts = topLevelArrayItemTexts(text, 'items');
    let pageWarnings = page.warnings;
    value['items'].forEach((item: unknown, i: number) => {
      const raw = texts?.[i] ?? JSON.stringify(item);
      const mapped = mapJusticeItem(item, `items[${i}]`);
      if (mapped.result.ok) {
        // Page-level notes travel with the first item that maps.
        result.messages.push({ message: mapped.result.message, warnings: [...pageWarnings, ...mapped.warnings], raw });
        pageWarnings = [];
      } else {
        result.rejected.push({ ...(mapped.legacyId ? { legacyId: mapped.legacyId } : {}), issues: mapped.result.issues, raw });
      }
    });
    return result;
  }
  const mapped = mapJusticeItem(value, '');
  if (mapped.result.ok) result.messages.push({ message: mapped.result.message, warnings: mapped.warnings, raw: text });
  else result.rejected.push({ ...(mapped.legacyId ? { legacyId: mapped.legacyId } : {}), issues: mapped.result.issues, raw: text });
  return result;
}

/** The codec's decode: never throws; a body that cannot be read at all is one rejected entry. */
export function decodeJustice(body: Buffer, headers?: Headers): DecodeResult {
  let text: string | undefined;
  if (body.length > DEFAULT_JSON_LIMITS.maxBytes) {
    return { messages: [], rejected: [{ issues: [{ field: 'body', value: body.length, reason: `larger than ${DEFAULT_JSON_LIMITS.maxBytes} bytes (报文过大)` }], raw: body.subarray(0, 1024).toString('utf8') }] };
  }
  try {
    text = justiceBodyText(body, headers);
    return decodeJusticeText(text);
  } catch (error) {
    const issues = error instanceof MappingError ? error.issues : [{ field: 'body', reason: String(error) }];
    return { messages: [], rejected: [{ issues, raw: text ?? body.toString('utf8') }] };
  }
}
