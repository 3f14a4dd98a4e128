/**
 * Plays the court's side of SPLC on the shared simulator base: POST /splc/services/CaseExchange
 * dispatched on SOAPAction (receiveDocument / fetchOutbox / ackOutbox), Auth checked (HMAC and
 * ±300 s) with a soap:Client fault on failure, an outbox kept until acknowledged and served as
 * signed pages (the same `<ce:Auth>` header, which the platform's client requires).
 */
import type { SimulatorOptions } from '../simulator-types';
import { formatIssue, type MappingIssue } from '../shared/issues';
import { parseXml, type XmlNode } from '../shared/safe-xml';
import { childNode, soapBodyNode, soapBodyText, soapFault, textValue } from '../shared/soap';
import {
  decodeReceived,
  startBaseSimulator,
  type BaseSimulator,
  type SimContext,
  type SimReply,
  type SimRequest,
  type SimulatorBehaviour,
} from '../shared/simulator-base';
import { elements } from '../shared/xml-read';
import { courtSign, requireCourtCredentials, verifyCourtText } from './auth';
import { COURT_RECEIVES } from './codes';
import { courtBodyText, decodeCourt } from './decode';
import { renderCourtMessage } from './map-out';
import { COURT_CONTENT_TYPE, COURT_PATH, fetchOutboxAnswer, MAX_OUTBOX_PAGE, operationOf, resultAnswer, type CourtOperation } from './envelope';

const RECEIVED_TYPES: ReadonlySet<string> = new Set(Object.values(COURT_RECEIVES));

const xml = (status: number, body: string): SimReply => ({ status, headers: { 'content-type': COURT_CONTENT_TYPE }, body });
const fault = (code: 'Client' | 'Server', message: string): SimReply => xml(500, soapFault(code, message));
const result = (operation: 'receiveDocument' | 'ackOutbox', code: string, message: string): SimReply => xml(200, resultAnswer(operation, code, message));

const isOperation = (request: SimRequest, operation: CourtOperation): boolean =>
  request.method === 'POST' && request.path === COURT_PATH && operationOf(request.headers['soapaction']) === operation;

/** A fault rule `{kind:'answer', code}`: Result codes 0/1/2, or soap:Client / soap:Server faults. */
function codedAnswer(operation: 'receiveDocument' | 'ackOutbox', code: string, message: string | undefined): SimReply {
  const local = code.replace(/^soap:/i, '');
  if (/^client/i.test(local)) return fault('Client', message ?? 'simulated client fault');
  if (/^server/i.test(local)) return fault('Server', message ?? 'simulated server fault');
  return result(operation, code, message ?? (code === '0' ? 'OK' : code === '2' ? '重复报文 duplicate' : 'simulated answer'));
}

/** The operation's element in the request's SOAP Body, or the soap:Client fault to answer when it cannot be read. */
function operationBody(request: SimRequest, name: 'fetchOutbox' | 'ackOutbox'): { node: XmlNode } | { fault: SimReply } {
  let node: XmlNode | undefined;
  try {
    node = childNode(soapBodyNode(parseXml(courtBodyText(request.body, request.headers))), name);
  } catch (error) {
    return { fault: fault('Client', (error as Error).message) };
  }
  return node ? { node } : { fault: fault('Client', `${name} element is missing (缺少${name})`) };
}

function fetchOutbox(request: SimRequest, context: SimContext, tampering: Tampering): SimReply {
  const body = operationBody(request, 'fetchOutbox');
  if ('fault' in body) return body.fault;
  const { node } = body;
  const cursorText = (textValue(node['Cursor']) ?? '').trim();
  const maxText = (textValue(node['Max']) ?? '').trim();
  const max = Number(maxText);
  if (!/^\d+$/.test(maxText) || max < 1 || max > MAX_OUTBOX_PAGE) return fault('Client', `Max must be 1-${MAX_OUTBOX_PAGE} (Max应为1-${MAX_OUTBOX_PAGE})`);
  if (cursorText !== '' && !/^\d+$/.test(cursorText)) return fault('Client', `unknown Cursor ${cursorText} (游标无效)`);
  const after = cursorText === '' ? undefined : Number(cursorText);
  const entries = context.outbox.page(after, max);
  const last = entries.at(-1);
  const next = last ? String(last.seq).padStart(6, '0') : cursorText;
  const rewrites = entries.flatMap((e) => {
    const rewrite = tampering.get(e.id);
    return rewrite ? [{ text: renderCourtMessage(e.message), rewrite }] : [];
  });
  let answer = fetchOutboxAnswer(
    entries.map((e) => e.message),
    next,
    context.credentials,
    context.now(),
  );
  if (rewrites.length > 0) {
    // A tampered page is signed again, so only the tampered content is wrong, not the signature.
    for (const { text, rewrite } of rewrites) answer = answer.replace(text, rewrite(text));
    answer = resign(answer, context);
  }
  if (tampering.page && tampering.page.times > 0) {
    tampering.page.times -= 1;
    answer = tampering.page.rewrite(answer, courtBodyText(request.body, request.headers));
  }
  return xml(200, answer);
}

function ackOutbox(request: SimRequest, context: SimContext): SimReply {
  const body = operationBody(request, 'ackOutbox');
  if ('fault' in body) return body.fault;
  const { node } = body;
  const ids = elements(node, 'Id').flatMap((id) => {
    const value = id['#text'];
    return value === undefined ? [] : [String(value).trim()];
  });
  context.outbox.ack(ids);
  return result('ackOutbox', '0', 'OK');
}

function rejectedReason(issues: MappingIssue[]): string {
  return issues.map(formatIssue).join('; ') || 'content error';
}

type Tampering = Map<string, (messageXml: string) => string> & {
  /** Test hook: the next pages served pass through this (an attacker on the path). */
  page?: { rewrite: (pageXml: string, requestXml: string) => string; times: number };
};

/** Recomputes the Auth header of an envelope whose Body was changed. */
function resign(envelope: string, context: SimContext): string {
  const { appId, secret } = requireCourtCredentials(context.credentials);
  const timestamp = /<ce:Timestamp>(\d+)<\/ce:Timestamp>/.exec(envelope)![1]!;
  const sign = courtSign(appId, timestamp, soapBodyText(envelope)!, secret);
  return envelope.replace(/<ce:Sign>[0-9a-f]+<\/ce:Sign>/, `<ce:Sign>${sign}</ce:Sign>`);
}

function behaviourWith(tampering: Tampering): SimulatorBehaviour {
  return {
    kind: 'court',
    authenticate(request, credentials, now) {
      try {
        return verifyCourtText(courtBodyText(request.body, request.headers), credentials, now);
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
    },
    unauthorized: (reason) => fault('Client', `authentication failed: ${reason} (认证失败)`),
    receive: {
      matches: (request) => isOperation(request, 'receiveDocument'),
      decode: decodeReceived(decodeCourt, RECEIVED_TYPES, { field: 'Message[0]/@type', reason: 'is not a type the court receives (法院不接收此类报文)' }),
      answers: {
        accepted: () => result('receiveDocument', '0', 'OK'),
        duplicate: () => result('receiveDocument', '2', '重复报文 duplicate'),
        rejected: (_id, issues) => result('receiveDocument', '1', rejectedReason(issues)),
        code: (code, message) => codedAnswer('receiveDocument', code, message),
      },
    },
    routes: [
      {
        matches: (request) => isOperation(request, 'fetchOutbox'),
        handle: (request, context) => fetchOutbox(request, context, tampering),
        faultAnswer: (code, message) => codedAnswer('receiveDocument', code, message),
      },
      { matches: (request) => isOperation(request, 'ackOutbox'), handle: ackOutbox, faultAnswer: (code, message) => codedAnswer('ackOutbox', code, message) },
      {
        matches: (request) => request.path === COURT_PATH,
        authenticated: false,
        faults: false,
        handle: (request) => fault('Client', `unknown SOAPAction ${request.headers['soapaction'] ?? '(none)'} (未知操作)`),
      },
    ],
  };
}

export interface CourtSimulator extends BaseSimulator {
  /** Test hook: rewrite the XML of one outbox message when it is served (the page stays validly signed). */
  tamperOutbox(id: string, rewrite: (messageXml: string) => string): void;
  /** Test hook: the next `times` outbox pages are rewritten after signing (an attacker between platform and court). */
  rewritePages(rewrite: (pageXml: string, requestXml: string) => string, times: number): void;
}

export async function startSimulator(options: SimulatorOptions): Promise<CourtSimulator> {
  const tampering: Tampering = new Map();
  const base = await startBaseSimulator(behaviourWith(tampering), options);
  const reset = base.reset.bind(base);
  return Object.assign(base, {
    tamperOutbox(id: string, rewrite: (messageXml: string) => string): void {
      tampering.set(id, rewrite);
    },
    rewritePages(rewrite: (pageXml: string, requestXml: string) => string, times: number): void {
      tampering.page = { rewrite, times };
    },
    reset(): void {
      tampering.clear();
      delete tampering.page;
      reset();
    },
  });
}
