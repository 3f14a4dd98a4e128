/**
 * SPLC `<ce:Auth>` header: Sign = lower-case hex HMAC-SHA256 over the UTF-8 bytes of
 * AppId + Timestamp + the request text from `<soap:Body` through `</soap:Body>` exactly as sent.
 */
import { createHmac } from 'node:crypto';
import type { AuthResult, Credentials } from '../types';
import { MappingError } from '../shared/issues';
import { parseXml, type XmlLimits, type XmlNode } from '../shared/safe-xml';
import { constantTimeEquals } from '../shared/secure-compare';
import { childNode, textValue } from '../shared/soap';
import { soapParts, type SoapParts } from '../shared/soap-parts';

/** Timestamps further than this from the receiver's clock are refused. */
export const AUTH_WINDOW_MS = 300_000;

/** A SOAP header is a few elements; anything bigger is not one we trust. */
const HEADER_LIMITS: XmlLimits = { maxBytes: 64 * 1024, maxDepth: 16 };

export function courtSign(appId: string, timestamp: string, bodyText: string, secret: string): string {
  return createHmac('sha256', secret).update(`${appId}${timestamp}${bodyText}`, 'utf8').digest('hex');
}

export function requireCourtCredentials(credentials: Credentials): { appId: string; secret: string } {
  if (!credentials.appId || !credentials.secret) {
    throw new Error('court credentials need appId and secret (法院接口需要 AppId 和密钥)');
  }
  return { appId: credentials.appId, secret: credentials.secret };
}

export interface CourtAuthFields {
  appId?: string;
  timestamp?: string;
  sign?: string;
}

/** The Auth fields of a parsed `<soap:Header>` element. */
export function courtAuthFields(header: XmlNode): CourtAuthFields | undefined {
  const auth = childNode(childNode(header, 'Header'), 'Auth');
  if (!auth) return undefined;
  return { appId: textValue(auth['AppId'])?.trim(), timestamp: textValue(auth['Timestamp'])?.trim(), sign: textValue(auth['Sign'])?.trim() };
}

/** Where an Auth check failed: the envelope element at fault and why (English and Chinese). */
export type CourtAuthCheck = { ok: true } | { ok: false; field: string; reason: string };

const AUTH = 'Envelope/Header/Auth';

/** What an answer's Auth is checked against: the request it answers, as the platform sent it. */
export interface CourtRequestAuth {
  timestamp: string;
  sign: string;
}

export interface CourtAuthOptions {
  /** The envelope's parts when the caller has already located them (`soapParts`). */
  parts?: SoapParts;
  /**
   * Check the text as the answer to this request: its Sign must not be the request's own (a
   * reflected request), and its Timestamp not earlier than the request's minus `answerSkewMs`.
   */
  answerTo?: CourtRequestAuth;
  /** How far the court's clock may lag behind ours for an answer (default 300 s, the specification's window). */
  answerSkewMs?: number;
}

/**
 * Checks the Auth header of a SOAP request (or signed answer) per the SPLC specification, naming
 * the element at fault. The envelope must have exactly one Body (`soapParts` refuses every other
 * shape, DOCTYPE included); the Sign is checked over that Body's characters as sent, and those
 * are the characters the decoder parses (`decodeCourtText` reads the same range).
 */
export function checkCourtAuth(text: string, credentials: Credentials, now: number, options: CourtAuthOptions = {}): CourtAuthCheck {
  const fail = (field: string, reason: string): CourtAuthCheck => ({ ok: false, field, reason });
  let auth: CourtAuthFields | undefined;
  let parts: SoapParts;
  try {
    parts = options.parts ?? soapParts(text);
    const header = parts.header && text.slice(parts.header.start, parts.header.end);
    auth = header === undefined ? undefined : courtAuthFields(parseXml(header, HEADER_LIMITS));
  } catch (error) {
    const issue = error instanceof MappingError ? error.issues[0] : undefined;
    return fail(issue?.field ?? 'Envelope', issue?.reason ?? String(error));
  }
  if (!auth) return fail(AUTH, 'Auth header is missing (缺少Auth认证头)');
  const { appId, timestamp, sign } = auth;
  if (!appId || !timestamp || !sign) {
    const missing = !appId ? 'AppId' : !timestamp ? 'Timestamp' : 'Sign';
    return fail(`${AUTH}/${missing}`, 'Auth needs AppId, Timestamp and Sign (认证头不完整)');
  }
  if (!credentials.secret) return fail('credentials.secret', 'no secret configured (未配置密钥)');
  if (credentials.appId && appId !== credentials.appId) return fail(`${AUTH}/AppId`, `unknown AppId ${appId} (AppId不正确)`);
  if (!/^\d{1,15}$/.test(timestamp)) return fail(`${AUTH}/Timestamp`, 'Timestamp must be epoch milliseconds (时间戳应为毫秒)');
  if (Math.abs(Number(timestamp) - now) > AUTH_WINDOW_MS) return fail(`${AUTH}/Timestamp`, 'Timestamp is more than 300 s off (时间戳超出±300秒)');
  const body = text.slice(parts.body.start, parts.body.end);
  const expected = courtSign(appId, timestamp, body, credentials.secret);
  if (!constantTimeEquals(sign.toLowerCase(), expected)) return fail(`${AUTH}/Sign`, 'Sign does not match (签名不正确)');
  const request = options.answerTo;
  if (request) {
    if (constantTimeEquals(sign.toLowerCase(), request.sign.toLowerCase())) {
      return fail(`${AUTH}/Sign`, "is the platform's own request signature: a reflected request is not an answer (应答签名与请求相同，疑为反射攻击，拒收)");
    }
    if (Number(timestamp) < Number(request.timestamp) - (options.answerSkewMs ?? AUTH_WINDOW_MS)) {
      return fail(`${AUTH}/Timestamp`, 'is older than the request it answers: a replayed answer is refused (应答时间早于请求，疑为重放，拒收)');
    }
  }
  return { ok: true };
}

/** `checkCourtAuth` as the codecs' AuthResult (the reason only). */
export function verifyCourtText(text: string, credentials: Credentials, now: number): AuthResult {
  const check = checkCourtAuth(text, credentials, now);
  return check.ok ? check : { ok: false, reason: check.reason };
}
