import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../adapters/shared/charset';
import { MappingError } from '../../adapters/shared/issues';
import { parseXml } from '../../adapters/shared/safe-xml';
import { withCpuTime } from '../support/timing';

/**
 * fast-xml-parser as the adapters configure it, without the pre-check: parseXml must give the same
 * tree (the shape the adapters have always read) and refuse nothing well-formed.
 */
const formerParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (_name, _jpath, _isLeaf, isAttribute) => !isAttribute,
  jPath: false,
});

/** Key order matters (warnings list unknown fields in document order), so trees are compared as JSON text. */
function sameTree(text: string): void {
  expect(JSON.stringify(parseXml(text))).toBe(JSON.stringify(formerParser.parse(text)));
}

const xmlFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.xml'))
    .map((name) => `${dir}/${name}`);

const ROOT = new URL('../../', import.meta.url).pathname;
const FIXTURE_FILES = [
  ...xmlFiles(`${ROOT}adapters/psb/fixtures`),
  ...xmlFiles(`${ROOT}adapters/court/fixtures`),
  ...xmlFiles(`${ROOT}bench/fixtures`),
  ...xmlFiles(fileURLToPath(new URL('../fixtures/legacy-samples', import.meta.url))),
];

function refusal(text: string): string {
  try {
    parseXml(text);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    return (error as MappingError).message;
  }
  throw new Error(`accepted: ${text.slice(0, 80)}`);
}

/** The least CPU time of a few runs, in milliseconds (the machine may be shared: other processes do not count). */
function fastest(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) best = Math.min(best, withCpuTime(run).cpuMs);
  return best;
}

describe('parseXml builds the tree the adapters have always read', () => {
  it.each(FIXTURE_FILES.map((path) => [path.slice(path.lastIndexOf('/', path.lastIndexOf('/') - 1) + 1), path]))('%s', (_name, path) => {
    let text: string;
    try {
      text = decodeBody(readFileSync(path), undefined, { xml: true });
    } catch {
      return; // a fixture of bytes that are not text in their charset never reaches the parser
    }
    let former: unknown;
    try {
      former = formerParser.parse(text);
    } catch {
      return;
    }
    if (/truncated/.test(path)) return expect(() => parseXml(text)).toThrow(/not closed/);
    expect(JSON.stringify(parseXml(text))).toBe(JSON.stringify(former));
  });

  it('on generated documents: prefixes, namespace declarations, entities, CDATA, comments, mixed content, CRLF', () => {
    const name = fc.constantFrom('a', 'b', 'Case', 'ce:Message', 'p:a', 'q:b', 'x:y:z', 'toString', 'valueOf', 'isPrototypeOf', '中文', 'soap:Body');
    const attributeName = fc.constantFrom('id', 'type', 'p:no', 'xmlns', 'xmlns:p', 'a:b:c', '__proto__', '值');
    const piece = fc.constantFrom(
      'x',
      ' ',
      '\n',
      '\r\n',
      '\r',
      '\t',
      '&amp;',
      '&lt;',
      '&gt;',
      '&quot;',
      '&apos;',
      '&#65;',
      '&#x42;',
      '&#0;',
      '&#1;',
      '&#9;',
      '&#xD800;',
      '&foo;',
      '&',
      ';',
      '>',
      '"',
      "'",
      '\u3000',
      '\u00a0',
      '中',
      '&#x4G;',
      '&amp;lt;',
      ']]',
      '=',
    );
    const text = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(''));
    const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n');
    const attribute = fc
      .tuple(attributeName, space, space, fc.constantFrom('"', "'"), text)
      .map(([n, before, after, quote, value]) => ({ name: n, text: ` ${n}${before}=${after}${quote}${value.split(quote).join('')}${quote}` }));
    const content = fc.letrec<{ node: string; element: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.constant('<!-- c -->'),
        text.map((t) => `<![CDATA[${t}]]>`),
        fc.constant('<?pi x?>'),
        tie('element'),
      ),
      element: fc
        .tuple(
          name,
          fc.uniqueArray(attribute, { maxLength: 3, selector: (a) => a.name.slice(a.name.indexOf(':') + 1) }),
          space,
          fc.array(tie('node'), { maxLength: 4 }),
        )
        .map(([n, attributes, trailing, children]) => {
          const open = `<${n}${attributes.map((a) => a.text).join('')}${trailing}`;
          return children.length === 0 && trailing === ' ' ? `${open}/>` : `${open}>${children.join('')}</${n}>`;
        }),
    }));
    const document = fc
      .tuple(fc.constantFrom('', '<?xml version="1.0"?>\n', '\uFEFF'), content.element, fc.constantFrom('', '\n', '<!-- tail -->'))
      .map((parts) => parts.join(''));
    fc.assert(fc.property(document, sameTree), { numRuns: 3000 });
  });
});

describe('parseXml reads', () => {
  it('the five XML entities and numeric references (rare characters included); references to characters XML forbids are removed', () => {
    expect(parseXml('<a b="&lt;&amp;amp;">&lt;&gt;&amp;&quot;&apos; &#65;&#x42; &#0;&#1;&#xD800;x &foo; a&b</a>')).toEqual({
      a: [{ '#text': `<>&"' AB x &foo; a&b`, '@b': '<&amp;' }],
    });
    // 䶮 (U+4DAE, CJK Extension A) and 𠀀 (U+20000, Extension B) as a GBK system writes them.
    expect(parseXml('<XM a="&#19886;">张&#x4DAE;&#x20000;</XM>')).toEqual({ XM: [{ '#text': '张䶮𠀀', '@a': '䶮' }] });
    expect(parseXml('<XM>&amp;#x4DAE;</XM>')).toEqual({ XM: ['&#x4DAE;'] });
  });

  it('CDATA as written (neither trimmed nor decoded), CRLF as LF, text around children joined', () => {
    expect(parseXml('<a> x <![CDATA[ &amp; <y> ]]>\r\nz<b/> w </a>')).toEqual({ a: [{ b: [''], '#text': 'x &amp; <y> z' + 'w' }] });
    expect(parseXml('<a>line1\r\nline2\rline3</a>')).toEqual({ a: ['line1\nline2\nline3'] });
  });

  it('any namespace prefix the same, dropping namespace declarations', () => {
    expect(parseXml('<s:Envelope xmlns:s="u" xmlns="d"><ce:Message ce:id="1" type="X"/></s:Envelope>')).toEqual({
      Envelope: [{ Message: [{ '@id': '1', '@type': 'X' }] }],
    });
  });
});

describe('parseXml refuses hostile and broken XML', () => {
  it('10 000- and 100 000-deep nesting at once (well under a millisecond when the machine is idle), in the shared parser itself', () => {
    const deep10k = `${'<A>'.repeat(10_000)}x${'</A>'.repeat(10_000)}`;
    const deep100k = `<soap:Envelope><soap:Body>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</soap:Body></soap:Envelope>`;
    expect(refusal(deep10k)).toMatch(/deeper than 64/);
    // Refused at the 65th start tag (only the DOCTYPE check scans the rest). Generous bounds: test files run in parallel.
    expect(fastest(() => refusal(deep10k))).toBeLessThan(10);
    expect(fastest(() => refusal(deep100k))).toBeLessThan(50);
    expect(refusal(`<r>${'<a b="1">'.repeat(65)}`)).toMatch(/deeper than 64/);
    expect(parseXml(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`)).toBeDefined();
  });

  it('an attribute flood: 50 000 attributes or namespace declarations in one tag, refused by the pre-check in linear time', () => {
    const attributes = Array.from({ length: 50_000 }, (_, i) => ` a${i}="${i}"`).join('');
    expect(refusal(`<a${attributes}/>`)).toMatch(/more than 256 attributes in <a>/);
    expect(fastest(() => refusal(`<a${attributes}/>`))).toBeLessThan(100);
    const declarations = Array.from({ length: 50_000 }, (_, i) => ` xmlns:p${i}="u"`).join('');
    expect(refusal(`<a${declarations}/>`)).toMatch(/more than 256 attributes/);
    const allowed = Array.from({ length: 256 }, (_, i) => ` a${i}="${i}"`).join('');
    expect(Object.keys((parseXml(`<a${allowed}/>`)['a'] as object[])[0]!)).toHaveLength(256);
  });

  it('DOCTYPE and entity declarations anywhere', () => {
    expect(refusal('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toMatch(/DOCTYPE/);
    expect(refusal('<a><!ENTITY x "y"></a>')).toMatch(/DOCTYPE/);
    expect(refusal('<a><!ELEMENT a ANY></a>')).toMatch(/DOCTYPE/);
  });

  it('a truncated body, mismatched or stray end tags, two roots, text outside the root', () => {
    expect(refusal('<a><b>1</b>')).toMatch(/<a> is not closed/);
    expect(refusal('<a><b></a></b>')).toMatch(/does not match/);
    expect(refusal('<a/></a>')).toMatch(/without a start tag/);
    expect(refusal('<a/><b/>')).toMatch(/more than one root/);
    expect(refusal('x<a/>')).toMatch(/text outside the root/);
    expect(refusal('')).toMatch(/no root element/);
    expect(refusal('<a b="1></a>')).toMatch(/not closed/);
    expect(refusal('<a><!-- x</a>')).toMatch(/comment not closed/);
    expect(refusal('<a><![CDATA[x</a>')).toMatch(/CDATA section not closed/);
    expect(refusal('<a/b>x</a>')).toMatch(/'\/' inside the start tag/);
    expect(refusal('<a\u3000b="1"/>')).toMatch(/not XML white space/);
  });

  it('a repeated attribute, also when only its namespace prefix differs (the reader would get one silently)', () => {
    expect(refusal('<a b="1" b="2"/>')).toMatch(/attribute b repeated in <a>/);
    expect(refusal('<a p:b="1" q:b="2"/>')).toMatch(/attribute q:b repeated in <a> \(read as b/);
    expect(refusal('<a xmlns:p="1" xmlns:p="2"/>')).toMatch(/attribute xmlns:p repeated/);
  });

  it('element names that would reach Object.prototype; shadowing names are read as __name', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'x:__proto__'])
      expect(refusal(`<a><${name}><polluted>1</polluted></${name}></a>`)).toMatch(/refused/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(parseXml('<a><toString>1</toString></a>')).toEqual({ a: [{ __toString: ['1'] }] });
    expect(parseXml('<a __proto__="1"/>')).toEqual({ a: [{ '@__proto__': '1' }] });
  });

  it('an oversize text', () => {
    expect(() => parseXml(`<a>${'x'.repeat(2000)}</a>`, { maxBytes: 1000, maxDepth: 64 })).toThrow(/larger than 1000 bytes/);
  });
});
