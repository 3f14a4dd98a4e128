/**
 * SPLC `<ce:Auth>` header: Sign = lower-case hex HMAC-SHA256 over the UTF-8 bytes of
 * AppId + Timestamp + the request text from `<soap:Body` through `</soap:Body>` exactly as sent.
 */
import { createHmac } from 'node:crypto';
import type { AuthResult, Credentials } from '../types';
import { MappingError } from '../shared/issues';
import { assertNoDoctype, parseXml, type XmlLimits, type XmlNode } from '../shared/safe-xml';
import { constantTimeEquals } from '../shared/secure-compare';
import { childNode, soapBodyText, soapHeaderText, textValue } from '../shared/soap';

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

/**
 * Checks the Auth header of a SOAP request (or signed answer) per the SPLC specification. Only
 * the Header is parsed: the signature covers the Body text as sent, and the Body is parsed once,
 * by the decoder, which refuses it if it is not well-formed.
 */
export function verifyCourtText(text: string, credentials: Credentials, now: number): AuthResult {
  let auth: CourtAuthFields | undefined;
  try {
    assertNoDoctype(text);
    const header = soapHeaderText(text);
    auth = header === undefined ? undefined : courtAuthFields(parseXml(header, HEADER_LIMITS));
  } catch (error) {
    return { ok: false, reason: error instanceof MappingError ? error.message : String(error) };
  }
  if (!auth) return { ok: false, reason: 'Auth header is missing (缺少Auth认证头)' };
  if (!auth.appId || !auth.timestamp || !auth.sign) return { ok: false, reason: 'Auth needs AppId, Timestamp and Sign (认证头不完整)' };
  if (!credentials.secret) return { ok: false, reason: 'no secret configured (未配置密钥)' };
  if (credentials.appId && auth.appId !== credentials.appId) return { ok: false, reason: `unknown AppId ${auth.appId} (AppId不正确)` };
  if (!/^\d{1,15}$/.test(auth.timestamp)) return { ok: false, reason: 'Timestamp must be epoch milliseconds (时间戳应为毫秒)' };
  if (Math.abs(Number(auth.timestamp) - now) > AUTH_WINDOW_MS) {
    return { ok: false, reason: 'Timestamp is more than 300 s off (时间戳超出±300秒)' };
  }
  const body = soapBodyText(text);
  if (body === undefined) return { ok: false, reason: 'soap:Body is missing (缺少soap:Body)' };
  const expected = courtSign(auth.appId, auth.timestamp, body, credentials.secret);
  if (!constantTimeEquals(auth.sign.toLowerCase(), expected)) return { ok: false, reason: 'Sign does not match (签名不正确)' };
  return { ok: true };
}
