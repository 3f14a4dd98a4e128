/** The SFXZ (justice) codec: snake_case JSON items ↔ unified messages. */
import type { LegacyCodec } from '../types';
import { verifyJusticeRequest } from './auth';
import { decodeJustice } from './decode';
import { inboxRequest } from './requests';

export const codec: LegacyCodec = {
  kind: 'justice',
  decode: decodeJustice,
  encode: (message, context) => inboxRequest(message, context.credentials, context.now ?? Date.now()),
  verifyInbound: verifyJusticeRequest,
  requestIdentity: (headers) => ({ signature: headers['x-sfxz-signature'], timestamp: headers['x-sfxz-timestamp'] }),
};
