/** SOAP 1.1 helpers: writing envelopes, finding the signed Body text, reading Fault answers. */
import { MappingError } from './issues';
import type { XmlNode } from './safe-xml';
import { escapeXml } from './xml-write';

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

const BODY_OPEN = /<((?:[A-Za-z_][\w.-]*:)?)Body[\s>/]/;
const HEADER_OPEN = /<((?:[A-Za-z_][\w.-]*:)?)Header[\s>/]/;

/**
 * The exact text from `<soap:Body` through `</soap:Body>` inclusive, whatever the envelope
 * prefix (or a default namespace). Signatures are computed over these characters as sent.
 */
export function soapBodyText(text: string): string | undefined {
  const open = BODY_OPEN.exec(text);
  if (!open) return undefined;
  const start = open.index;
  if (text.startsWith('/>', text.indexOf('>', start) - 1)) {
    return text.slice(start, text.indexOf('>', start) + 1);
  }
  const close = `</${open[1]}Body>`;
  const end = text.lastIndexOf(close);
  if (end < start) return undefined;
  return text.slice(start, end + close.length);
}

/**
 * The exact text of the envelope's `<soap:Header>…</soap:Header>`, which must come before the
 * Body; undefined when there is none. Lets a signature check read its header without parsing
 * the whole envelope (the decoder parses it once).
 */
export function soapHeaderText(text: string): string | undefined {
  const open = HEADER_OPEN.exec(text);
  if (!open) return undefined;
  const start = open.index;
  const bodyStart = BODY_OPEN.exec(text)?.index ?? text.length;
  if (start > bodyStart) return undefined;
  const tagEnd = text.indexOf('>', start);
  if (tagEnd === -1) return undefined;
  if (text.charCodeAt(tagEnd - 1) === 0x2f /* / */) return text.slice(start, tagEnd + 1);
  const close = `</${open[1]}Header>`;
  const end = text.indexOf(close, tagEnd);
  if (end === -1 || end > bodyStart) return undefined;
  return text.slice(start, end + close.length);
}

/** Writes a SOAP 1.1 envelope. `body` is the complete `<soap:Body>…</soap:Body>` element; `encoding` is the prolog's. */
export function soapEnvelope(namespaces: Record<string, string>, header: string | undefined, body: string, encoding = 'utf-8'): string {
  const declarations = Object.entries({ soap: SOAP_ENV_NS, ...namespaces })
    .map(([prefix, uri]) => ` xmlns:${prefix}="${escapeXml(uri)}"`)
    .join('');
  return (
    `<?xml version="1.0" encoding="${encoding}"?>\n<soap:Envelope${declarations}>\n` +
    (header === undefined ? '' : `  <soap:Header>\n${header}\n  </soap:Header>\n`) +
    `  ${body}\n</soap:Envelope>\n`
  );
}

/** `<soap:Body>` around the given content. */
export function soapBody(content: string): string {
  return `<soap:Body>\n${content}\n  </soap:Body>`;
}

/** A SOAP 1.1 Fault envelope; `faultCode` is `Client` or `Server`. */
export function soapFault(faultCode: 'Client' | 'Server', faultString: string): string {
  return soapEnvelope(
    {},
    undefined,
    soapBody(`    <soap:Fault>\n      <faultcode>soap:${faultCode}</faultcode>\n      <faultstring>${escapeXml(faultString)}</faultstring>\n    </soap:Fault>`),
  );
}

export interface SoapFaultInfo {
  /** `Client`, `Server` or another local name (prefix removed). */
  code: string;
  message: string;
}

/** Reads the first element value as text: `<a>x</a>` is "x", `<a/>` is "". */
export function textValue(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (first !== null && typeof first === 'object' && '#text' in first) {
    const text = (first as Record<string, unknown>)['#text'];
    return typeof text === 'string' ? text : String(text);
  }
  if (first !== null && typeof first === 'object') return '';
  return undefined;
}

/** The single child element (a parsed node) of `node` named `name`, or undefined. */
export function childNode(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const value = node?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === '') return {};
  if (typeof first === 'string') return { '#text': first };
  return first !== null && typeof first === 'object' ? (first as XmlNode) : undefined;
}

/** The Body node of a parsed SOAP envelope; throws a MappingError when there is none. */
export function soapBodyNode(root: XmlNode): XmlNode {
  const envelope = childNode(root, 'Envelope');
  if (!envelope) throw new MappingError([{ field: 'Envelope', reason: 'is not a SOAP envelope (不是SOAP报文)' }]);
  const body = childNode(envelope, 'Body');
  if (!body) throw new MappingError([{ field: 'Envelope/Body', reason: 'is missing (缺少SOAP Body)' }]);
  return body;
}

/** The Fault in a SOAP Body, when there is one. */
export function soapFaultOf(body: XmlNode): SoapFaultInfo | undefined {
  const fault = childNode(body, 'Fault');
  if (!fault) return undefined;
  const rawCode = (textValue(fault['faultcode']) ?? '').trim();
  return { code: rawCode.slice(rawCode.lastIndexOf(':') + 1), message: (textValue(fault['faultstring']) ?? '').trim() };
}
