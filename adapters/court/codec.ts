/** The SPLC (court) codec: SOAP 1.1 bodies ↔ unified messages. */
import type { LegacyCodec } from '../types';
import { verifyCourtText } from './auth';
import { courtBodyText, decodeCourt } from './decode';
import { receiveDocumentRequest } from './envelope';

export const codec: LegacyCodec = {
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
