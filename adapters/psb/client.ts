/** Delivers unified messages to the PSB system (POST /jzpt/api/xtba/receive) and reads its FHXX answer. */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import type { UnifiedMessage } from '../../standard/schema/message';
import { createHttp, DEFAULT_TIMEOUT_MS, outcomeForHttpStatus, postRequest } from '../shared/http-client';
import { MappingError } from '../shared/issues';
import type { ClientOptions, LegacyClient } from '../types';
import { FHDM, parseFhxx } from './answers';
import { encodePsb } from './encode';

/** FHXX → outcome. Unknown FHDM values and unreadable answers are retried: the PSB may not have the message. */
export function psbOutcome(status: number, headers: Record<string, string>, body: Buffer, now: number): DeliveryOutcome {
  const byStatus = outcomeForHttpStatus(status, headers, now);
  if (byStatus) return byStatus;
  const fhxx = parseFhxx(body, headers['content-type']);
  if (!fhxx) return { kind: 'retryable', reason: `HTTP ${status} without a readable FHXX answer (应答无法解析)`, code: 'BAD_ANSWER' };
  const reason = fhxx.fhms ?? '';
  switch (fhxx.fhdm) {
    case FHDM.ACCEPTED:
      return { kind: 'accepted', ...(fhxx.bwbh !== undefined ? { receipt: fhxx.bwbh } : {}) };
    case FHDM.DUPLICATE:
      return { kind: 'duplicate', ...(fhxx.bwbh !== undefined ? { receipt: fhxx.bwbh } : {}) };
    case FHDM.ERROR:
      return { kind: 'permanent', reason: reason || 'FHDM 1: format or content error (格式或内容错误)', code: FHDM.ERROR };
    case FHDM.BUSY:
      return { kind: 'retryable', reason: reason || 'FHDM 9: busy (系统繁忙)', code: FHDM.BUSY };
    default:
      return { kind: 'retryable', reason: `unknown FHDM ${fhxx.fhdm}${reason ? `: ${reason}` : ''} (未知返回代码)`, code: fhxx.fhdm };
  }
}

export function createPsbClient(options: ClientOptions): LegacyClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const http = createHttp(options.baseUrl, timeoutMs);
  const now = options.now ?? Date.now;
  return {
    async send(message: UnifiedMessage): Promise<DeliveryOutcome> {
      let request;
      try {
        request = encodePsb(message, { credentials: options.credentials, now: now() });
      } catch (error) {
        // The message cannot be put in the PSB format: retrying will not help.
        const reason = error instanceof MappingError ? error.message : error instanceof Error ? error.message : String(error);
        return { kind: 'permanent', reason: `cannot encode for PSB: ${reason} (无法转换为公安报文)`, code: 'ENCODE' };
      }
      const exchange = await postRequest(http, request, timeoutMs);
      if (exchange.kind === 'no-answer') return { kind: 'retryable', reason: exchange.reason, code: 'NO_ANSWER' };
      return psbOutcome(exchange.status, exchange.headers, exchange.body, now());
    },
  };
}
