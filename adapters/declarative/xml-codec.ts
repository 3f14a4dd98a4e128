/**
 * The XML format of a declarative adapter: legacy XML (optionally in a SOAP 1.1 envelope, optionally
 * signed in its header) ↔ unified messages. Read by fast-xml-parser through the project's safe XML
 * layer (safe-xml.ts: size, nesting, no DOCTYPE, numeric character references decoded), written
 * with the project's XML writer (xml-write.ts). Legacy paths address the message element's content:
 * `@id` an attribute, `Case.@ah` an attribute of a child, `Address` an element's text, `File.#text`
 * the text of an element that also has attributes. A path the document maps as a list may repeat;
 * any other element appearing twice is an error.
 */
import type { UnifiedMessage } from '../../standard/schema/message';
import { decodeWholeBody } from '../shared/body-decode';
import { charsetFromXmlProlog, decodeBody, encodeBody, xmlTextFor } from '../shared/charset';
import { headerOf } from '../shared/http-headers';
import { IssueCollector, MappingError, type MappingIssue } from '../shared/issues';
import { bi } from '../shared/legacy-values';
import { addMappedItems } from '../shared/outbox-page';
import { DEFAULT_XML_LIMITS, parseXml, type XmlNode } from '../shared/safe-xml';
import { childNode, soapBody, soapBodyNode, soapEnvelope, soapFaultOf, textValue } from '../shared/soap';
import { requireAppIdAndSecret, signedSoapEnvelope, type SoapAuthScheme } from '../shared/soap-auth';
import { soapParts } from '../shared/soap-parts';
import { elements, elementTexts } from '../shared/xml-read';
import { escapeXml, xmlAttributes, xmlElement } from '../shared/xml-write';
import type { DecodeResult, EncodeContext, EncodedRequest, Headers } from '../types';
import { authHeaders } from './auth';
import { deliveryPath, mapDocument, toLegacyDocument, type CompiledDocument, type KnownKeys } from './codec';
import type { SystemDocument, XmlFormat } from './schema';

type Obj = Record<string, unknown>;

export function xmlFormatOf(doc: SystemDocument): XmlFormat {
  if (doc.format.type !== 'xml') throw new Error(`${doc.kind} is not an XML system (不是XML格式的系统)`);
  return doc.format;
}

/** The SOAP signature scheme a document declares, if any. */
export function soapAuthScheme(doc: SystemDocument): SoapAuthScheme | undefined {
  const signature = doc.format.type === 'xml' ? doc.format.soap?.signature : undefined;
  if (!signature) return undefined;
  const { header, appId, timestamp, sign, hash, windowSeconds } = signature;
  return { header, appId, timestamp, sign, hash, windowMs: windowSeconds * 1000 };
}

// ---------------------------------------------------------------- reading

const isNamespaceDeclaration = (key: string): boolean => key === '@xmlns' || key.startsWith('@xmlns:');

/**
 * One parsed element (safe-xml's tree: every child element an array, attributes `@name`, text a
 * string or `#text`) → the engine's tree: an element the document reads only as text is its text;
 * any other an object of its attributes, `#text` and children — a single child as itself, a list's
 * children as an array. A second element where the document expects one is an error.
 */
export function elementTree(item: unknown, known: KnownKeys | undefined, path: string, issues: IssueCollector): unknown {
  if (item === null || typeof item !== 'object') {
    const text = item === undefined || item === null ? '' : String(item);
    if (known === undefined || known.children.size === 0) return text;
    return text === '' ? {} : { '#text': text };
  }
  const out: Obj = {};
  for (const [key, value] of Object.entries(item as Obj)) {
    if (isNamespaceDeclaration(key)) continue;
    if (key.startsWith('@') || key === '#text') {
      out[key] = String(value);
      continue;
    }
    const child = known?.children.get(key);
    const list = Array.isArray(value) ? value : [value];
    const childPath = path === '' ? key : `${path}.${key}`;
    if (child?.items) {
      out[key] = list.map((entry, i) => elementTree(entry, child.items, `${childPath}[${i}]`, issues));
      continue;
    }
    if (list.length > 1 && child !== undefined) issues.error(childPath, list.length, bi('must appear at most once', '最多出现一次'));
    out[key] =
      child === undefined && list.length > 1
        ? list.map((entry) => elementTree(entry, undefined, childPath, issues))
        : elementTree(list[0], child, childPath, issues);
  }
  return out;
}

/** Where the messages of a body are, what carried them, and what was noticed on the way. */
interface Located {
  /** The operation that carried them: the SOAP operation, the page element, or the bare message. */
  operation: string;
  messages: XmlNode[];
  nextCursor?: string;
  /** The text the messages' raw texts are cut from. */
  text: string;
  warnings: MappingIssue[];
}

const ENVELOPE_TAG = /<(?:[A-Za-z_][\w.-]*:)?Envelope[\s>/]/;

function locateInSoap(text: string, format: XmlFormat): Located {
  const soap = format.soap!;
  const parts = soapParts(text);
  const bodyText = text.slice(parts.body.start, parts.body.end);
  const body = soapBodyNode({ Envelope: [parseXml(bodyText)] });
  const fault = soapFaultOf(body);
  if (fault) throw new MappingError([{ field: 'Envelope/Body/Fault', value: fault.code, reason: bi(`is a SOAP fault: ${fault.message}`, 'SOAP错误应答') }]);
  const unknownChildren = (node: XmlNode, at: string, known: string[]): MappingIssue[] =>
    Object.keys(node)
      .filter((key) => !known.includes(key) && !key.startsWith('@'))
      .map((key) => ({ field: `${at}/${key}`, value: node[key], reason: bi('unknown element, kept in the raw archive only', '未知元素，仅保留在原文中') }));
  const operation = childNode(body, soap.operation);
  if (operation) {
    const messages = elements(operation, format.root);
    if (messages.length !== 1)
      throw new MappingError([
        {
          field: `${soap.operation}/${format.root}`,
          value: messages.length,
          reason: bi(`${soap.operation} must hold exactly one ${format.root}`, `${soap.operation}应只含一个${format.root}`),
        },
      ]);
    return { operation: soap.operation, messages, text, warnings: unknownChildren(operation, soap.operation, [format.root]) };
  }
  const page = soap.page && childNode(body, soap.page.element);
  if (soap.page && page) {
    const cursor = textValue(page[soap.page.cursor])?.trim();
    return {
      operation: soap.page.element,
      messages: elements(page, format.root),
      ...(cursor ? { nextCursor: cursor } : {}),
      text: bodyText,
      warnings: unknownChildren(page, soap.page.element, [format.root, soap.page.cursor]),
    };
  }
  const expected = [soap.operation, soap.page?.element].filter(Boolean).join(' / ');
  throw new MappingError([{ field: 'Envelope/Body', value: Object.keys(body).join(', '), reason: bi(`holds no ${expected}`, '不是可识别的操作') }]);
}

function locate(text: string, format: XmlFormat): Located {
  if (format.soap && ENVELOPE_TAG.test(text)) return locateInSoap(text, format);
  const messages = elements(parseXml(text), format.root);
  if (messages.length !== 1)
    throw new MappingError([
      { field: format.root, value: messages.length, reason: bi(`the body must be one ${format.root} element`, `报文应为一个${format.root}元素`) },
    ]);
  return { operation: format.root, messages, text, warnings: [] };
}

/** Field names inside the n-th message of a body, written as XML paths: `Message[0]/Case/@ah`. */
const withinMessage = (issues: MappingIssue[], base: string): MappingIssue[] =>
  issues.map((issue) => ({ ...issue, field: issue.field.startsWith('(') ? `${base} ${issue.field}` : `${base}/${issue.field.replace(/\./g, '/')}` }));

function decodeXmlText(text: string, compiled: CompiledDocument): DecodeResult {
  const format = xmlFormatOf(compiled.doc);
  const located = locate(text, format);
  const uris = Object.values(format.namespaces);
  const namespaceWarning: MappingIssue[] =
    uris.length === 0 || uris.some((uri) => text.includes(uri))
      ? []
      : [{ field: 'xmlns', reason: bi(`the namespace ${uris.join(', ')} is not declared; read by element names`, '未声明命名空间，按元素名读取') }];
  const texts = located.operation === format.soap?.page?.element ? elementTexts(located.text, format.root) : [];
  const result: DecodeResult = { messages: [], rejected: [] };
  if (located.nextCursor !== undefined) result.nextCursor = located.nextCursor;
  addMappedItems(result, located.messages, [...namespaceWarning, ...located.warnings], (node, i) => {
    const base = `${format.root}[${i}]`;
    const shape = new IssueCollector();
    const tree = elementTree(node, compiled.known, '', shape);
    const mapped = mapDocument(tree, compiled);
    const issues = mapped.result.ok ? [] : mapped.result.issues;
    const errors = withinMessage([...shape.errors, ...issues], base);
    return {
      mapped: {
        ...(mapped.legacyId !== undefined ? { legacyId: mapped.legacyId } : {}),
        result: errors.length > 0 || !mapped.result.ok ? { ok: false, issues: errors } : mapped.result,
        warnings: withinMessage([...shape.warnings, ...mapped.warnings], base),
      },
      raw: texts.length === located.messages.length ? texts[i]! : text,
    };
  });
  return result;
}

/** Bytes → text: the Content-Type's charset, else the XML prolog's, else the document's. */
export function xmlBodyText(body: Buffer, headers: Headers | undefined, format: XmlFormat): string {
  const contentType = headerOf(headers, 'content-type') ?? (charsetFromXmlProlog(body) ? undefined : `text/xml; charset=${format.charset}`);
  return decodeBody(body, contentType, { xml: true });
}

export function decodeDeclarativeXml(body: Buffer, headers: Headers | undefined, compiled: CompiledDocument): DecodeResult {
  const format = xmlFormatOf(compiled.doc);
  return decodeWholeBody(body, {
    maxBytes: DEFAULT_XML_LIMITS.maxBytes,
    text: (bytes) => xmlBodyText(bytes, headers, format),
    decode: (text) => decodeXmlText(text, compiled),
  });
}

// ---------------------------------------------------------------- writing

const INDENT = '  ';

/**
 * The engine's tree of one element → its XML, one element per line: attributes (`@name`) in the
 * order they were set, then text (`#text`, written with its end tag even when empty) or children.
 */
export function xmlOfTree(node: unknown, name: string, indent: string, prefix: string): string {
  const qualified = `${prefix}${name}`;
  if (node === null || typeof node !== 'object') return `${indent}<${qualified}>${escapeXml(String(node))}</${qualified}>`;
  const attributes: Array<[string, string]> = [];
  const children: string[] = [];
  let text: string | undefined;
  for (const [key, value] of Object.entries(node as Obj)) {
    if (value === undefined || value === null) continue;
    if (key === '#text') text = String(value);
    else if (key.startsWith('@')) attributes.push([key.slice(1), String(value)]);
    else for (const item of Array.isArray(value) ? value : [value]) children.push(xmlOfTree(item, key, `${indent}${INDENT}`, prefix));
  }
  if (text !== undefined && children.length === 0) return `${indent}<${qualified}${xmlAttributes(attributes)}>${escapeXml(text)}</${qualified}>`;
  return xmlElement(qualified, indent, attributes, text === undefined ? children : [`${indent}${INDENT}${escapeXml(text)}`, ...children]);
}

const qualifiedPrefix = (format: XmlFormat): string => (format.prefix === '' ? '' : `${format.prefix}:`);

/** A unified message → the message element's XML at `indent` (no prolog, no envelope). */
export function messageXml(message: UnifiedMessage, compiled: CompiledDocument, indent: string): string {
  const format = xmlFormatOf(compiled.doc);
  const tree = toLegacyDocument(message, compiled);
  if (!format.soap) {
    // Without an envelope the message element carries the namespace declarations itself.
    const declarations = Object.fromEntries(Object.entries(format.namespaces).map(([p, uri]) => [p === '' ? '@xmlns' : `@xmlns:${p}`, uri]));
    return xmlOfTree({ ...declarations, ...tree }, format.root, indent, qualifiedPrefix(format));
  }
  return xmlOfTree(tree, format.root, indent, qualifiedPrefix(format));
}

export function encodeDeclarativeXml(message: UnifiedMessage, context: EncodeContext, compiled: CompiledDocument): EncodedRequest {
  const { doc } = compiled;
  const format = xmlFormatOf(doc);
  const path = deliveryPath(doc);
  const { charset, soap } = format;
  const now = context.now ?? Date.now();
  const signed = (text: string, extra: Record<string, string> = {}): EncodedRequest => {
    const request = { method: 'POST' as const, path, body: encodeBody(text, charset) };
    // Token or HMAC headers as the document's auth says (a SOAP signature is inside the envelope).
    return { ...request, headers: { 'Content-Type': `text/xml; charset=${charset}`, ...extra, ...authHeaders(doc, request, context.credentials, now) } };
  };
  // Characters the charset cannot hold (a rare character into a GBK system) become numeric
  // character references before anything is signed: a signature covers the text as sent.
  if (!soap) return signed(`<?xml version="1.0" encoding="${charset}"?>\n${xmlTextFor(messageXml(message, compiled, ''), charset)}\n`);
  const p = qualifiedPrefix(format);
  const operation = xmlTextFor(`    <${p}${soap.operation}>\n${messageXml(message, compiled, '      ')}\n    </${p}${soap.operation}>`, charset);
  const scheme = soapAuthScheme(doc);
  const style = { namespaces: format.namespaces, prefix: format.prefix, encoding: charset };
  const text = scheme
    ? signedSoapEnvelope(operation, style, scheme, requireAppIdAndSecret(context.credentials, { en: doc.kind, zh: doc.names['zh-CN'] }), now).text
    : soapEnvelope(format.namespaces, undefined, soapBody(operation), charset);
  return signed(text, { SOAPAction: soap.action });
}
