/** Talks to one SPLC instance: push receiveDocument, poll fetchOutbox, acknowledge with ackOutbox. */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { ClientOptions, EncodedRequest, LegacyClient, OutboxPage } from '../types';
import { decodeBody } from '../shared/charset';
import { MappingError } from '../shared/issues';
import { httpExchange, retryAfterMs, type HttpAnswer } from '../shared/legacy-http';
import { OutboxError } from '../shared/outbox-error';
import { outcomeOfAnswer, readCourtAnswer } from './answers';
import { verifyCourtText } from './auth';
import { decodeCourtText } from './decode';
import { ackOutboxRequest, fetchOutboxRequest, MAX_OUTBOX_PAGE, receiveDocumentRequest } from './envelope';

export interface CourtClientOptions extends ClientOptions {
  /** Refuse an outbox answer whose Auth header does not verify (default: verify when the answer is signed). */
  verifyAnswers?: boolean;
}

function answerText(answer: HttpAnswer): string {
  return decodeBody(answer.body, answer.headers['content-type'], { xml: true });
}

export class CourtClient implements LegacyClient {
  private readonly now: () => number;

  constructor(private readonly options: CourtClientOptions) {
    this.now = options.now ?? Date.now;
  }

  private exchange(request: EncodedRequest) {
    return httpExchange(this.options.baseUrl, request, this.options.timeoutMs);
  }

  async send(message: UnifiedMessage): Promise<DeliveryOutcome> {
    let request: EncodedRequest;
    try {
      request = receiveDocumentRequest(message, this.options.credentials, this.now());
    } catch (error) {
      if (error instanceof MappingError) return { kind: 'permanent', reason: `cannot be written for the court: ${error.message}`, code: 'ENCODE' };
      throw error;
    }
    const result = await this.exchange(request);
    if (!result.ok) return { kind: 'retryable', reason: result.reason, ...(result.code ? { code: result.code } : {}) };
    const { status, headers } = result.answer;
    const after = retryAfterMs(headers['retry-after'], this.now());
    let text: string;
    try {
      text = answerText(result.answer);
    } catch (error) {
      return outcomeOfAnswer(status, { kind: 'unreadable', reason: (error as Error).message }, after);
    }
    return outcomeOfAnswer(status, readCourtAnswer(text, 'receiveDocument'), after);
  }

  async fetchOutbox(cursor: string | undefined, max: number): Promise<OutboxPage> {
    const limit = Math.min(Math.max(1, Math.floor(max)), MAX_OUTBOX_PAGE);
    const result = await this.exchange(fetchOutboxRequest(cursor, limit, this.options.credentials, this.now()));
    if (!result.ok) throw new OutboxError(`fetchOutbox: ${result.reason}`, true);
    const { status } = result.answer;
    let text: string;
    try {
      text = answerText(result.answer);
    } catch (error) {
      throw new OutboxError(`fetchOutbox: HTTP ${status}, ${(error as Error).message}`, status >= 500);
    }
    const answer = readCourtAnswer(text, 'receiveDocument'); // only its Fault reading matters here
    if (answer.kind === 'fault') throw new OutboxError(`fetchOutbox: soap:${answer.code} ${answer.message}`, !answer.code.startsWith('Client'));
    if (status >= 300) throw new OutboxError(`fetchOutbox: HTTP ${status}`, status >= 500 || status === 429);
    if (this.options.verifyAnswers !== false && /<(?:[\w.-]+:)?Auth[\s>]/.test(text)) {
      const auth = verifyCourtText(text, this.options.credentials, this.now());
      if (!auth.ok) throw new OutboxError(`fetchOutbox: the answer's signature does not verify: ${auth.reason}`, false);
    }
    let decoded;
    try {
      decoded = decodeCourtText(text);
    } catch (error) {
      throw new OutboxError(`fetchOutbox: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    // A rejected message without a readable id cannot be acknowledged; it stays in the court's outbox.
    const ids = [...decoded.messages.map((m) => m.message.messageId), ...decoded.rejected.flatMap((r) => (r.legacyId ? [r.legacyId] : []))];
    return { decoded, ids, nextCursor: decoded.nextCursor ?? cursor };
  }

  async ack(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const result = await this.exchange(ackOutboxRequest(ids, this.options.credentials, this.now()));
    if (!result.ok) throw new OutboxError(`ackOutbox: ${result.reason}`, true);
    let text: string;
    try {
      text = answerText(result.answer);
    } catch (error) {
      throw new OutboxError(`ackOutbox: HTTP ${result.answer.status}, ${(error as Error).message}`, true);
    }
    const answer = readCourtAnswer(text, 'ackOutbox');
    const outcome = outcomeOfAnswer(result.answer.status, answer);
    if (outcome.kind === 'accepted' || outcome.kind === 'duplicate') return;
    throw new OutboxError(`ackOutbox: ${outcome.reason}`, outcome.kind === 'retryable');
  }
}

export function createClient(options: ClientOptions): LegacyClient {
  return new CourtClient(options);
}
