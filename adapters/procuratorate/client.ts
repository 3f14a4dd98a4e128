/** Delivers unified messages to the procuratorate (POST /tyyw/api/v2/exchange/documents) and reads its answer. */
import type { DeliveryOutcome } from '../../standard/delivery-outcome';
import { outcomeForHttpStatus, retryAfterMs } from '../shared/http-client';
import { cannotEncodeFor, createPushClient } from '../shared/push-client';
import type { ClientOptions, LegacyClient } from '../types';
import { parseTyywAnswer, TYYW_CODE } from './answers';
import { encodeProcuratorate } from './encode';

/** HTTP status + answer body → outcome. Unknown codes and unreadable answers are retried. */
export function procuratorateOutcome(status: number, headers: Record<string, string>, body: Buffer, now: number): DeliveryOutcome {
  const answer = parseTyywAnswer(body);
  if (status !== 200 || !answer) {
    const byStatus = outcomeForHttpStatus(status, headers, now);
    if (byStatus) {
      if (answer?.msg && byStatus.kind !== 'accepted' && byStatus.kind !== 'duplicate')
        return { ...byStatus, reason: `${byStatus.reason}: ${answer.code} ${answer.msg}` };
      return byStatus;
    }
    if (!answer) return { kind: 'retryable', reason: `HTTP ${status} without a readable answer (应答无法解析)`, code: 'BAD_ANSWER' };
  }
  const msg = answer.msg ?? '';
  const receipt = answer.receiptNo !== undefined ? { receipt: answer.receiptNo } : {};
  switch (answer.code) {
    case TYYW_CODE.ACCEPTED:
      return { kind: 'accepted', ...receipt };
    case TYYW_CODE.DUPLICATE:
      return { kind: 'duplicate', ...receipt };
    case TYYW_CODE.INVALID:
      return { kind: 'permanent', reason: msg || '1001: validation failed (校验失败)', code: TYYW_CODE.INVALID };
    case TYYW_CODE.INTERNAL: {
      const after = retryAfterMs(headers['retry-after'], now);
      return {
        kind: 'retryable',
        reason: msg || '5000: internal error (内部错误)',
        code: TYYW_CODE.INTERNAL,
        ...(after !== undefined ? { retryAfterMs: after } : {}),
      };
    }
    default:
      return { kind: 'retryable', reason: `unknown code ${answer.code}${msg ? `: ${msg}` : ''} (未知返回代码)`, code: answer.code };
  }
}

export function createProcuratorateClient(options: ClientOptions): LegacyClient {
  return createPushClient(options, {
    encode: encodeProcuratorate,
    outcome: procuratorateOutcome,
    encodeFailure: cannotEncodeFor({ en: 'the procuratorate', zh: '检察' }),
  });
}
