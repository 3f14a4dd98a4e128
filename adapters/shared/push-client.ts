/** A client for a system the platform only pushes to with one POST per message (PSB, procuratorate). */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { UnifiedMessage } from '../../standard/schema/message';
import { bilingual } from '../../standard/bilingual';
import type { ClientOptions, EncodedRequest, EncodeContext, LegacyClient } from '../types';
import { createLegacyHttp } from './http-client';
import type { SystemName } from './issues';

export interface PushSystem {
  encode(message: UnifiedMessage, context: EncodeContext): EncodedRequest;
  /** The outcome of the system's HTTP answer. */
  outcome(status: number, headers: Record<string, string>, body: Buffer, now: number): DeliveryOutcome;
  /** Why a message cannot be written for the system, e.g. `cannot encode for PSB: … (无法转换为公安报文)`. */
  encodeFailure(reason: string): string;
}

/** The encode failure of a built-in push system: `cannot encode for <en>: reason (无法转换为<zh>报文)`. */
export const cannotEncodeFor =
  (system: SystemName) =>
  (reason: string): string =>
    bilingual(`cannot encode for ${system.en}: ${reason}`, `无法转换为${system.zh}报文`);

/**
 * The request of a push system that authenticates with a token (PSB, procuratorate): the token is
 * checked first (`missingToken` is the bilingual refusal), then the message is written; a POST.
 */
export function tokenPushRequest(context: EncodeContext, missingToken: string, write: (token: string) => Omit<EncodedRequest, 'method'>): EncodedRequest {
  const token = context.credentials.token;
  if (!token) throw new Error(missingToken);
  return { method: 'POST', ...write(token) };
}

export function createPushClient(options: ClientOptions, system: PushSystem): LegacyClient {
  const http = createLegacyHttp(options);
  const now = options.now ?? Date.now;
  return {
    async send(message: UnifiedMessage): Promise<DeliveryOutcome> {
      let request: EncodedRequest;
      try {
        request = system.encode(message, { credentials: options.credentials, now: now() });
      } catch (error) {
        // The message cannot be put in the system's format: retrying will not help.
        return { kind: 'permanent', reason: system.encodeFailure(error instanceof Error ? error.message : String(error)), code: 'ENCODE' };
      }
      const exchange = await http.exchange(request);
      if (exchange.kind === 'no-answer') return { kind: 'retryable', reason: exchange.reason, code: 'NO_ANSWER' };
      return system.outcome(exchange.status, exchange.headers, exchange.body, now());
    },
  };
}
