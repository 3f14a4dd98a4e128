/** Talks to one SPLC instance: push receiveDocument, poll fetchOutbox, acknowledge with ackOutbox. */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { UnifiedMessage } from '../../standard/schema/message';
import type { ClientOptions, EncodedRequest, LegacyClient, OutboxPage } from '../types';
import { decodeBody } from '../shared/charset';
import { retryAfterMs, type HttpAnswer } from '../shared/http-client';
import { OutboxSystemClient } from '../shared/outbox-client';
import { OutboxError } from '../shared/outbox-error';
import { outboxPageOf } from '../shared/outbox-page';
import type { XmlNode } from '../shared/safe-xml';
import { soapParts, type SoapParts } from '../shared/soap-parts';
import { courtFaultOf, outcomeOfAnswer, readCourtAnswer } from './answers';
import { decodeCourtText, parseSignedBody } from './decode';
import { ackOutboxRequest, MAX_OUTBOX_PAGE, receiveDocumentRequest, signedFetchOutbox } from './envelope';
import { refusedOutboxPage, refusedPage } from './page-auth';

export interface CourtClientOptions extends ClientOptions {
  /**
   * Check the `<ce:Auth>` header of every outbox page and refuse a page without a valid one
   * (default true). `false` takes pages unchecked: only for a court known not to sign its answers.
   */
  verifyAnswers?: boolean;
  /** How far the court's clock may lag behind ours in an answer (default 300 000 ms, the specification's window). */
  answerSkewMs?: number;
}

function answerText(answer: HttpAnswer): string {
  return decodeBody(answer.body, answer.headers['content-type'], { xml: true });
}

export class CourtClient extends OutboxSystemClient<CourtClientOptions> {
  protected readonly recipient = 'the court';

  protected pushRequest(message: UnifiedMessage): EncodedRequest {
    return receiveDocumentRequest(message, this.options.credentials, this.now());
  }

  protected pushOutcome(answer: HttpAnswer): DeliveryOutcome {
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
    const { request, auth } = signedFetchOutbox(cursor, limit, this.options.credentials, this.now());
    const answer = await this.http.exchange(request);
    if (answer.kind === 'no-answer') throw new OutboxError(`fetchOutbox: ${answer.reason}`, true);
    const { status } = answer;
    let text: string;
    try {
      text = answerText(answer);
    } catch (error) {
      throw new OutboxError(`fetchOutbox: HTTP ${status}, ${(error as Error).message}`, status >= 500);
    }
    // The envelope's shape is checked first (one Body, nothing that could stand in for it, no
    // DOCTYPE); a 2xx page of any other shape is refused and kept like a page that fails its Auth.
    let parts: SoapParts;
    try {
      parts = soapParts(text);
    } catch (error) {
      if (status >= 300) throw new OutboxError(`fetchOutbox: HTTP ${status}`, status >= 500 || status === 429);
      throw refusedPage(text, error);
    }
    let root: XmlNode | undefined;
    let unreadable: unknown;
    try {
      root = parseSignedBody(text, parts).root;
    } catch (error) {
      unreadable = error;
    }
    const fault = root && courtFaultOf(root);
    if (fault) throw new OutboxError(`fetchOutbox: soap:${fault.code} ${fault.message}`, !fault.code.startsWith('Client'));
    if (status >= 300) throw new OutboxError(`fetchOutbox: HTTP ${status}`, status >= 500 || status === 429);
    if (root === undefined) throw refusedPage(text, unreadable);
    if (this.options.verifyAnswers !== false) {
      const refused = refusedOutboxPage(text, this.options.credentials, this.now(), {
        parts,
        answerTo: auth,
        ...(this.options.answerSkewMs === undefined ? {} : { answerSkewMs: this.options.answerSkewMs }),
      });
      if (refused) throw refused;
    }
    let decoded;
    try {
      decoded = decodeCourtText(text, 'fetchOutboxResponse', parts);
    } catch (error) {
      throw refusedPage(text, error);
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
