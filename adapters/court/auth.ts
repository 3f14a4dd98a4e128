/**
 * SPLC `<ce:Auth>` header: Sign = lower-case hex HMAC-SHA256 over the UTF-8 bytes of
 * AppId + Timestamp + the request text from `<soap:Body` through `</soap:Body>` exactly as sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuthResult, Credentials } from '../types';
import { MappingError } from '../shared/issues';
import type { XmlNode } from '../shared/safe-xml';
import { childNode, soapBodyText, textValue } from '../shared/soap';
import { parseCourtXml } from './xml';

/** Timestamps further than this from the receiver's clock are refused. */
export const AUTH_WINDOW_MS = 300_000;

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

export function courtAuthFields(root: XmlNode): CourtAuthFields | undefined {
  const auth = childNode(childNode(childNode(root, 'Envelope'), 'Header'), 'Auth');
  if (!auth) return undefined;
  return { appId: textValue(auth['AppId'])?.trim(), timestamp: textValue(auth['Timestamp'])?.trim(), sign: textValue(auth['Sign'])?.trim() };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks the Auth header of a SOAP request (or signed answer) per the SPLC specification. */
export function verifyCourtText(text: string, credentials: Credentials, now: number): AuthResult {
  let root: XmlNode;
  try {
    root = parseCourtXml(text);
  } catch (error) {
    return { ok: false, reason: error instanceof MappingError ? error.message : String(error) };
  }
  const auth = courtAuthFields(root);
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
  if (!sameText(expected, auth.sign.toLowerCase())) return { ok: false, reason: 'Sign does not match (签名不正确)' };
  return { ok: true };
}
