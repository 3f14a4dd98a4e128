/** Procuratorate authentication: `Authorization: Bearer <token>`, compared in constant time. */
import { headerOf } from '../shared/http-headers';
import { constantTimeEquals } from '../shared/secure-compare';
import type { AuthResult, Credentials, Headers } from '../types';

export function verifyBearer(headers: Headers, credentials: Credentials): AuthResult {
  if (!credentials.token) return { ok: false, reason: 'no procuratorate token configured (未配置令牌)' };
  const authorization = headerOf(headers, 'authorization');
  if (!authorization) return { ok: false, reason: 'Authorization header is missing (缺少认证头)' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return { ok: false, reason: 'Authorization must be "Bearer <token>" (认证头格式错误)' };
  return constantTimeEquals(match[1]!, credentials.token) ? { ok: true } : { ok: false, reason: 'bearer token is wrong (令牌错误)' };
}
