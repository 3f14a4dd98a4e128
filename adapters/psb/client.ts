/** Delivers unified messages to the PSB system (POST /jzpt/api/xtba/receive) and reads its FHXX answer. */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import { outcomeForHttpStatus } from '../shared/http-client';
import { cannotEncodeFor, createPushClient } from '../shared/push-client';
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
  return createPushClient(options, { encode: encodePsb, outcome: psbOutcome, encodeFailure: cannotEncodeFor({ en: 'PSB', zh: '公安' }) });
}
