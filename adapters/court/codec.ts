/** The SPLC (court) codec: SOAP 1.1 bodies ↔ unified messages. */
import type { LegacyCodec } from '../types';
import { verifyCourtText } from './auth';
import { courtBodyText, decodeCourt } from './decode';
import { receiveDocumentRequest } from './envelope';

const SIGN = /<(?:[A-Za-z_][\w.-]*:)?Sign>\s*([^<\s]+)\s*<\/(?:[A-Za-z_][\w.-]*:)?Sign>/;
const TIMESTAMP = /<(?:[A-Za-z_][\w.-]*:)?Timestamp>\s*([^<\s]+)\s*<\/(?:[A-Za-z_][\w.-]*:)?Timestamp>/;

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
      return verifyCourtText(courtBodyText(body, headers), credentials, now);
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  },
};
