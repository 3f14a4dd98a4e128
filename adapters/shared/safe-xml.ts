/**
 * Legacy XML → a plain tree, safely and in one linear pass over the text.
 *
 * The tree is the one the adapters have always read (it was fast-xml-parser 5's output with
 * attributes as `@name`, namespace prefixes removed, every element an array, trimmed text, the
 * five XML entities decoded; test/adapters/shared-safe-xml.test.ts compares both on fixtures and
 * generated documents). The pass that builds it also checks what makes the body trustworthy:
 * no DOCTYPE or entity declaration, exactly one root, every start tag closed by an end tag of the
 * same name in the right order (a truncated body is refused), no text outside the root, closed
 * quotes, no repeated attribute, bounded size and depth (a 100 000-deep body is refused after 65
 * tags), no element name that would pollute a prototype.
 */
import { MappingError } from './issues';
import { decodeXmlEntities } from './xml-entities';

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 20 * 1024 * 1024, maxDepth: 64 };

export type XmlNode = Record<string, unknown>;

const DTD = /<!(?:DOCTYPE|ENTITY)/i;

const doctypeRefused = (): MappingError =>
  new MappingError([{ field: 'DOCTYPE', reason: 'XML with a DOCTYPE or entity declaration is refused (拒绝含DOCTYPE或实体声明的XML)' }]);

/** Refuses DOCTYPE (and so every entity declaration) anywhere in the text, comments included. */
export function assertNoDoctype(text: string): void {
  if (DTD.test(text)) throw doctypeRefused();
}

const depthError = (field: string, maxDepth: number): MappingError =>
  new MappingError([{ field, reason: `XML nesting deeper than ${maxDepth} levels is refused (XML嵌套超过${maxDepth}层，拒绝处理)` }]);

const notWellFormed = (reason: string, at: number): MappingError =>
  new MappingError([{ field: 'body', reason: `is not well-formed XML: ${reason} at offset ${at} (XML格式错误)` }]);

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** White space XML allows around the root (and a byte order mark). */
const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

/** JavaScript's `\s`: where tag names and attribute tokens end, as they always have. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Line ends read as LF (XML end-of-line handling). */
const normalizeNewlines = (text: string): string => (text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n'));

/** Element names that would reach Object.prototype, and the tree's text key. */
const REFUSED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype', '#text']);
/** Element names that shadow an Object.prototype method: read as `__name`. */
const SHADOWING_NAMES: ReadonlySet<string> = new Set(['hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

/** The tree key of an element: its name after the first `:`, made safe as a property name. */
function elementKey(name: string, at: number): string {
  const colon = name.indexOf(':');
  const local = colon === -1 ? name : name.slice(colon + 1);
  if (REFUSED_NAMES.has(local)) throw notWellFormed(`element name "${local}" is refused (reserved name, prototype pollution)`, at);
  return SHADOWING_NAMES.has(local) ? `__${local}` : local;
}

/** An attribute's name without its prefix; '' for namespace declarations (`xmlns`, `xmlns:p`), which are dropped. */
function attributeLocalName(name: string): string {
  const colon = name.indexOf(':');
  if (colon === -1) return name === 'xmlns' ? '' : name;
  if (colon === 5 && name.startsWith('xmlns')) return '';
  return name.indexOf(':', colon + 1) === -1 ? name.slice(colon + 1) : name;
}

/**
 * The attributes written in `text[start, end)` (after the element name, before `>` or `/>`):
 * `name="value"` or `name='value'` with optional space around `=`; values trimmed and
 * entity-decoded; a token without a quoted value is ignored. Two attributes with the same name
 * (also once prefixes are removed) are refused: the reader would silently get only one.
 */
function readAttributes(text: string, start: number, end: number, element: string): XmlNode | undefined {
  let attributes: XmlNode | undefined;
  let declarations: Set<string> | undefined;
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
    const local = attributeLocalName(name);
    if (local === '') {
      if ((declarations ??= new Set()).has(name)) throw notWellFormed(`attribute ${name} repeated in <${element}>`, nameStart);
      declarations.add(name);
      continue;
    }
    const key = `@${local}`;
    attributes ??= {};
    if (attributes[key] !== undefined) {
      throw notWellFormed(`attribute ${name} repeated in <${element}>${name === local ? '' : ` (read as ${local} without its namespace prefix)`}`, nameStart);
    }
    attributes[key] = decodeXmlEntities(normalizeNewlines(text.slice(q + 1, close)).trim());
  }
  return attributes;
}

/** An element whose end tag has not been read yet. */
interface OpenElement {
  /** As written, for matching the end tag. */
  name: string;
  key: string;
  attributes: XmlNode | undefined;
  children: XmlNode | undefined;
  text: string | undefined;
}

function addChild(parent: OpenElement, key: string, value: unknown): void {
  const children = parent.children;
  if (children === undefined) {
    parent.children = { [key]: [value] };
    return;
  }
  const siblings = children[key];
  if (siblings !== undefined && Object.prototype.hasOwnProperty.call(children, key)) (siblings as unknown[]).push(value);
  else children[key] = [value];
}

function appendText(element: OpenElement, text: string): void {
  element.text = element.text === undefined ? text : element.text + text;
}

/**
 * A closed element's value: its text when it has neither attributes nor child elements ('' when
 * empty), else an object with the child elements (arrays), `#text` and the `@attributes`.
 */
function valueOf(element: OpenElement): unknown {
  const { attributes, children, text } = element;
  if (attributes === undefined) {
    if (children === undefined) return text ?? '';
    if (text) children['#text'] = text;
    return children;
  }
  if (children === undefined && !text) return attributes;
  const value = children ?? {};
  if (text) value['#text'] = text;
  for (const key in attributes) value[key] = attributes[key];
  return value;
}

function buildTree(text: string, maxDepth: number): XmlNode {
  const n = text.length;
  const open: OpenElement[] = [];
  let current: OpenElement | undefined;
  let root: XmlNode | undefined;
  /** Character data since the last markup that splits text (tags, CDATA, processing instructions; not comments). */
  let pending = '';
  const flushText = (element: OpenElement): void => {
    if (pending === '') return;
    const trimmed = pending.trim();
    pending = '';
    if (trimmed === '') return;
    const decoded = decodeXmlEntities(trimmed);
    if (decoded !== '') appendText(element, decoded);
  };
  const closed = (key: string, value: unknown): void => {
    if (current === undefined) root = { [key]: [value] };
    else addChild(current, key, value);
  };

  let i = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) {
      if (current === undefined) {
        for (let k = i; k < textEnd; k++) if (!isXmlSpace(text.charCodeAt(k))) throw notWellFormed('text outside the root element', k);
      } else {
        const slice = normalizeNewlines(text.slice(i, textEnd));
        pending = pending === '' ? slice : pending + slice;
      }
    }
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) throw notWellFormed('processing instruction not closed', lt);
      if (current !== undefined) flushText(current);
      i = end + 2;
    } else if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) throw notWellFormed('comment not closed', lt);
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        if (current === undefined) throw notWellFormed('CDATA outside the root element', lt);
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) throw notWellFormed('CDATA section not closed', lt);
        flushText(current);
        // CDATA is kept as written: neither trimmed nor entity-decoded.
        if (end > lt + 9) appendText(current, normalizeNewlines(text.slice(lt + 9, end)));
        i = end + 3;
      } else {
        throw doctypeRefused();
      }
    } else if (next === SLASH) {
      const end = text.indexOf('>', lt + 2);
      if (end === -1) throw notWellFormed('end tag not closed', lt);
      const name = text.slice(lt + 2, end).trim();
      if (current === undefined) throw notWellFormed(`end tag </${name}> without a start tag`, lt);
      if (name !== current.name) throw notWellFormed(`end tag </${name}> does not match <${current.name}>`, lt);
      flushText(current);
      const element = current;
      open.pop();
      current = open.length === 0 ? undefined : open[open.length - 1];
      closed(element.key, valueOf(element));
      i = end + 1;
    } else {
      let k = lt + 1;
      for (let c = text.charCodeAt(k); k < n && c !== GT && c !== SLASH && !isSpace(c); c = text.charCodeAt(++k));
      const name = text.slice(lt + 1, k);
      if (name === '') throw notWellFormed("'<' not followed by a name", lt);
      const nameEnd = k;
      if (!isXmlSpace(text.charCodeAt(nameEnd)) && isSpace(text.charCodeAt(nameEnd))) throw notWellFormed(`<${name} is followed by a character that is not XML white space`, nameEnd);
      for (; k < n; k++) {
        const c = text.charCodeAt(k);
        if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
          k = text.indexOf(c === DOUBLE_QUOTE ? '"' : "'", k + 1);
          if (k === -1) k = n;
        } else if (c === GT || c === LT) break;
      }
      if (k >= n || text.charCodeAt(k) !== GT) throw notWellFormed(`start tag <${name}> not closed`, lt);
      if (current === undefined && root !== undefined) throw notWellFormed('more than one root element', lt);
      const selfClosing = text.charCodeAt(k - 1) === SLASH;
      if (text.charCodeAt(nameEnd) === SLASH && nameEnd !== k - 1) throw notWellFormed(`'/' inside the start tag <${name}>`, nameEnd);
      const key = elementKey(name, lt);
      const attributesEnd = selfClosing ? k - 1 : k;
      const attributes = nameEnd < attributesEnd ? readAttributes(text, nameEnd, attributesEnd, name) : undefined;
      if (current !== undefined) flushText(current);
      if (selfClosing) {
        closed(key, attributes ?? '');
      } else {
        if (open.length >= maxDepth) throw depthError(name, maxDepth);
        current = { name, key, attributes, children: undefined, text: undefined };
        open.push(current);
      }
      i = k + 1;
    }
  }
  if (current !== undefined) throw notWellFormed(`<${current.name}> is not closed (the body may be truncated)`, n);
  if (root === undefined) throw notWellFormed('no root element', 0);
  return root;
}

/**
 * Parses legacy XML safely: bounded size, no DOCTYPE or entities, well-formed structure, bounded
 * depth (all checked while the tree is built, in one pass); namespace prefixes removed (any prefix
 * or a default namespace reads the same); every element as an array.
 */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlNode {
  // UTF-16 length bounds the UTF-8 byte length from below (×3 from above): skip the exact count when clearly small.
  if (text.length * 3 > limits.maxBytes && Buffer.byteLength(text) > limits.maxBytes) {
    throw new MappingError([{ field: 'body', reason: `larger than ${limits.maxBytes} bytes (报文过大)` }]);
  }
  assertNoDoctype(text);
  return buildTree(text, limits.maxDepth);
}
