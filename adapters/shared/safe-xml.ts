/**
 * Legacy XML → a plain tree, read by fast-xml-parser after a cheap linear pre-check
 * (xml-precheck.ts: size, DOCTYPE, structure, attribute floods — what the parser does not limit).
 *
 * The tree is the one the adapters have always read: every element an array, attributes as
 * `@name`, namespace prefixes removed, trimmed text, CDATA as written, CRLF as LF. Entity
 * references: the five XML entities and numeric character references (`&#x4DAE;` → 䶮, `&#x20000;`
 * → 𠀀) are decoded; a reference to a character XML forbids (NUL, a surrogate, a C0 control) is
 * removed; the common HTML names (`&nbsp;`, `&copy;`) are decoded too (fast-xml-parser's
 * `htmlEntities`), any other name stays as written. No DTD is ever processed: any DOCTYPE is
 * refused before the parser sees the text. Depth is bounded by the parser's `maxNestedTags`.
 */
import { XMLParser, type X2jOptions } from 'fast-xml-parser';
import { MappingError } from './issues';
import { depthError, doctypeRefused, notWellFormed, precheckXml } from './xml-precheck';

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
  /** Attributes (namespace declarations included) one tag may carry. Default 256. */
  maxAttributes?: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 20 * 1024 * 1024, maxDepth: 64, maxAttributes: 256 };
const DEFAULT_MAX_ATTRIBUTES = 256;

export type XmlNode = Record<string, unknown>;

const DTD = /<!(?:DOCTYPE|ENTITY)/i;

/** Refuses DOCTYPE (and so every entity declaration) anywhere in the text, comments included. */
export function assertNoDoctype(text: string): void {
  if (DTD.test(text)) throw doctypeRefused();
}

const PARSER_OPTIONS: Partial<X2jOptions> = {
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // Numeric character references (rare characters from GBK systems arrive as `&#x4DAE;`) and the
  // common HTML names are decoded; XML's five always are.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element may repeat: readers take lists and single values from arrays alike.
  isArray: (_name, _jpath, _isLeaf, isAttribute) => !isAttribute,
  // No callback needs the element path; building it per element costs CPU.
  jPath: false,
};

/**
 * One parser per depth limit, built once: parse() keeps no state between documents, and building a
 * parser (options, entity tables) costs more than parsing a small message.
 */
const parsers = new Map<number, XMLParser>();

function parserFor(maxDepth: number): XMLParser {
  let parser = parsers.get(maxDepth);
  if (parser === undefined) {
    // The parser refuses a start tag when more than maxNestedTags elements are already open.
    parser = new XMLParser({ ...PARSER_OPTIONS, maxNestedTags: Math.max(0, maxDepth - 1) });
    parsers.set(maxDepth, parser);
  }
  return parser;
}

function parserError(error: unknown, maxDepth: number): MappingError {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('Maximum nested tags exceeded')) return depthError('body', maxDepth);
  if (message.includes('[SECURITY]') || message.startsWith('Invalid tag name')) {
    return notWellFormed(`${message.replace(/^\[SECURITY\]\s*/, '')}: element name refused (reserved name, prototype pollution)`, undefined);
  }
  return notWellFormed(message, undefined);
}

/**
 * Parses legacy XML safely: bounded size, no DOCTYPE, well-formed structure, bounded attributes
 * (the pre-check), bounded depth (pre-check and parser), namespace prefixes removed (any prefix or
 * a default namespace reads the same), every element as an array.
 */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlNode {
  // UTF-16 length bounds the UTF-8 byte length from below (×3 from above): skip the exact count when clearly small.
  if (text.length * 3 > limits.maxBytes && Buffer.byteLength(text) > limits.maxBytes) {
    throw new MappingError([{ field: 'body', reason: `larger than ${limits.maxBytes} bytes (报文过大)` }]);
  }
  assertNoDoctype(text);
  precheckXml(text, { maxDepth: limits.maxDepth, maxAttributes: limits.maxAttributes ?? DEFAULT_MAX_ATTRIBUTES });
  try {
    return parserFor(limits.maxDepth).parse(text) as XmlNode;
  } catch (error) {
    throw parserError(error, limits.maxDepth);
  }
}
