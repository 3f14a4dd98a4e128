/** Reading the court's answers: `<ce:Result code message/>` or a `soap:Fault`. */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import { parseXml, type XmlNode } from '../shared/safe-xml';
import { childNode, soapBodyNode, soapFaultOf, type SoapFaultInfo } from '../shared/soap';
import { soapParts } from '../shared/soap-parts';
import { attribute } from '../shared/xml-read';

export type CourtAnswer =
  { kind: 'result'; code: string; message: string } | { kind: 'fault'; code: string; message: string } | { kind: 'unreadable'; reason: string };

/** The Fault of a parsed SOAP envelope; undefined when it holds none (or is no envelope). */
export function courtFaultOf(root: XmlNode): SoapFaultInfo | undefined {
  try {
    return soapFaultOf(soapBodyNode(root));
  } catch {
    return undefined;
  }
}

/** Reads a receiveDocumentResponse / ackOutboxResponse Result, or a Fault. */
export function readCourtAnswer(text: string, operation: 'receiveDocument' | 'ackOutbox'): CourtAnswer {
  try {
    // Only the envelope's one Body is read; any other shape (a second Body, a comment between the
    // parts) is unreadable, so the document is sent again rather than taken as answered.
    const parts = soapParts(text);
    const body = soapBodyNode({ Envelope: [parseXml(text.slice(parts.body.start, parts.body.end), { maxBytes: 1024 * 1024, maxDepth: 16 })] });
    const fault = soapFaultOf(body);
    if (fault) return { kind: 'fault', ...fault };
    const result = childNode(childNode(body, `${operation}Response`), 'Result');
    const code = result ? attribute(result, 'code') : undefined;
    if (!result || code === undefined) return { kind: 'unreadable', reason: `no ${operation}Response/Result in the answer` };
    return { kind: 'result', code: code.trim(), message: attribute(result, 'message') ?? '' };
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The delivery outcome of a receiveDocument answer: Result 0 accepted, 2 duplicate, 1 permanent;
 * soap:Client permanent; soap:Server or HTTP 5xx retryable.
 */
export function outcomeOfAnswer(status: number, answer: CourtAnswer, retryAfterMs?: number): DeliveryOutcome {
  const after = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (answer.kind === 'fault') {
    const reason = `soap:${answer.code} ${answer.message}`.trim();
    if (answer.code.startsWith('Client')) return { kind: 'permanent', reason, code: `soap:${answer.code}` };
    return { kind: 'retryable', reason, code: `soap:${answer.code}`, ...after };
  }
  if (status >= 500) return { kind: 'retryable', reason: `HTTP ${status}`, code: `HTTP ${status}`, ...after };
  if (answer.kind === 'unreadable') {
    if (status === 429 || status === 408) return { kind: 'retryable', reason: `HTTP ${status}`, code: `HTTP ${status}`, ...after };
    if (status >= 400) return { kind: 'permanent', reason: `HTTP ${status}: ${answer.reason}`, code: `HTTP ${status}` };
    // A 2xx we cannot read may or may not have been taken; sending again is safe (duplicates answer 2).
    return { kind: 'retryable', reason: `unreadable answer: ${answer.reason}` };
  }
  switch (answer.code) {
    case '0':
      return { kind: 'accepted' };
    case '2':
      return { kind: 'duplicate' };
    case '1':
      return { kind: 'permanent', reason: answer.message || 'content error (内容错误)', code: '1' };
    default:
      return { kind: 'retryable', reason: `unknown Result code ${answer.code}: ${answer.message}`, code: answer.code };
  }
}
