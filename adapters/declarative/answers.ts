/**
 * A declarative system's answers, both ways: what the platform (or the simulator playing the
 * system) answers in the system's format — JSON, XML, or XML in a SOAP envelope, where a code
 * `soap:Client` / `soap:Server` is a SOAP Fault — and the delivery outcome of the system's answer.
 */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import { decodeBody } from '../shared/charset';
import { outcomeForHttpStatus, retryAfterMs } from '../shared/http-client';
import { formatIssue, IssueCollector, type MappingIssue } from '../shared/issues';
import { isObject } from '../shared/json-read';
import { parseJson } from '../shared/safe-json';
import { childNode, soapBody, soapBodyNode, soapEnvelope, soapFault, soapFaultOf } from '../shared/soap';
import { soapParts } from '../shared/soap-parts';
import { parseXml, type XmlNode } from '../shared/safe-xml';
import type { IngressAnswers, LegacyAnswer } from '../types';
import { getPath, setPath } from './paths';
import type { SystemDocument } from './schema';
import { elementTree, xmlOfTree } from './xml-codec';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;

export type AnswerKind = keyof Omit<SystemDocument['answers'], 'field'>;

const SOAP_FAULT_CODE = /^soap:(Client|Server)$/;
const ANSWER_LIMITS = { maxBytes: 1024 * 1024, maxDepth: 16 };

function contentTypeOf(doc: SystemDocument): string {
  return doc.format.type === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8';
}

/** The answer's fields as a tree (`answers.field` paths). */
function answerTree(doc: SystemDocument, code: string, message: string, receipt?: string): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  setPath(tree, doc.answers.field.code, code);
  setPath(tree, doc.answers.field.message, message);
  if (doc.answers.field.receipt) {
    const top = doc.answers.field.receipt.split('.')[0]!;
    if (receipt !== undefined) setPath(tree, doc.answers.field.receipt, receipt);
    else if (doc.format.type === 'json') tree[top] = null;
  }
  return tree;
}

/** An answer body in the system's format. */
export function answerBody(doc: SystemDocument, code: string, message: string, receipt?: string): Buffer {
  const format = doc.format;
  if (format.type === 'json') return Buffer.from(JSON.stringify(answerTree(doc, code, message, receipt)), 'utf8');
  const fault = SOAP_FAULT_CODE.exec(code);
  if (format.soap && fault) return Buffer.from(soapFault(fault[1] as 'Client' | 'Server', message), 'utf8');
  const prefix = format.prefix === '' ? '' : `${format.prefix}:`;
  const tree = answerTree(doc, code, message, receipt);
  if (!format.soap) return Buffer.from(`<?xml version="1.0" encoding="utf-8"?>\n${xmlOfTree(tree, format.answer, '', prefix)}\n`, 'utf8');
  return Buffer.from(soapEnvelope(format.namespaces, undefined, soapBody(xmlOfTree(tree, format.answer, '    ', prefix))), 'utf8');
}

export function answer(doc: SystemDocument, which: AnswerKind, message?: string, receipt?: string): LegacyAnswer {
  const spec = doc.answers[which];
  const headers: Record<string, string> = { 'Content-Type': contentTypeOf(doc) };
  if (spec.retryAfterSeconds !== undefined) headers['Retry-After'] = String(spec.retryAfterSeconds);
  return { status: spec.status, headers, body: answerBody(doc, spec.code, message ?? spec.message ?? spec.code, receipt) };
}

/** An answer with any code (the simulator's fault rules). */
export function codedAnswer(doc: SystemDocument, code: string, message: string | undefined): LegacyAnswer {
  const fault = doc.format.type === 'xml' && doc.format.soap && SOAP_FAULT_CODE.test(code);
  return { status: fault ? 500 : 200, headers: { 'Content-Type': contentTypeOf(doc) }, body: answerBody(doc, code, message ?? code) };
}

export function answersOf(doc: SystemDocument): IngressAnswers {
  return {
    accepted: (id) => answer(doc, 'accepted', undefined, id),
    duplicate: (id) => answer(doc, 'duplicate', undefined, id),
    rejected: (_id, issues: MappingIssue[]) => answer(doc, 'rejected', issues.map(formatIssue).join('; ') || doc.answers.rejected.message),
    busy: (_id, reason) => answer(doc, 'busy', `${doc.answers.busy.message ?? ''}: ${reason}`),
    unauthorized: (reason) => answer(doc, 'unauthorized', `${doc.answers.unauthorized.message ?? ''} (unauthorized): ${reason}`),
  };
}

interface ReadAnswer {
  /** The answer's fields as a tree `answers.field` paths read, when it could be read. */
  tree?: unknown;
  fault?: { code: string; message: string };
}

/** The answer element of an XML answer (in the SOAP Body when the system uses SOAP). */
function readXmlAnswer(doc: SystemDocument, text: string): ReadAnswer {
  const format = doc.format;
  if (format.type !== 'xml') return {};
  let element: XmlNode | undefined;
  if (format.soap) {
    const parts = soapParts(text);
    const body = soapBodyNode({ Envelope: [parseXml(text.slice(parts.body.start, parts.body.end), ANSWER_LIMITS)] });
    const fault = soapFaultOf(body);
    if (fault) return { fault };
    element = childNode(body, format.answer);
  } else {
    element = childNode(parseXml(text, ANSWER_LIMITS), format.answer);
  }
  return element ? { tree: elementTree(element, undefined, '', new IssueCollector()) } : {};
}

function readAnswer(doc: SystemDocument, headers: Record<string, string>, body: Buffer): ReadAnswer {
  try {
    if (doc.format.type === 'xml') return readXmlAnswer(doc, decodeBody(body, headers['content-type'], { xml: true }));
    return { tree: parseJson(body.toString('utf8'), { maxBytes: ANSWER_LIMITS.maxBytes, maxDepth: 8 }) };
  } catch {
    return {};
  }
}

/** The system's answer to a delivery → outcome. A SOAP Fault: soap:Client permanent, any other retryable. */
export function outcomeOf(doc: SystemDocument, status: number, headers: Record<string, string>, body: Buffer, now: number): DeliveryOutcome {
  const { tree, fault } = readAnswer(doc, headers, body);
  const after = retryAfterMs(headers['retry-after'], now);
  const withAfter = after !== undefined ? { retryAfterMs: after } : {};
  if (fault) {
    const reason = `soap:${fault.code} ${fault.message}`.trim();
    if (fault.code.startsWith('Client')) return { kind: 'permanent', reason, code: `soap:${fault.code}` };
    return { kind: 'retryable', reason, code: `soap:${fault.code}`, ...withAfter };
  }
  const read = (path: string | undefined) => (isObject(tree) && path ? getPath(tree, path) : undefined);
  const code = read(doc.answers.field.code);
  const message = read(doc.answers.field.message);
  const receipt = read(doc.answers.field.receipt);
  if (status !== 200 || typeof code !== 'string') {
    const byStatus = outcomeForHttpStatus(status, headers, now);
    if (byStatus) return byStatus;
    if (typeof code !== 'string')
      return { kind: 'retryable', reason: bilingual(`HTTP ${status} without a readable answer`, '应答无法解析'), code: 'BAD_ANSWER' };
  }
  const text = typeof message === 'string' ? message : '';
  const withReceipt = typeof receipt === 'string' ? { receipt } : {};
  const answers = doc.answers;
  if (code === answers.accepted.code) return { kind: 'accepted', ...withReceipt };
  if (code === answers.duplicate.code) return { kind: 'duplicate', ...withReceipt };
  if (code === answers.rejected.code) return { kind: 'permanent', reason: text || String(code), code: String(code) };
  if (code === answers.busy.code) return { kind: 'retryable', reason: text || String(code), code: String(code), ...withAfter };
  return { kind: 'retryable', reason: bilingual(`unknown code ${String(code)}${text ? `: ${text}` : ''}`, '未知返回代码'), code: String(code) };
}
