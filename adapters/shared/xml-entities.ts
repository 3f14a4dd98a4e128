/**
 * Entity references in legacy XML text and attribute values, decoded exactly as the platform has
 * always read them (fast-xml-parser 5 with `processEntities: true, htmlEntities: false`): the five
 * XML entities are replaced; a numeric reference to a character XML 1.0 forbids (NUL, a surrogate,
 * a C0 control other than tab, LF and CR) is removed; every other reference, numeric ones included,
 * stays as written. DOCTYPE-declared entities never get here: safe-xml refuses any DOCTYPE.
 */

/** A numeric reference is read up to `&` + 32 characters + `;`; a named one is at most `&quot;`. */
const MAX_NUMERIC_REFERENCE = 32;
const MAX_NAMED_REFERENCE = 4;

function replacementOf(name: string): string | undefined {
  switch (name) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  if (name.charCodeAt(0) !== 0x23 /* # */) return undefined;
  const second = name.charCodeAt(1);
  // parseInt as the former decoder did (it reads a leading number: `&#65x;` is 65).
  const codePoint = second === 0x78 || second === 0x58 ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  if (Number.isNaN(codePoint) || codePoint < 0 || codePoint > 0x10ffff) return undefined;
  const forbidden = codePoint === 0 || (codePoint >= 0xd800 && codePoint <= 0xdfff) || (codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d);
  return forbidden ? '' : undefined;
}

export function decodeXmlEntities(value: string): string {
  let at = value.indexOf('&');
  if (at === -1) return value;
  const n = value.length;
  let out = '';
  let copied = 0;
  while (at !== -1) {
    let end = at + 1;
    const limit = value.charCodeAt(end) === 0x23 /* # */ ? MAX_NUMERIC_REFERENCE : MAX_NAMED_REFERENCE + 1;
    while (end < n && value.charCodeAt(end) !== 0x3b /* ; */ && end - at <= limit) end++;
    if (end < n && end > at + 1 && value.charCodeAt(end) === 0x3b) {
      const replacement = replacementOf(value.slice(at + 1, end));
      if (replacement !== undefined) {
        out += value.slice(copied, at) + replacement;
        copied = end + 1;
        at = value.indexOf('&', copied);
        continue;
      }
    }
    at = value.indexOf('&', at + 1);
  }
  return copied === 0 ? value : out + value.slice(copied);
}
