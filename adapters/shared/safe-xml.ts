import { XMLParser, type X2jOptions } from 'fast-xml-parser';
import { MappingError } from './issues';

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 20 * 1024 * 1024, maxDepth: 64 };

const DTD = /<!(?:DOCTYPE|ENTITY)/i;

/** Refuses DOCTYPE (and so every entity declaration) before any parser sees the text. */
export function assertNoDoctype(text: string): void {
  if (DTD.test(text)) {
    throw new MappingError([{ field: 'DOCTYPE', reason: 'XML with a DOCTYPE or entity declaration is refused (拒绝含DOCTYPE或实体声明的XML)' }]);
  }
}

const depthError = (field: string, maxDepth: number): MappingError =>
  new MappingError([{ field, reason: `XML nesting deeper than ${maxDepth} levels is refused (XML嵌套超过${maxDepth}层，拒绝处理)` }]);

/** Counts element nesting without building a tree (parseXml uses assertWellFormed, which also bounds depth). */
export function assertDepth(text: string, maxDepth: number): void {
  let depth = 0;
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)[^<>]*?(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  for (let match = tag.exec(text); match !== null; match = tag.exec(text)) {
    if (match[2] === undefined) continue;
    if (match[1] === '/') depth--;
    else if (match[3] !== '/') {
      depth++;
      if (depth > maxDepth) {
        throw depthError(match[2], maxDepth);
      }
    }
  }
}

const notWellFormed = (reason: string, at: number): MappingError =>
  new MappingError([{ field: 'body', reason: `is not well-formed XML: ${reason} at offset ${at} (XML格式错误)` }]);

const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

/**
 * One linear pass over the text checking the structure the parser itself does not: exactly one
 * root element, every start tag closed by an end tag of the same name in the right order (so a
 * truncated body is refused), no text outside the root, quoted attribute values closed, depth
 * bounded, and no markup declaration (`<!DOCTYPE`, `<!ENTITY`, …) at all. Element and attribute
 * name syntax is left to the parser (an odd name becomes an unknown element the mapper flags).
 */
export function assertWellFormed(text: string, maxDepth: number): void {
  const open: string[] = [];
  let sawRoot = false;
  let i = 0;
  const n = text.length;
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
        throw new MappingError([{ field: 'DOCTYPE', reason: 'XML with a DOCTYPE or entity declaration is refused (拒绝含DOCTYPE或实体声明的XML)' }]);
      }
    } else if (next === 0x2f /* / */) {
      const end = text.indexOf('>', lt + 2);
      if (end === -1) throw notWellFormed('end tag not closed', lt);
      const name = text.slice(lt + 2, end).trim();
      const expected = open.pop();
      if (expected === undefined) throw notWellFormed(`end tag </${name}> without a start tag`, lt);
      if (name !== expected) throw notWellFormed(`end tag </${name}> does not match <${expected}>`, lt);
      i = end + 1;
    } else {
      let k = lt + 1;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (isXmlSpace(c) || c === 0x2f || c === 0x3e) break;
        k++;
      }
      const name = text.slice(lt + 1, k);
      if (name === '') throw notWellFormed("'<' not followed by a name", lt);
      let quote = 0;
      let attributes: string[] | undefined;
      for (; k < n; k++) {
        const c = text.charCodeAt(k);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === 0x22 || c === 0x27) quote = c;
        else if (c === 0x3e || c === 0x3c) break;
        else if (c === 0x3d /* = */) {
          // A repeated attribute would leave the parser to pick one value silently.
          let e = k;
          while (e > lt && isXmlSpace(text.charCodeAt(e - 1))) e--;
          let b = e;
          while (b > lt && !isXmlSpace(text.charCodeAt(b - 1))) b--;
          const attribute = text.slice(b, e);
          if ((attributes ??= []).includes(attribute)) throw notWellFormed(`attribute ${attribute} repeated in <${name}>`, k);
          attributes.push(attribute);
        }
      }
      if (k >= n || text.charCodeAt(k) !== 0x3e) throw notWellFormed(`start tag <${name}> not closed`, lt);
      if (open.length === 0 && sawRoot) throw notWellFormed('more than one root element', lt);
      sawRoot = true;
      if (text.charCodeAt(k - 1) !== 0x2f) {
        open.push(name);
        if (open.length > maxDepth) throw depthError(name, maxDepth);
      }
      i = k + 1;
    }
  }
  if (open.length > 0) throw notWellFormed(`<${open[open.length - 1]}> is not closed (the body may be truncated)`, n);
  if (!sawRoot) throw notWellFormed('no root element', 0);
}

const PARSER_OPTIONS: Partial<X2jOptions> = {
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element may repeat: callers read lists with asArray() and single values with one().
  isArray: (_name, _jpath, _isLeaf, isAttribute) => !isAttribute,
  // The callbacks do not need the element path; building it as a string per element is costly.
  jPath: false,
};

/** Parsers are reusable (parse() keeps no state between calls); one per depth limit. */
const parsers = new Map<number, XMLParser>();

function parserFor(maxDepth: number): XMLParser {
  let parser = parsers.get(maxDepth);
  if (!parser) {
    // The parser refuses an element when it already has more than maxNestedTags open ancestors.
    parser = new XMLParser({ ...PARSER_OPTIONS, maxNestedTags: Math.max(0, maxDepth - 1) });
    parsers.set(maxDepth, parser);
  }
  return parser;
}

export type XmlNode = Record<string, unknown>;

/**
 * Parses legacy XML safely: no DOCTYPE or entities, bounded size and depth, structure checked by
 * assertWellFormed (one cheap pass instead of fast-xml-parser's validator, a second full parse),
 * namespace prefixes removed (any prefix or a default namespace reads the same), every element
 * as an array.
 */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlNode {
  // UTF-16 length bounds the UTF-8 byte length from below (×3 from above): skip the exact count when clearly small.
  if (text.length * 3 > limits.maxBytes && Buffer.byteLength(text) > limits.maxBytes) {
    throw new MappingError([{ field: 'body', reason: `larger than ${limits.maxBytes} bytes (报文过大)` }]);
  }
  assertNoDoctype(text);
  assertWellFormed(text, limits.maxDepth);
  try {
    return parserFor(limits.maxDepth).parse(text) as XmlNode;
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith('Maximum nested tags exceeded')) throw depthError('body', limits.maxDepth);
    throw new MappingError([{ field: 'body', reason: `is not well-formed XML: ${message} (XML格式错误)` }]);
  }
}
