/**
 * SFXZ request signing: X-Sfxz-AppKey, X-Sfxz-Timestamp (epoch ms) and X-Sfxz-Signature =
 * base64 HMAC-SHA256 of `timestamp + "\n" + raw body` (empty body for GET) with the shared secret.
 */
import { createHmac } from 'node:crypto';
import type { AuthResult, Credentials, Headers } from '../types';
import { headerOf } from '../shared/http-headers';
import { constantTimeEquals } from '../shared/secure-compare';

export const AUTH_WINDOW_MS = 300_000;

export function justiceSignature(timestamp: string, body: Buffer | string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}\n`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('base64');
}

export function requireJusticeCredentials(credentials: Credentials): { appKey: string; secret: string } {
  if (!credentials.appId || !credentials.secret) {
    throw new Error('justice credentials need appId (AppKey) and secret (司法行政接口需要 AppKey 和密钥)');
  }
  return { appKey: credentials.appId, secret: credentials.secret };
}

/** The three signing headers for one request. */
export function signedHeaders(body: Buffer, credentials: Credentials, now: number): Record<string, string> {
  const { appKey, secret } = requireJusticeCredentials(credentials);
  const timestamp = String(now);
  return { 'X-Sfxz-AppKey': appKey, 'X-Sfxz-Timestamp': timestamp, 'X-Sfxz-Signature': justiceSignature(timestamp, body, secret) };
}

/** Checks a request's signing headers against the raw body. */
export function verifyJusticeRequest(body: Buffer, headers: Headers, credentials: Credentials, now: number): AuthResult {
  const appKey = headerOf(headers, 'x-sfxz-appkey');
  const timestamp = headerOf(headers, 'x-sfxz-timestamp')?.trim();
  const signature = headerOf(headers, 'x-sfxz-signature')?.trim();
  if (!appKey || !timestamp || !signature) return { ok: false, reason: 'X-Sfxz-AppKey, X-Sfxz-Timestamp and X-Sfxz-Signature are required (缺少签名头)' };
  if (!credentials.secret) return { ok: false, reason: 'no secret configured (未配置密钥)' };
  if (credentials.appId && appKey !== credentials.appId) return { ok: false, reason: `unknown AppKey ${appKey} (AppKey不正确)` };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'X-Sfxz-Timestamp must be epoch milliseconds (时间戳应为毫秒)' };
  if (Math.abs(Number(timestamp) - now) > AUTH_WINDOW_MS) return { ok: false, reason: 'X-Sfxz-Timestamp is more than 300 s off (时间戳超出±300秒)' };
  if (!constantTimeEquals(signature, justiceSignature(timestamp, body, credentials.secret))) {
    return { ok: false, reason: 'X-Sfxz-Signature does not match (签名不正确)' };
  }
  return { ok: true };
}
