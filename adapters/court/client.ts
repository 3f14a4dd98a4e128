/** Talks to one SPLC instance: push receiveDocument, poll fetchOutbox, acknowledge with ackOutbox. */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { ClientOptions, EncodedRequest, LegacyClient, OutboxPage } from '../types';
import { decodeBody } from '../shared/charset';
import { createLegacyHttp, OUTBOX_HTTP, retryAfterMs, type HttpAnswer, type LegacyHttp } from '../shared/http-client';
import { MappingError } from '../shared/issues';
import { OutboxError } from '../shared/outbox-error';
import { outboxPageOf } from '../shared/outbox-page';
import { parseXml, type XmlNode } from '../shared/safe-xml';
import { courtFaultOf, outcomeOfAnswer, readCourtAnswer } from './answers';
import { decodeCourtText } from './decode';
import { ackOutboxRequest, fetchOutboxRequest, MAX_OUTBOX_PAGE, receiveDocumentRequest } from './envelope';
import { refusedOutboxPage } from './page-auth';

export interface CourtClientOptions extends ClientOptions {
  /**
   * Check the `<ce:Auth>` header of every outbox page and refuse a page without a valid one
   * (default true). `false` takes pages unchecked: only for a court known not to sign its answers.
   */
  verifyAnswers?: boolean;
}

function answerText(answer: HttpAnswer): string {
  return decodeBody(answer.body, answer.headers['content-type'], { xml: true });
}

export class CourtClient implements LegacyClient {
  private readonly now: () => number;
  private readonly http: LegacyHttp;

  constructor(private readonly options: CourtClientOptions) {
    this.now = options.now ?? Date.now;
    this.http = createLegacyHttp({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? OUTBOX_HTTP.timeoutMs, maxAnswerBytes: OUTBOX_HTTP.maxAnswerBytes, ...(options.tls ? { tls: options.tls } : {}) });
  }

  async send(message: UnifiedMessage): Promise<DeliveryOutcome> {
    let request: EncodedRequest;
    try {
      request = receiveDocumentRequest(message, this.options.credentials, this.now());
    } catch (error) {
      if (error instanceof MappingError) return { kind: 'permanent', reason: `cannot be written for the court: ${error.message}`, code: 'ENCODE' };
      throw error;
    }
    const answer = await this.http.exchange(request);
    if (answer.kind === 'no-answer') return { kind: 'retryable', reason: answer.reason, ...(answer.code ? { code: answer.code } : {}) };
    const { status, headers } = answer;
    const after = retryAfterMs(headers['retry-after'], this.now());
    let text: string;
    try {
      text = answerText(answer);
    } catch (error) {
      return outcomeOfAnswer(status, { kind: 'unreadable', reason: (error as Error).message }, after);
    }
    return outcomeOfAnswer(status, readCourtAnswer(text, 'receiveDocument'), after);
  }

  async fetchOutbox(cursor: string | undefined, max: number): Promise<OutboxPage> {
    const limit = Math.min(Math.max(1, Math.floor(max)), MAX_OUTBOX_PAGE);
    const answer = await this.http.exchange(fetchOutboxRequest(cursor, limit, this.options.credentials, this.now()));
    if (answer.kind === 'no-answer') throw new OutboxError(`fetchOutbox: ${answer.reason}`, true);
    const { status } = answer;
    let text: string;
    try {
      text = answerText(answer);
    } catch (error) {
      throw new OutboxError(`fetchOutbox: HTTP ${status}, ${(error as Error).message}`, status >= 500);
    }
    // The page is parsed once, for a Fault and for the messages; the Auth check reads only its header.
    let root: XmlNode | undefined;
    let unreadable: unknown;
    try {
      root = parseXml(text);
    } catch (error) {
      unreadable = error;
    }
    const fault = root && courtFaultOf(root);
    if (fault) throw new OutboxError(`fetchOutbox: soap:${fault.code} ${fault.message}`, !fault.code.startsWith('Client'));
    if (status >= 300) throw new OutboxError(`fetchOutbox: HTTP ${status}`, status >= 500 || status === 429);
    const failure = (error: unknown) => new OutboxError(`fetchOutbox: ${error instanceof Error ? error.message : String(error)}`, true);
    if (root === undefined) throw failure(unreadable);
    if (this.options.verifyAnswers !== false) {
      const refused = refusedOutboxPage(text, this.options.credentials, this.now());
      if (refused) throw refused;
    }
    let decoded;
    try {
      decoded = decodeCourtText(text, root);
    } catch (error) {
      throw failure(error);
    }
    return outboxPageOf(decoded, cursor);
  }

  async ack(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const answer = await this.http.exchange(ackOutboxRequest(ids, this.options.credentials, this.now()));
    if (answer.kind === 'no-answer') throw new OutboxError(`ackOutbox: ${answer.reason}`, true);
    let text: string;
    try {
      text = answerText(answer);
    } catch (error) {
      throw new OutboxError(`ackOutbox: HTTP ${answer.status}, ${(error as Error).message}`, true);
    }
    const outcome = outcomeOfAnswer(answer.status, readCourtAnswer(text, 'ackOutbox'));
    if (outcome.kind === 'accepted' || outcome.kind === 'duplicate') return;
    throw new OutboxError(`ackOutbox: ${outcome.reason}`, outcome.kind === 'retryable');
  }
}

export function createClient(options: ClientOptions): LegacyClient {
  return new CourtClient(options);
}
