/** The SPLC (court) codec: SOAP 1.1 bodies ↔ unified messages. */
import type { LegacyCodec } from '../types';
import { soapParts } from '../shared/soap-parts';
import { checkCourtAuth } from './auth';
import { courtBodyText, decodeCourt } from './decode';
import { receiveDocumentRequest } from './envelope';

const SIGN = /<(?:[A-Za-z_][\w.-]*:)?Sign>\s*([^<\s]+)\s*<\/(?:[A-Za-z_][\w.-]*:)?Sign>/;
const TIMESTAMP = /<(?:[A-Za-z_][\w.-]*:)?Timestamp>\s*([^<\s]+)\s*<\/(?:[A-Za-z_][\w.-]*:)?Timestamp>/;
/** The Body's start tag, then (after white space) a receiveDocument element. */
const RECEIVE_FIRST = /^<[^>]*>\s*<(?:[A-Za-z_][\w.-]*:)?receiveDocument[\s>/]/;

export const codec: LegacyCodec = {
  // <Auth><Timestamp>/<Sign> in the SOAP header identify one request.
  requestIdentity(_headers, body) {
    const text = body.toString('utf8');
    return { signature: SIGN.exec(text)?.[1], timestamp: TIMESTAMP.exec(text)?.[1] };
  },
  kind: 'court',
  decode: decodeCourt,
  encode: (message, context) => receiveDocumentRequest(message, context.credentials, context.now ?? Date.now()),
  verifyInbound(body, headers, credentials, now) {
    try {
      const text = courtBodyText(body, headers);
      const parts = soapParts(text);
      const check = checkCourtAuth(text, credentials, now, { parts });
      if (!check.ok) return { ok: false, reason: check.reason };
      // Direction: what is pushed to the platform is a receiveDocument request; a signed answer
      // (fetchOutboxResponse) or one of the platform's own requests replayed here is not.
      if (!RECEIVE_FIRST.test(text.slice(parts.body.start, parts.body.end))) {
        return {
          ok: false,
          reason:
            'the Body of a request pushed to the platform must hold receiveDocument and nothing before it: an answer or another operation is refused (推送请求须为receiveDocument)',
        };
      }
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  },
};
