import { XMLParser, type X2jOptions } from 'fast-xml-parser';
import { MappingError } from './issues';

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 20 * 1024 * 1024, maxDepth: 64 };

/** Refuses DOCTYPE (and so every entity declaration) before any parser sees the text. */
export function assertNoDoctype(text: string): void {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new MappingError([{ field: 'DOCTYPE', reason: 'XML with a DOCTYPE or entity declaration is refused' }]);
  }
}

/** Counts element nesting without building a tree, so a 10,000-deep document is refused cheaply. */
export function assertDepth(text: string, maxDepth: number): void {
  let depth = 0;
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)[^<>]*?(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  for (let match = tag.exec(text); match !== null; match = tag.exec(text)) {
    if (match[2] === undefined) continue;
    if (match[1] === '/') depth--;
    else if (match[3] !== '/') {
      depth++;
      if (depth > maxDepth) {
        throw new MappingError([{ field: match[2], reason: `XML nesting deeper than ${maxDepth} levels is refused` }]);
      }
    }
  }
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
};

export type XmlNode = Record<string, unknown>;

/**
 * Parses legacy XML safely: no DOCTYPE or entities, bounded size and depth, namespace prefixes
 * removed (any prefix or a default namespace reads the same), every element as an array.
 */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlNode {
  if (Buffer.byteLength(text) > limits.maxBytes) {
    throw new MappingError([{ field: 'body', reason: `larger than ${limits.maxBytes} bytes` }]);
  }
  assertNoDoctype(text);
  assertDepth(text, limits.maxDepth);
  try {
    return new XMLParser(PARSER_OPTIONS).parse(text, true) as XmlNode;
  } catch (error) {
    throw new MappingError([{ field: 'body', reason: `is not well-formed XML: ${(error as Error).message}` }]);
  }
}
