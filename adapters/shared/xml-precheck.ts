/**
 * The cheap linear check legacy XML passes before fast-xml-parser reads it: what the parser does
 * not check or limit itself. fast-xml-parser's parse does not verify structure (a truncated body,
 * a mismatched end tag or a second root read as a tree), lets a repeated attribute silently win,
 * and spends ~13 µs per attribute, so one tag with a million attributes is a flood it cannot
 * bound. This pass refuses: any `<!DOCTYPE`/`<!ENTITY`/`<!ELEMENT …` (no DTD is ever processed),
 * more than one root or none, text outside the root, a start tag not closed by an end tag of the
 * same name in the right order, unclosed quotes, comments, CDATA and processing instructions,
 * `/` inside a start tag, a tag name followed by non-XML white space, a repeated attribute (also
 * `p:id` next to `q:id`, which read as one `@id`) and more than `maxAttributes` attributes in
 * one tag. It keeps the names of the open elements to match end tags; that stack is bounded by
 * the same depth limit the parser gets as `maxNestedTags`.
 */
import { MappingError } from './issues';

export const doctypeRefused = (): MappingError =>
  new MappingError([{ field: 'DOCTYPE', reason: 'XML with a DOCTYPE or entity declaration is refused (拒绝含DOCTYPE或实体声明的XML)' }]);

export const depthError = (field: string, maxDepth: number): MappingError =>
  new MappingError([{ field, reason: `XML nesting deeper than ${maxDepth} levels is refused (XML嵌套超过${maxDepth}层，拒绝处理)` }]);

export const notWellFormed = (reason: string, at: number | undefined): MappingError =>
  new MappingError([{ field: 'body', reason: `is not well-formed XML: ${reason}${at === undefined ? '' : ` at offset ${at}`} (XML格式错误)` }]);

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** White space XML allows around the root (and a byte order mark). */
const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

/** JavaScript's `\s`: where fast-xml-parser ends tag names and attribute tokens. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** The key an attribute is read under: its name after the prefix; '' for namespace declarations. */
function attributeKey(name: string): string {
  const colon = name.indexOf(':');
  if (colon === -1) return name === 'xmlns' ? '' : name;
  if (colon === 5 && name.startsWith('xmlns')) return '';
  return name.indexOf(':', colon + 1) === -1 ? name.slice(colon + 1) : name;
}

/**
 * The attributes in `text[start, end)` counted and checked for repeats: `name="value"` or
 * `name='value'`, optional space around `=`; a token without a quoted value is not an attribute
 * (the parser ignores it too).
 */
function checkAttributes(text: string, start: number, end: number, element: string, maxAttributes: number): void {
  let seen: Map<string, string> | undefined;
  let count = 0;
  let p = start;
  while (p < end) {
    let c = text.charCodeAt(p);
    if (c === EQUALS || isSpace(c)) {
      p++;
      continue;
    }
    const nameStart = p;
    while (p < end && (c = text.charCodeAt(p)) !== EQUALS && !isSpace(c)) p++;
    const name = text.slice(nameStart, p);
    while (p < end && isSpace(text.charCodeAt(p))) p++;
    if (p >= end || text.charCodeAt(p) !== EQUALS) continue;
    let q = p + 1;
    while (q < end && isSpace(text.charCodeAt(q))) q++;
    const quote = q < end ? text.charCodeAt(q) : 0;
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) continue;
    const close = text.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", q + 1);
    if (close === -1 || close >= end) continue;
    p = close + 1;
    if (++count > maxAttributes) throw notWellFormed(`more than ${maxAttributes} attributes in <${element}> (attribute flood)`, nameStart);
    const key = attributeKey(name) || name;
    seen ??= new Map();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const prefixOnly = earlier !== name && key !== name;
      throw notWellFormed(`attribute ${name} repeated in <${element}>${prefixOnly ? ` (read as ${key} without its namespace prefix)` : ''}`, nameStart);
    }
    seen.set(key, name);
  }
}

export interface XmlPrecheckLimits {
  maxDepth: number;
  maxAttributes: number;
}

/** Throws MappingError for the first problem found; returns when the text may go to the parser. */
export function precheckXml(text: string, limits: XmlPrecheckLimits): void {
  const { maxDepth, maxAttributes } = limits;
  const n = text.length;
  const open: string[] = [];
  let sawRoot = false;
  let i = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (open.length === 0) {
      for (let k = i; k < textEnd; k++) if (!isXmlSpace(text.charCodeAt(k))) throw notWellFormed('text outside the root element', k);
    }
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) throw notWellFormed('processing instruction not closed', lt);
      i = end + 2;
    } else if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) throw notWellFormed('comment not closed', lt);
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        if (open.length === 0) throw notWellFormed('CDATA outside the root element', lt);
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) throw notWellFormed('CDATA section not closed', lt);
        i = end + 3;
      } else {
        throw doctypeRefused();
      }
    } else if (next === SLASH) {
      const end = text.indexOf('>', lt + 2);
      if (end === -1) throw notWellFormed('end tag not closed', lt);
      const name = text.slice(lt + 2, end).trim();
      const expected = open.pop();
      if (expected === undefined) throw notWellFormed(`end tag </${name}> without a start tag`, lt);
      if (name !== expected) throw notWellFormed(`end tag </${name}> does not match <${expected}>`, lt);
      i = end + 1;
    } else {
      let k = lt + 1;
      for (let c = text.charCodeAt(k); k < n && c !== GT && c !== SLASH && !isSpace(c); c = text.charCodeAt(++k));
      const name = text.slice(lt + 1, k);
      if (name === '') throw notWellFormed("'<' not followed by a name", lt);
      const nameEnd = k;
      if (!isXmlSpace(text.charCodeAt(nameEnd)) && isSpace(text.charCodeAt(nameEnd)))
        throw notWellFormed(`<${name} is followed by a character that is not XML white space`, nameEnd);
      for (; k < n; k++) {
        const c = text.charCodeAt(k);
        if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
          k = text.indexOf(c === DOUBLE_QUOTE ? '"' : "'", k + 1);
          if (k === -1) k = n;
        } else if (c === GT || c === LT) break;
      }
      if (k >= n || text.charCodeAt(k) !== GT) throw notWellFormed(`start tag <${name}> not closed`, lt);
      if (open.length === 0 && sawRoot) throw notWellFormed('more than one root element', lt);
      sawRoot = true;
      const selfClosing = text.charCodeAt(k - 1) === SLASH;
      if (text.charCodeAt(nameEnd) === SLASH && nameEnd !== k - 1) throw notWellFormed(`'/' inside the start tag <${name}>`, nameEnd);
      const attributesEnd = selfClosing ? k - 1 : k;
      if (nameEnd < attributesEnd) checkAttributes(text, nameEnd, attributesEnd, name, maxAttributes);
      if (!selfClosing) {
        if (open.length >= maxDepth) throw depthError(name, maxDepth);
        open.push(name);
      }
      i = k + 1;
    }
  }
  if (open.length > 0) throw notWellFormed(`<${open[open.length - 1]}> is not closed (the body may be truncated)`, n);
  if (!sawRoot) throw notWellFormed('no root element', 0);
}
