/**
 * SPLC bodies → unified messages: a receiveDocument request (exactly one Message), a
 * fetchOutboxResponse (zero or more Messages + NextCursor), or a bare Message. Any namespace
 * prefix or a default namespace reads the same.
 */
import type { DecodeResult, Headers } from '../types';
import { decodeWholeBody } from '../shared/body-decode';
import { decodeBody } from '../shared/charset';
import { headerOf } from '../shared/http-headers';
import { IssueCollector, MappingError, type MappingIssue } from '../shared/issues';
import { addMappedItems } from '../shared/outbox-page';
import { DEFAULT_XML_LIMITS, parseXml, type XmlNode } from '../shared/safe-xml';
import { childNode, soapBodyNode, soapFaultOf, textValue } from '../shared/soap';
import { soapParts, type SoapParts } from '../shared/soap-parts';
import { elements, elementTexts, knownShape, warnUnknown } from '../shared/xml-read';
import { COURT_NS } from './codes';
import { mapCourtMessage } from './map-in';

/** The text of each `<Message …>…</Message>` (any prefix), in document order. */
export const messageTexts = (text: string): string[] => elementTexts(text, 'Message');

const RECEIVE_SHAPE = knownShape({ children: ['Message'] });
const PAGE_SHAPE = knownShape({ children: ['Message', 'NextCursor'] });

/** Where the Messages of a body are, and the operation that carried them. */
interface Located {
  operation: 'receiveDocument' | 'fetchOutboxResponse' | 'Message';
  messages: XmlNode[];
  nextCursor?: string;
  warnings: MappingIssue[];
}

function locate(root: XmlNode): Located {
  if (root['Message'] !== undefined && root['Envelope'] === undefined) {
    return { operation: 'Message', messages: elements(root, 'Message'), warnings: [] };
  }
  const body = soapBodyNode(root);
  const fault = soapFaultOf(body);
  if (fault) throw new MappingError([{ field: 'Envelope/Body/Fault', value: fault.code, reason: `is a SOAP fault: ${fault.message}` }]);
  const collector = new IssueCollector();
  const receive = childNode(body, 'receiveDocument');
  if (receive) {
    warnUnknown(receive, 'receiveDocument', RECEIVE_SHAPE, collector);
    const messages = elements(receive, 'Message');
    if (messages.length !== 1) {
      throw new MappingError([
        { field: 'receiveDocument/Message', value: messages.length, reason: 'receiveDocument must hold exactly one Message (应只含一个Message)' },
      ]);
    }
    return { operation: 'receiveDocument', messages, warnings: collector.warnings };
  }
  const page = childNode(body, 'fetchOutboxResponse');
  if (page) {
    warnUnknown(page, 'fetchOutboxResponse', PAGE_SHAPE, collector);
    const cursor = textValue(page['NextCursor'])?.trim();
    return {
      operation: 'fetchOutboxResponse',
      messages: elements(page, 'Message'),
      nextCursor: cursor === '' ? undefined : cursor,
      warnings: collector.warnings,
    };
  }
  throw new MappingError([
    { field: 'Envelope/Body', value: Object.keys(body).join(', '), reason: 'holds neither receiveDocument nor fetchOutboxResponse (不是可识别的操作)' },
  ]);
}

/** What a court text must be: a request pushed to us, an outbox page we asked for, or either. */
export type CourtBodyKind = 'receiveDocument' | 'fetchOutboxResponse' | 'any';

const ENVELOPE_TAG = /<(?:[A-Za-z_][\w.-]*:)?Envelope[\s>/]/;

/**
 * The parsed SOAP Body of an envelope, from exactly the characters the signature covers
 * (`soapParts`), wrapped as `{ Envelope: [{ Body }] }`; and that Body text.
 */
export function parseSignedBody(text: string, parts: SoapParts = soapParts(text)): { root: XmlNode; bodyText: string } {
  const bodyText = text.slice(parts.body.start, parts.body.end);
  return { root: { Envelope: [parseXml(bodyText)] }, bodyText };
}

/**
 * Decodes an SPLC body; throws MappingError when the body as a whole cannot be read. An envelope
 * is read only from its one Body (the signed characters); a bare `<Message>` (no envelope) is read
 * as it is. `expect` refuses the other operation: a pushed request must be a receiveDocument, the
 * answer to fetchOutbox a fetchOutboxResponse (a reflected request is neither).
 */
export function decodeCourtText(text: string, expect: CourtBodyKind = 'any', parts?: SoapParts): DecodeResult {
  const envelope = parts !== undefined || ENVELOPE_TAG.test(text);
  const { root, bodyText } = envelope ? parseSignedBody(text, parts) : { root: parseXml(text), bodyText: text };
  const located = locate(root);
  if (expect !== 'any' && located.operation !== expect) {
    throw new MappingError([
      { field: 'Envelope/Body', value: located.operation, reason: `must hold ${expect} here, not ${located.operation} (操作与方向不符，拒收)` },
    ]);
  }
  const texts = messageTexts(bodyText);
  const spansMatch = texts.length === located.messages.length;
  const namespaceWarning: MappingIssue[] = text.includes(COURT_NS)
    ? []
    : [{ field: 'xmlns', reason: `the namespace ${COURT_NS} is not declared; read by element names (未声明法院命名空间)` }];
  const result: DecodeResult = { messages: [], rejected: [] };
  if (located.nextCursor !== undefined) result.nextCursor = located.nextCursor;
  addMappedItems(result, located.messages, [...namespaceWarning, ...located.warnings], (node, i) => ({
    mapped: mapCourtMessage(node, `Message[${i}]`),
    raw: located.operation === 'receiveDocument' || !spansMatch ? text : texts[i]!,
  }));
  return result;
}

/** Body bytes → text by the declared charset (Content-Type header, then XML prolog, else UTF-8). */
export function courtBodyText(body: Buffer, headers?: Headers): string {
  return decodeBody(body, headerOf(headers, 'content-type'), { xml: true });
}

/** The codec's decode: never throws; a body that cannot be read at all is one rejected entry. */
export function decodeCourt(body: Buffer, headers?: Headers, expect: CourtBodyKind = 'any'): DecodeResult {
  return decodeWholeBody(body, {
    maxBytes: DEFAULT_XML_LIMITS.maxBytes,
    text: (bytes) => courtBodyText(bytes, headers),
    decode: (text) => decodeCourtText(text, expect),
  });
}
