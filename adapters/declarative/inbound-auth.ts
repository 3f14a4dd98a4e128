/**
 * The SOAP header signature a declarative XML system may declare (HMAC over AppId + Timestamp + the
 * Body as sent, within the declared window), checked on what it receives; token and HMAC-header
 * schemes are auth.ts's.
 */
import { checkSoapAuth } from '../shared/soap-auth';
import { soapParts } from '../shared/soap-parts';
import type { AuthResult, Credentials, Headers, RequestIdentity } from '../types';
import type { SystemDocument } from './schema';
import { soapAuthScheme, xmlBodyText, xmlFormatOf } from './xml-codec';

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;
/** An XML name (letters, digits, `_ . -`) inside a regular expression. */
const literal = (name: string): string => name.replace(/\./g, '\\.');

/**
 * Checks one signed SOAP request the system sent (or, in the simulator, one the platform sent it).
 * Never throws. A signed request must also be the declared operation: a signed answer (an outbox
 * page) or any other signed text sent back is refused, though its signature is good.
 */
export function verifySoapSignature(doc: SystemDocument, body: Buffer, headers: Headers, credentials: Credentials, now: number): AuthResult {
  const scheme = soapAuthScheme(doc);
  if (!scheme) return { ok: false, reason: bilingual('the document declares no SOAP signature', '文档未声明SOAP签名') };
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
export function soapRequestIdentity(doc: SystemDocument): (headers: Headers, body: Buffer) => RequestIdentity {
  const scheme = soapAuthScheme(doc);
  if (!scheme) return () => ({});
  const element = (name: string) => new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${literal(name)}>\\s*([^<\\s]+)\\s*</(?:[A-Za-z_][\\w.-]*:)?${literal(name)}>`);
  const sign = element(scheme.sign);
  const timestamp = element(scheme.timestamp);
  return (_headers, body) => {
    const text = body.toString('utf8');
    return { signature: sign.exec(text)?.[1], timestamp: timestamp.exec(text)?.[1] };
  };
}
