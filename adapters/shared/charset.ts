import iconv from 'iconv-lite';
import { MappingError } from './issues';

const BOMS: ReadonlyArray<[string, Buffer]> = [['utf-8', Buffer.from([0xef, 0xbb, 0xbf])]];

/** The charset named by a Content-Type header, lower-cased, if any. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const match = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match ? match[1]!.toLowerCase() : undefined;
}

/** The encoding declared in an XML prolog, read from its ASCII-compatible bytes. */
export function charsetFromXmlProlog(body: Buffer): string | undefined {
  const head = body.subarray(0, 200).toString('latin1');
  const match = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  return match ? match[1]!.toLowerCase() : undefined;
}

/** Refuses malformed bytes instead of substituting U+FFFD; keeps no state between decode() calls. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function normalizeCharset(name: string): string {
  const lower = name.toLowerCase();
  if (lower === 'utf8') return 'utf-8';
  if (lower === 'gb2312') return 'gbk'; // GB2312 bodies are a subset; GBK decodes them exactly
  return lower;
}

/**
 * Decodes a body by its declared charset (the HTTP header first, then the XML prolog, else UTF-8).
 * A body that does not decode cleanly is refused rather than mangled, and a header that
 * contradicts the prolog is refused too.
 */
export function decodeBody(body: Buffer, contentType?: string, options: { xml?: boolean } = {}): string {
  const fromHeader = charsetFromContentType(contentType);
  const fromProlog = options.xml ? charsetFromXmlProlog(body) : undefined;
  const declared = normalizeCharset(fromHeader ?? fromProlog ?? 'utf-8');
  if (fromHeader && fromProlog && normalizeCharset(fromHeader) !== normalizeCharset(fromProlog)) {
    throw new MappingError([
      { field: 'Content-Type', value: contentType, reason: `charset ${fromHeader} contradicts the XML prolog encoding ${fromProlog} (字符集与XML声明不一致)` },
    ]);
  }
  if (!iconv.encodingExists(declared)) {
    throw new MappingError([{ field: 'charset', value: declared, reason: 'unsupported character encoding (不支持的字符集)' }]);
  }
  let bytes = body;
  for (const [name, bom] of BOMS) {
    if (declared === name && bytes.subarray(0, bom.length).equals(bom)) bytes = bytes.subarray(bom.length);
  }
  if (declared === 'utf-8') {
    try {
      return STRICT_UTF8.decode(bytes);
    } catch {
      throw new MappingError([{ field: 'body', reason: 'is not valid UTF-8 (declared charset utf-8) (不是有效的UTF-8编码)' }]);
    }
  }
  const text = iconv.decode(bytes, decoderFor(declared), { stripBOM: true });
  // iconv-lite substitutes U+FFFD for byte sequences the charset cannot decode.
  if (text.includes('\uFFFD')) {
    throw new MappingError([{ field: 'body', reason: `does not decode cleanly as ${declared} (无法按${declared}正确解码)` }]);
  }
  return text;
}

/**
 * GBK bodies are read as GB18030, its superset: every GBK byte sequence reads the same, and a
 * system that writes a rare character (生僻字, CJK Extension A/B) as GB18030's four-byte sequence
 * while labelling the body GBK is still read correctly.
 */
function decoderFor(charset: string): string {
  return charset === 'gbk' || charset === 'cp936' ? 'gb18030' : charset;
}

export function encodeBody(text: string, charset: string): Buffer {
  return iconv.encode(text, normalizeCharset(charset));
}

/** Charsets that hold every Unicode character: text is written as it is. */
const UNICODE_CHARSETS: ReadonlySet<string> = new Set(['utf-8', 'gb18030', 'utf-16le', 'utf-16be']);

/** True when `charset` (a legacy system's declared body charset) can hold every character. */
export function holdsAllCharacters(charset: string): boolean {
  return UNICODE_CHARSETS.has(normalizeCharset(charset));
}

/**
 * Text for an XML body in `charset`: every character the charset cannot hold (a rare character
 * in a GBK system) as a numeric character reference, `&#x4DAE;`; for UTF-8 and GB18030 the text
 * unchanged. Only character data and attribute values can hold such characters (tag names are
 * ASCII), so the whole serialised document can be passed.
 */
export function xmlTextFor(text: string, charset: string): string {
  return escapeUnencodable(text, charset, (codePoint) => `&#x${codePoint.toString(16).toUpperCase()};`);
}

/**
 * Text for a JSON body in `charset`: every character the charset cannot hold as `\uXXXX` escapes
 * (a surrogate pair outside the BMP), which JSON readers decode to the same character.
 */
export function jsonTextFor(text: string, charset: string): string {
  return escapeUnencodable(text, charset, (codePoint) => {
    const unit = (u: number): string => `\\u${u.toString(16).toUpperCase().padStart(4, '0')}`;
    if (codePoint < 0x10000) return unit(codePoint);
    const offset = codePoint - 0x10000;
    return unit(0xd800 + (offset >> 10)) + unit(0xdc00 + (offset & 0x3ff));
  });
}

function escapeUnencodable(text: string, charset: string, escape: (codePoint: number) => string): string {
  const name = normalizeCharset(charset);
  if (UNICODE_CHARSETS.has(name)) return text;
  // Common case first: the whole text survives the round trip.
  if (iconv.decode(iconv.encode(text, name), decoderFor(name)) === text) return text;
  let out = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint < 0x80) {
      out += char;
      continue;
    }
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      throw new MappingError([
        {
          field: 'text',
          value: `U+${codePoint.toString(16).toUpperCase()}`,
          reason: 'a lone surrogate is not a character and cannot be written in any charset (孤立代理项不是有效字符)',
        },
      ]);
    }
    out += iconv.decode(iconv.encode(char, name), decoderFor(name)) === char ? char : escape(codePoint);
  }
  return out;
}
