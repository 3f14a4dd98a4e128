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
  const text = iconv.decode(bytes, declared, { stripBOM: true });
  // iconv-lite substitutes U+FFFD for byte sequences the charset cannot decode.
  if (text.includes('\uFFFD')) {
    throw new MappingError([{ field: 'body', reason: `does not decode cleanly as ${declared} (无法按${declared}正确解码)` }]);
  }
  return text;
}

export function encodeBody(text: string, charset: string): Buffer {
  return iconv.encode(text, normalizeCharset(charset));
}
