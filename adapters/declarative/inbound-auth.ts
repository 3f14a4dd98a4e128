/**
 * How a declarative system's requests are authenticated: a bearer token, a named token header, or
 * the SOAP header signature the document declares (HMAC over AppId + Timestamp + the Body as sent,
 * within the declared window).
 */
import { headerOf } from '../shared/http-headers';
import { constantTimeEquals } from '../shared/secure-compare';
import { checkSoapAuth } from '../shared/soap-auth';
import { soapParts } from '../shared/soap-parts';
import type { AuthResult, Credentials, Headers, RequestIdentity } from '../types';
import type { SystemDocument } from './schema';
import { soapAuthScheme, xmlBodyText, xmlFormatOf } from './xml-codec';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;
/** An XML name (letters, digits, `_ . -`) inside a regular expression. */
const literal = (name: string): string => name.replace(/\./g, '\\.');

function verifyToken(doc: SystemDocument, headers: Headers, credentials: Credentials): AuthResult {
  if (!credentials.token) return { ok: false, reason: bilingual('no token configured', '未配置令牌') };
  if (doc.auth.scheme === 'bearer') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(headers, 'authorization') ?? '');
    if (!match) return { ok: false, reason: bilingual('Authorization must be "Bearer <token>"', '认证头格式错误') };
    return constantTimeEquals(match[1]!, credentials.token) ? { ok: true } : { ok: false, reason: bilingual('token is wrong', '令牌错误') };
  }
  if (doc.auth.scheme !== 'header') return { ok: false, reason: bilingual('not a token scheme', '不是令牌认证') };
  const given = headerOf(headers, doc.auth.header);
  if (!given) return { ok: false, reason: bilingual(`${doc.auth.header} header is missing`, '缺少认证头') };
  return constantTimeEquals(given, credentials.token) ? { ok: true } : { ok: false, reason: bilingual('token is wrong', '令牌错误') };
}

/**
 * Checks one request the system sent (or, in the simulator, one the platform sent it). Never throws.
 * A signed request must also be the declared operation: a signed answer (an outbox page) or any
 * other signed text sent back is refused, though its signature is good.
 */
export function verifyRequest(doc: SystemDocument, body: Buffer, headers: Headers, credentials: Credentials, now: number): AuthResult {
  const scheme = soapAuthScheme(doc);
  if (doc.auth.scheme !== 'soap-signature' || !scheme) return verifyToken(doc, headers, credentials);
  try {
    const format = xmlFormatOf(doc);
    const text = xmlBodyText(body, headers, format);
    const parts = soapParts(text);
    const check = checkSoapAuth(text, credentials, now, scheme, { parts });
    if (!check.ok) return { ok: false, reason: `${check.field}: ${check.reason}` };
    const operation = format.soap!.operation;
    const first = new RegExp(`^<[^>]*>\\s*<(?:[A-Za-z_][\\w.-]*:)?${literal(operation)}[\\s>/]`);
    if (!first.test(text.slice(parts.body.start, parts.body.end)))
      return {
        ok: false,
        reason: bilingual(
          `the Body of a request must hold ${operation} and nothing before it: an answer or another operation is refused`,
          `请求须为${operation}`,
        ),
      };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** For the replay guard: a signed SOAP request is identified by its Sign and Timestamp. */
export function requestIdentityOf(doc: SystemDocument): ((headers: Headers, body: Buffer) => RequestIdentity) | undefined {
  const scheme = soapAuthScheme(doc);
  if (doc.auth.scheme !== 'soap-signature' || !scheme) return undefined;
  const element = (name: string) => new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${literal(name)}>\\s*([^<\\s]+)\\s*</(?:[A-Za-z_][\\w.-]*:)?${literal(name)}>`);
  const sign = element(scheme.sign);
  const timestamp = element(scheme.timestamp);
  return (_headers, body) => {
    const text = body.toString('utf8');
    return { signature: sign.exec(text)?.[1], timestamp: timestamp.exec(text)?.[1] };
  };
}
