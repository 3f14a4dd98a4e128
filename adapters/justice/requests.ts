/** SFXZ HTTP requests, each signed with X-Sfxz-AppKey / X-Sfxz-Timestamp / X-Sfxz-Signature. */
import type { UnifiedMessage } from '../../standard/schema/message';
import type { Credentials, EncodedRequest } from '../types';
import { signedHeaders } from './auth';
import { justiceItem } from './map-out';

export const JUSTICE_BASE = '/sfxz/openapi/v1';
export const INBOX_PATH = `${JUSTICE_BASE}/inbox`;
export const OUTBOX_PATH = `${JUSTICE_BASE}/outbox`;
export const ACK_PATH = `${JUSTICE_BASE}/outbox/ack`;
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const MAX_OUTBOX_LIMIT = 100;

export interface JusticeGet {
  method: 'GET';
  path: string;
  headers: Record<string, string>;
}

function post(path: string, value: unknown, credentials: Credentials, now: number): EncodedRequest {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  return { method: 'POST', path, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...signedHeaders(body, credentials, now) }, body };
}

export function inboxRequest(message: UnifiedMessage, credentials: Credentials, now: number): EncodedRequest {
  return post(INBOX_PATH, justiceItem(message), credentials, now);
}

export function ackRequest(ids: readonly string[], credentials: Credentials, now: number): EncodedRequest {
  return post(ACK_PATH, { ids }, credentials, now);
}

/** GET outbox?after=&limit=, signed over an empty body. */
export function outboxRequest(after: string | undefined, limit: number, credentials: Credentials, now: number): JusticeGet {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_OUTBOX_LIMIT) throw new RangeError(`limit must be 1-${MAX_OUTBOX_LIMIT}, got ${limit}`);
  const query = new URLSearchParams({ after: after ?? '', limit: String(limit) });
  return { method: 'GET', path: `${OUTBOX_PATH}?${query.toString()}`, headers: signedHeaders(Buffer.alloc(0), credentials, now) };
}
