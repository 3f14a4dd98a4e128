/** PSB authentication: the shared token in `X-JZPT-Token`, compared in constant time. */
import { constantTimeEquals } from '../shared/secure-compare';
import { headerOf } from '../shared/http-headers';
import type { AuthResult, Credentials, Headers } from '../types';

export function verifyPsbToken(headers: Headers, credentials: Credentials): AuthResult {
  if (!credentials.token) return { ok: false, reason: 'no PSB token configured (未配置令牌)' };
  const given = headerOf(headers, 'x-jzpt-token');
  if (given === undefined || given === '') return { ok: false, reason: 'X-JZPT-Token header is missing (缺少令牌)' };
  return constantTimeEquals(given, credentials.token) ? { ok: true } : { ok: false, reason: 'X-JZPT-Token is wrong (令牌错误)' };
}
