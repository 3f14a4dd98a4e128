/** Talks to one SFXZ instance: push to the inbox, poll the outbox, acknowledge. */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { ClientOptions, EncodedRequest, LegacyClient, OutboxPage } from '../types';
import { retryAfterMs, type HttpAnswer } from '../shared/http-client';
import { MappingError } from '../shared/issues';
import { OutboxSystemClient } from '../shared/outbox-client';
import { OutboxError, RefusedOutboxPage } from '../shared/outbox-error';
import { outboxPageOf } from '../shared/outbox-page';
import { decodeJusticeText, justiceBodyText } from './decode';
import { ackRequest, inboxRequest, MAX_OUTBOX_LIMIT, outboxRequest } from './requests';

interface ErrorBody {
  success?: unknown;
  error?: { code?: unknown; field?: unknown; message?: unknown };
}

function readErrorBody(answer: HttpAnswer): { code?: string; text: string } {
  try {
    const value = JSON.parse(answer.body.toString('utf8')) as ErrorBody;
    const error = value?.error;
    if (error && typeof error === 'object') {
      const field = error.field === undefined || error.field === null ? '' : `${String(error.field)}: `;
      return { ...(error.code !== undefined ? { code: String(error.code) } : {}), text: `${field}${String(error.message ?? '')}`.trim() };
    }
  } catch {
    // not JSON: fall back to the text below
  }
  return { text: answer.body.toString('utf8').slice(0, 300) };
}

/**
 * 200 success; 400 permanent (error.code/field/message); 409 duplicate; 429 retryable with
 * Retry-After; 5xx retryable; 401/403 and other 4xx permanent.
 */
export function outcomeOfInboxAnswer(answer: HttpAnswer, now: number): DeliveryOutcome {
  const { status } = answer;
  if (status === 409) return { kind: 'duplicate' };
  if (status >= 200 && status < 300) {
    const failed = readErrorBody(answer);
    if (/"success"\s*:\s*false/.test(answer.body.toString('utf8')))
      return { kind: 'permanent', reason: failed.text || 'success=false', ...(failed.code ? { code: failed.code } : {}) };
    return { kind: 'accepted' };
  }
  if (status === 429 || status === 408 || status >= 500) {
    const after = retryAfterMs(answer.headers['retry-after'], now);
    return { kind: 'retryable', reason: `HTTP ${status}`, code: `HTTP ${status}`, ...(after !== undefined ? { retryAfterMs: after } : {}) };
  }
  const error = readErrorBody(answer);
  return { kind: 'permanent', reason: `HTTP ${status}${error.text ? `: ${error.text}` : ''}`, code: error.code ?? `HTTP ${status}` };
}

export class JusticeClient extends OutboxSystemClient {
  protected readonly recipient = 'the justice system';

  protected pushRequest(message: UnifiedMessage): EncodedRequest {
    return inboxRequest(message, this.options.credentials, this.now());
  }

  protected pushOutcome(answer: HttpAnswer): DeliveryOutcome {
    return outcomeOfInboxAnswer(answer, this.now());
  }

  async fetchOutbox(cursor: string | undefined, max: number): Promise<OutboxPage> {
    const limit = Math.min(Math.max(1, Math.floor(max)), MAX_OUTBOX_LIMIT);
    const answer = await this.http.exchange(outboxRequest(cursor, limit, this.options.credentials, this.now()));
    if (answer.kind === 'no-answer') throw new OutboxError(`outbox: ${answer.reason}`, true);
    if (answer.status !== 200) {
      const error = readErrorBody(answer);
      throw new OutboxError(`outbox: HTTP ${answer.status} ${error.text}`.trim(), answer.status >= 500 || answer.status === 429);
    }
    let text: string;
    try {
      text = justiceBodyText(answer.body, answer.headers);
    } catch (error) {
      throw new OutboxError(`outbox: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    let decoded;
    try {
      decoded = decodeJusticeText(text);
    } catch (error) {
      // Unreadable or ambiguous (duplicated keys, …): kept in quarantine and audited, asked again.
      const issues = error instanceof MappingError ? error.issues : [{ field: 'body', reason: error instanceof Error ? error.message : String(error) }];
      throw new RefusedOutboxPage({ issues, raw: text }, true);
    }
    return outboxPageOf(decoded, cursor);
  }

  async ack(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const answer = await this.http.exchange(ackRequest(ids, this.options.credentials, this.now()));
    if (answer.kind === 'no-answer') throw new OutboxError(`outbox/ack: ${answer.reason}`, true);
    const { status } = answer;
    if (status >= 200 && status < 300) return;
    throw new OutboxError(`outbox/ack: HTTP ${status} ${readErrorBody(answer).text}`.trim(), status >= 500 || status === 429);
  }
}

export function createClient(options: ClientOptions): LegacyClient {
  return new JusticeClient(options);
}
