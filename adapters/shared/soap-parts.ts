/**
 * Where the Header and the one Body of a SOAP envelope are, as character ranges of the text as
 * received.
 *
 * A signature over "the Body text as sent" is only worth something if exactly those characters
 * are what is then parsed and processed. The XML parser gives a tree, not positions, so this pass
 * finds the positions; the caller verifies `text.slice(body.start, body.end)` and parses that same
 * slice, never the whole envelope. The pass reads only the envelope's own structure and refuses
 * every shape in which something else could stand in for the signed Body (signature wrapping):
 * a second Body, a Header after the Body, an element other than Header and Body in the Envelope,
 * a comment, processing instruction, CDATA section or text between the Envelope's children,
 * anything but white space after the Envelope, and a DOCTYPE anywhere. Inside the Header and the
 * Body, comments and CDATA are stepped over as XML says, so `</soap:Body>` inside a comment does
 * not end the Body.
 */
import { MappingError } from './issues';
import { assertNoDoctype, DEFAULT_XML_LIMITS } from './safe-xml';

export interface TextRange {
  start: number;
  end: number;
}

export interface SoapParts {
  /** The Envelope's qualified name (`soap:Envelope`, `Envelope`, …). */
  envelopeName: string;
  header?: TextRange;
  body: TextRange;
}

/** Deeper than this inside the Envelope is refused here already (the parser refuses it too). */
const MAX_DEPTH = DEFAULT_XML_LIMITS.maxDepth;

const refuse = (field: string, reason: string): MappingError => new MappingError([{ field, reason }]);

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\n' || c === '\r' || c === '\t';

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text[i])) i += 1;
  return i;
}

/** The index of the `>` that ends the tag starting at `i` (quotes in attribute values respected). */
function tagEnd(text: string, i: number): number {
  let quote = '';
  for (let j = i + 1; j < text.length; j += 1) {
    const c = text[j]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
    else if (c === '<') break;
  }
  throw refuse('Envelope', `an unterminated tag at offset ${i} (标签未闭合)`);
}

/** The name of the start or end tag at `i` (`<name …` or `</name>`). */
function tagName(text: string, i: number): string {
  let j = text[i + 1] === '/' ? i + 2 : i + 1;
  const start = j;
  while (j < text.length && !isSpace(text[j]) && text[j] !== '>' && text[j] !== '/') j += 1;
  return text.slice(start, j);
}

const MARKUP: ReadonlyArray<[open: string, close: string, what: string]> = [
  ['<!--', '-->', 'comment'],
  ['<![CDATA[', ']]>', 'CDATA section'],
  ['<?', '?>', 'processing instruction'],
];

/** The comment, CDATA section or processing instruction at `i`, if one starts there. */
function markupAt(text: string, i: number): { end: number; what: string } | undefined {
  for (const [open, close, what] of MARKUP) {
    if (!text.startsWith(open, i)) continue;
    const at = text.indexOf(close, i + open.length);
    if (at === -1) throw refuse('Envelope', `an unterminated ${what} at offset ${i} (${what}未结束)`);
    return { end: at + close.length, what };
  }
  return undefined;
}

/** The end (exclusive) of the element whose start tag is at `start`. */
function elementEnd(text: string, start: number, depthAbove: number): number {
  const first = tagEnd(text, start);
  if (text[first - 1] === '/') return first + 1;
  const open: string[] = [tagName(text, start)];
  let i = first + 1;
  while (open.length > 0) {
    const lt = text.indexOf('<', i);
    if (lt === -1) throw refuse(`Envelope/${open[0]}`, `is not closed (${open[0]}未闭合)`);
    const markup = markupAt(text, lt);
    if (markup) {
      i = markup.end;
      continue;
    }
    const end = tagEnd(text, lt);
    const name = tagName(text, lt);
    if (text[lt + 1] === '/') {
      const expected = open.pop();
      if (name !== expected) throw refuse(`Envelope/${open[0] ?? expected}`, `</${name}> closes <${expected}> at offset ${lt} (标签不匹配)`);
    } else if (text[end - 1] !== '/') {
      open.push(name);
      if (open.length + depthAbove > MAX_DEPTH)
        throw refuse(`Envelope/${open[0]}`, `XML nesting deeper than ${MAX_DEPTH} levels is refused (XML嵌套超过${MAX_DEPTH}层，拒绝处理)`);
    }
    i = end + 1;
  }
  return i;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
const prefixOf = (name: string): string => (name.includes(':') ? name.slice(0, name.indexOf(':')) : '');

/**
 * The Header and Body ranges of a SOAP envelope; throws a MappingError naming the part at fault
 * for any shape other than: optional XML declaration, `<Envelope>` holding white space, at most
 * one `<Header>`, then exactly one `<Body>` (same prefix as the Envelope), then white space.
 */
export function soapParts(text: string): SoapParts {
  assertNoDoctype(text);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  i = skipSpace(text, i);
  if (text.startsWith('<?xml', i)) i = skipSpace(text, markupAt(text, i)!.end);
  if (text[i] !== '<' || markupAt(text, i)) {
    throw refuse(
      'Envelope',
      'must be the first thing in the text: comments, processing instructions or text before it are refused (报文须以SOAP Envelope开始)',
    );
  }
  const envelopeName = tagName(text, i);
  if (localName(envelopeName) !== 'Envelope') throw refuse('Envelope', `the root element is ${envelopeName}, not a SOAP Envelope (不是SOAP报文)`);
  const prefix = prefixOf(envelopeName);
  const openEnd = tagEnd(text, i);
  if (text[openEnd - 1] === '/') throw refuse('Envelope/Body', 'is missing (缺少SOAP Body)');
  let header: TextRange | undefined;
  let body: TextRange | undefined;
  i = openEnd + 1;
  for (;;) {
    i = skipSpace(text, i);
    if (i >= text.length) throw refuse('Envelope', 'is not closed (Envelope未闭合)');
    if (text[i] !== '<') throw refuse('Envelope', `text between the envelope's parts at offset ${i} is refused (Envelope内不得有游离文本)`);
    const markup = markupAt(text, i);
    if (markup)
      throw refuse(
        'Envelope',
        `a ${markup.what} between the envelope's parts at offset ${i} is refused: it could hide a signed part (Envelope内不得有注释、处理指令或CDATA)`,
      );
    const name = tagName(text, i);
    if (text[i + 1] === '/') {
      if (name !== envelopeName) throw refuse('Envelope', `</${name}> closes <${envelopeName}> (标签不匹配)`);
      const after = skipSpace(text, tagEnd(text, i) + 1);
      if (after !== text.length) throw refuse('Envelope', `anything after the envelope (offset ${after}) is refused (Envelope之后不得有内容)`);
      break;
    }
    const end = elementEnd(text, i, 1);
    const part = localName(name);
    if (prefixOf(name) !== prefix || (part !== 'Header' && part !== 'Body')) {
      throw refuse(`Envelope/${name}`, 'is not a SOAP Header or Body of this envelope: refused (Envelope内只允许一个Header和一个Body)');
    }
    if (part === 'Header') {
      if (header || body) throw refuse('Envelope/Header', body ? 'comes after the Body (Header须在Body之前)' : 'appears twice (Header重复)');
      header = { start: i, end };
    } else {
      if (body) throw refuse('Envelope/Body', 'appears twice: an envelope holds exactly one Body (SOAP Body重复，拒收)');
      body = { start: i, end };
    }
    i = end;
  }
  if (!body) throw refuse('Envelope/Body', 'is missing (缺少SOAP Body)');
  return { envelopeName, ...(header ? { header } : {}), body };
}
