/**
 * A signature carried in a SOAP header, as the court's SPLC specification has it and as a
 * declarative document may declare it: `<Auth><AppId/><Timestamp/><Sign/></Auth>`, where Sign is
 * the lower-case hex HMAC over the UTF-8 bytes of AppId + Timestamp (epoch milliseconds) + the
 * request text from `<soap:Body` through `</soap:Body>` exactly as sent. The element names, the
 * hash and the timestamp window are the scheme's; the checks are the same for every system.
 */
import { createHmac } from 'node:crypto';
import type { AuthResult, Credentials } from '../types';
import { MappingError } from './issues';
import { parseXml, type XmlLimits, type XmlNode } from './safe-xml';
import { constantTimeEquals } from './secure-compare';
import { childNode, soapBody, soapEnvelope, textValue } from './soap';
import { soapParts, type SoapParts } from './soap-parts';
import { escapeXml } from './xml-write';

/** Where the signature lives and how it is computed. */
export interface SoapAuthScheme {
  /** Local names of the header element and its three children. */
  header: string;
  appId: string;
  timestamp: string;
  sign: string;
  /** HMAC hash of the Sign (`sha256`). */
  hash: 'sha256';
  /** Timestamps further than this from the receiver's clock are refused. */
  windowMs: number;
}

/** A SOAP header is a few elements; anything bigger is not one we trust. */
const HEADER_LIMITS: XmlLimits = { maxBytes: 64 * 1024, maxDepth: 16 };

export function soapSign(scheme: SoapAuthScheme, appId: string, timestamp: string, bodyText: string, secret: string): string {
  return createHmac(scheme.hash, secret).update(`${appId}${timestamp}${bodyText}`, 'utf8').digest('hex');
}

/** The appId and secret a signature needs; `system` names the system in English and Chinese. */
export function requireAppIdAndSecret(credentials: Credentials, system: { en: string; zh: string }): { appId: string; secret: string } {
  if (!credentials.appId || !credentials.secret) {
    throw new Error(`${system.en} credentials need appId and secret (${system.zh}接口需要 AppId 和密钥)`);
  }
  return { appId: credentials.appId, secret: credentials.secret };
}

export interface SoapAuthFields {
  appId?: string;
  timestamp?: string;
  sign?: string;
}

/** The signature fields of a parsed `<soap:Header>` element. */
export function soapAuthFields(header: XmlNode, scheme: SoapAuthScheme): SoapAuthFields | undefined {
  const auth = childNode(childNode(header, 'Header'), scheme.header);
  if (!auth) return undefined;
  const read = (name: string) => textValue(auth[name])?.trim();
  return { appId: read(scheme.appId), timestamp: read(scheme.timestamp), sign: read(scheme.sign) };
}

/** Where a signature check failed: the envelope element at fault and why (English and Chinese). */
export type SoapAuthCheck = { ok: true } | { ok: false; field: string; reason: string };

/** What an answer's signature is checked against: the request it answers, as the platform sent it. */
export interface SoapRequestAuth {
  timestamp: string;
  sign: string;
}

export interface SoapAuthOptions {
  /** The envelope's parts when the caller has already located them (`soapParts`). */
  parts?: SoapParts;
  /**
   * Check the text as the answer to this request: its Sign must not be the request's own (a
   * reflected request), and its Timestamp not earlier than the request's minus `answerSkewMs`.
   */
  answerTo?: SoapRequestAuth;
  /** How far the system's clock may lag behind ours for an answer (default: the scheme's window). */
  answerSkewMs?: number;
}

/**
 * Checks the signature header of a SOAP request (or signed answer), naming the element at fault.
 * The envelope must have exactly one Body (`soapParts` refuses every other shape, DOCTYPE
 * included); the Sign is checked over that Body's characters as sent, and those are the
 * characters the decoders parse.
 */
export function checkSoapAuth(text: string, credentials: Credentials, now: number, scheme: SoapAuthScheme, options: SoapAuthOptions = {}): SoapAuthCheck {
  const fail = (field: string, reason: string): SoapAuthCheck => ({ ok: false, field, reason });
  const at = `Envelope/Header/${scheme.header}`;
  const seconds = scheme.windowMs / 1000;
  let auth: SoapAuthFields | undefined;
  let parts: SoapParts;
  try {
    parts = options.parts ?? soapParts(text);
    const header = parts.header && text.slice(parts.header.start, parts.header.end);
    auth = header === undefined ? undefined : soapAuthFields(parseXml(header, HEADER_LIMITS), scheme);
  } catch (error) {
    const issue = error instanceof MappingError ? error.issues[0] : undefined;
    return fail(issue?.field ?? 'Envelope', issue?.reason ?? String(error));
  }
  if (!auth) return fail(at, `${scheme.header} header is missing (缺少${scheme.header}认证头)`);
  const { appId, timestamp, sign } = auth;
  if (!appId || !timestamp || !sign) {
    const missing = !appId ? scheme.appId : !timestamp ? scheme.timestamp : scheme.sign;
    return fail(`${at}/${missing}`, `${scheme.header} needs ${scheme.appId}, ${scheme.timestamp} and ${scheme.sign} (认证头不完整)`);
  }
  if (!credentials.secret) return fail('credentials.secret', 'no secret configured (未配置密钥)');
  if (credentials.appId && appId !== credentials.appId) return fail(`${at}/${scheme.appId}`, `unknown ${scheme.appId} ${appId} (${scheme.appId}不正确)`);
  if (!/^\d{1,15}$/.test(timestamp)) return fail(`${at}/${scheme.timestamp}`, `${scheme.timestamp} must be epoch milliseconds (时间戳应为毫秒)`);
  if (Math.abs(Number(timestamp) - now) > scheme.windowMs)
    return fail(`${at}/${scheme.timestamp}`, `${scheme.timestamp} is more than ${seconds} s off (时间戳超出±${seconds}秒)`);
  const body = text.slice(parts.body.start, parts.body.end);
  const expected = soapSign(scheme, appId, timestamp, body, credentials.secret);
  if (!constantTimeEquals(sign.toLowerCase(), expected)) return fail(`${at}/${scheme.sign}`, `${scheme.sign} does not match (签名不正确)`);
  const request = options.answerTo;
  if (request) {
    if (constantTimeEquals(sign.toLowerCase(), request.sign.toLowerCase())) {
      return fail(
        `${at}/${scheme.sign}`,
        "is the platform's own request signature: a reflected request is not an answer (应答签名与请求相同，疑为反射攻击，拒收)",
      );
    }
    if (Number(timestamp) < Number(request.timestamp) - (options.answerSkewMs ?? scheme.windowMs)) {
      return fail(`${at}/${scheme.timestamp}`, 'is older than the request it answers: a replayed answer is refused (应答时间早于请求，疑为重放，拒收)');
    }
  }
  return { ok: true };
}

/** `checkSoapAuth` as the codecs' AuthResult (the reason only). */
export function verifySoapText(text: string, credentials: Credentials, now: number, scheme: SoapAuthScheme): AuthResult {
  const check = checkSoapAuth(text, credentials, now, scheme);
  return check.ok ? check : { ok: false, reason: check.reason };
}

/** How a signed envelope is written: its namespaces and the prefix of the header elements. */
export interface SoapEnvelopeStyle {
  namespaces: Record<string, string>;
  prefix: string;
  /** The charset named in the prolog (default utf-8). */
  encoding?: string;
}

/** An envelope around `operationXml` whose signature header signs the exact Body text; and the Timestamp and Sign it carries. */
export function signedSoapEnvelope(
  operationXml: string,
  style: SoapEnvelopeStyle,
  scheme: SoapAuthScheme,
  credentials: { appId: string; secret: string },
  now: number,
): { text: string; auth: SoapRequestAuth } {
  const body = soapBody(operationXml);
  const timestamp = String(now);
  const sign = soapSign(scheme, credentials.appId, timestamp, body, credentials.secret);
  const p = style.prefix === '' ? '' : `${style.prefix}:`;
  const line = (name: string, value: string) => `      <${p}${name}>${value}</${p}${name}>\n`;
  const header =
    `    <${p}${scheme.header}>\n${line(scheme.appId, escapeXml(credentials.appId))}${line(scheme.timestamp, timestamp)}` +
    `${line(scheme.sign, sign)}    </${p}${scheme.header}>`;
  return { text: soapEnvelope(style.namespaces, header, body, style.encoding), auth: { timestamp, sign } };
}
