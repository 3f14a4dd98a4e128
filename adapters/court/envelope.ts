/** SPLC SOAP 1.1 requests and answers, signed with the `<ce:Auth>` header. */
import type { UnifiedMessage } from '../../standard/schema/message';
import type { Credentials, EncodedRequest } from '../types';
import { signedSoapEnvelope, type SoapEnvelopeStyle } from '../shared/soap-auth';
import { soapBody, soapEnvelope, soapFault } from '../shared/soap';
import { escapeXml, xmlAttributes } from '../shared/xml-write';
import { COURT_AUTH, requireCourtCredentials, type CourtRequestAuth } from './auth';
import { COURT_NS } from './codes';
import { renderCourtMessage } from './map-out';

export const COURT_PATH = '/splc/services/CaseExchange';
export const COURT_CONTENT_TYPE = 'text/xml; charset=utf-8';
export type CourtOperation = 'receiveDocument' | 'fetchOutbox' | 'ackOutbox';
export const MAX_OUTBOX_PAGE = 100;
const COURT_ENVELOPE: SoapEnvelopeStyle = { namespaces: { ce: COURT_NS }, prefix: 'ce' };

/** The SOAPAction header value, quotes included, e.g. `"urn:receiveDocument"`. */
export const soapAction = (operation: CourtOperation): string => `"urn:${operation}"`;

/** The operation named by a SOAPAction header (quoted or not), if it is one of ours. */
export function operationOf(soapActionHeader: string | undefined): CourtOperation | undefined {
  const name = (soapActionHeader ?? '').trim().replace(/^"|"$/g, '').replace(/^urn:/, '');
  return name === 'receiveDocument' || name === 'fetchOutbox' || name === 'ackOutbox' ? name : undefined;
}

/** An envelope whose Auth header signs the exact Body text. */
export function signedEnvelope(operationXml: string, credentials: Credentials, now: number): string {
  return signedEnvelopeWithAuth(operationXml, credentials, now).text;
}

/** `signedEnvelope` and the Timestamp and Sign it carries (what an answer is checked against). */
export function signedEnvelopeWithAuth(operationXml: string, credentials: Credentials, now: number): { text: string; auth: CourtRequestAuth } {
  return signedSoapEnvelope(operationXml, COURT_ENVELOPE, COURT_AUTH, requireCourtCredentials(credentials), now);
}

function signedRequest(
  operation: CourtOperation,
  operationXml: string,
  credentials: Credentials,
  now: number,
): { request: EncodedRequest; auth: CourtRequestAuth } {
  const { text, auth } = signedEnvelopeWithAuth(operationXml, credentials, now);
  const request: EncodedRequest = {
    method: 'POST',
    path: COURT_PATH,
    headers: { 'Content-Type': COURT_CONTENT_TYPE, SOAPAction: soapAction(operation) },
    body: Buffer.from(text, 'utf8'),
  };
  return { request, auth };
}

const request = (operation: CourtOperation, operationXml: string, credentials: Credentials, now: number): EncodedRequest =>
  signedRequest(operation, operationXml, credentials, now).request;

export function receiveDocumentRequest(message: UnifiedMessage, credentials: Credentials, now: number): EncodedRequest {
  return request('receiveDocument', `    <ce:receiveDocument>\n${renderCourtMessage(message)}\n    </ce:receiveDocument>`, credentials, now);
}

export function fetchOutboxRequest(cursor: string | undefined, max: number, credentials: Credentials, now: number): EncodedRequest {
  return signedFetchOutbox(cursor, max, credentials, now).request;
}

/** The fetchOutbox request and its Auth, which the answer page is checked against. */
export function signedFetchOutbox(
  cursor: string | undefined,
  max: number,
  credentials: Credentials,
  now: number,
): { request: EncodedRequest; auth: CourtRequestAuth } {
  if (!Number.isInteger(max) || max < 1 || max > MAX_OUTBOX_PAGE) throw new RangeError(`Max must be 1-${MAX_OUTBOX_PAGE}, got ${max}`);
  const cursorXml = cursor ? `<ce:Cursor>${escapeXml(cursor)}</ce:Cursor>` : '<ce:Cursor/>';
  return signedRequest('fetchOutbox', `    <ce:fetchOutbox>${cursorXml}<ce:Max>${max}</ce:Max></ce:fetchOutbox>`, credentials, now);
}

export function ackOutboxRequest(ids: readonly string[], credentials: Credentials, now: number): EncodedRequest {
  const idsXml = ids.map((id) => `<ce:Id>${escapeXml(id)}</ce:Id>`).join('');
  return request('ackOutbox', `    <ce:ackOutbox>${idsXml}</ce:ackOutbox>`, credentials, now);
}

/** `<ce:{operation}Response><ce:Result code message/></…>` (court answer codes 0 OK, 1 error, 2 duplicate). */
export function resultAnswer(operation: 'receiveDocument' | 'ackOutbox', code: string, message: string): string {
  const xml = `    <ce:${operation}Response><ce:Result${xmlAttributes([
    ['code', code],
    ['message', message],
  ])}/></ce:${operation}Response>`;
  return soapEnvelope({ ce: COURT_NS }, undefined, soapBody(xml));
}

/** The court's signed answer to fetchOutbox. */
export function fetchOutboxAnswer(messages: readonly UnifiedMessage[], nextCursor: string, credentials: Credentials, now: number): string {
  const inner = messages.map((m) => renderCourtMessage(m)).join('\n');
  const xml = `    <ce:fetchOutboxResponse>\n${inner ? `${inner}\n` : ''}      <ce:NextCursor>${escapeXml(nextCursor)}</ce:NextCursor>\n    </ce:fetchOutboxResponse>`;
  return signedEnvelope(xml, credentials, now);
}

export { soapFault };
