/**
 * What the clients of the outbox systems (court, justice) share: an HTTP client sized for outbox
 * pages, the clock, and the push half — write the message, send it, read the system's answer.
 */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { ClientOptions, EncodedRequest, LegacyClient, OutboxPage } from '../types';
import { createLegacyHttp, OUTBOX_HTTP, type HttpAnswer, type LegacyHttp } from './http-client';
import { MappingError } from './issues';

export abstract class OutboxSystemClient<O extends ClientOptions = ClientOptions> implements LegacyClient {
  protected readonly now: () => number;
  protected readonly http: LegacyHttp;

  constructor(protected readonly options: O) {
    this.now = options.now ?? Date.now;
    this.http = createLegacyHttp({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs ?? OUTBOX_HTTP.timeoutMs,
      maxAnswerBytes: OUTBOX_HTTP.maxAnswerBytes,
      ...(options.tls ? { tls: options.tls } : {}),
    });
  }

  /** Who a message that cannot be written is refused for, e.g. `the court`. */
  protected abstract readonly recipient: string;
  /** The push request for one message; throws MappingError when the system's format cannot hold it. */
  protected abstract pushRequest(message: UnifiedMessage): EncodedRequest;
  /** The outcome of the system's answer to a push. */
  protected abstract pushOutcome(answer: HttpAnswer): DeliveryOutcome;

  abstract fetchOutbox(cursor: string | undefined, max: number): Promise<OutboxPage>;
  abstract ack(ids: string[]): Promise<void>;

  async send(message: UnifiedMessage): Promise<DeliveryOutcome> {
    let request: EncodedRequest;
    try {
      request = this.pushRequest(message);
    } catch (error) {
      if (error instanceof MappingError) return { kind: 'permanent', reason: `cannot be written for ${this.recipient}: ${error.message}`, code: 'ENCODE' };
      throw error;
    }
    const answer = await this.http.exchange(request);
    if (answer.kind === 'no-answer') return { kind: 'retryable', reason: answer.reason, ...(answer.code ? { code: answer.code } : {}) };
    return this.pushOutcome(answer);
  }
}
