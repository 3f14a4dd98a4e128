/**
 * The procuratorate answer `{"code", "msg", "data": {"receiptNo"}}`: 0000 accepted, 1001 validation
 * failed (do not retry), 1002 duplicate (success), 5000 internal error (retry).
 */
import { formatIssue, type MappingIssue } from '../shared/issues';
import { isObject } from '../shared/json-read';
import { parseJson } from '../shared/safe-json';
import type { IngressAnswers, LegacyAnswer } from '../types';
import { PROCURATORATE_CONTENT_TYPE } from './encode';

export const TYYW_CODE = { ACCEPTED: '0000', INVALID: '1001', DUPLICATE: '1002', INTERNAL: '5000' } as const;

/** The `msg` the procuratorate writes with each code when it has nothing more to say. */
export const TYYW_MSG = {
  [TYYW_CODE.ACCEPTED]: '成功',
  [TYYW_CODE.INVALID]: '校验失败',
  [TYYW_CODE.DUPLICATE]: '重复报文，已接收',
  [TYYW_CODE.INTERNAL]: '内部错误',
} as const;

/** The `msg` of a code the procuratorate defines; undefined for any other code. */
export const tyywMsgOf = (code: string): string | undefined => (TYYW_MSG as Readonly<Record<string, string>>)[code];

export function tyywAnswer(status: number, code: string, msg: string, receiptNo?: string, extraHeaders: Record<string, string> = {}): LegacyAnswer {
  const body = { code, msg, data: receiptNo === undefined ? null : { receiptNo } };
  return { status, headers: { 'Content-Type': PROCURATORATE_CONTENT_TYPE, ...extraHeaders }, body: Buffer.from(JSON.stringify(body), 'utf8') };
}

export const procuratorateAnswers: IngressAnswers = {
  accepted: (id) => tyywAnswer(200, TYYW_CODE.ACCEPTED, TYYW_MSG[TYYW_CODE.ACCEPTED], id),
  duplicate: (id) => tyywAnswer(200, TYYW_CODE.DUPLICATE, TYYW_MSG[TYYW_CODE.DUPLICATE], id),
  rejected: (_id, issues: MappingIssue[]) => tyywAnswer(200, TYYW_CODE.INVALID, issues.map(formatIssue).join('; ') || TYYW_MSG[TYYW_CODE.INVALID]),
  busy: (_id, reason) => tyywAnswer(503, TYYW_CODE.INTERNAL, `系统繁忙，请稍后重试: ${reason}`, undefined, { 'Retry-After': '5' }),
  unauthorized: (reason) => tyywAnswer(401, TYYW_CODE.INVALID, `认证失败 (unauthorized): ${reason}`),
};

export interface TyywAnswer {
  code: string;
  msg?: string;
  receiptNo?: string;
}

/** Reads a procuratorate answer body; undefined when it is not one. */
export function parseTyywAnswer(body: Buffer): TyywAnswer | undefined {
  try {
    const value = parseJson(body.toString('utf8'), { maxBytes: 1024 * 1024, maxDepth: 8 });
    if (!isObject(value) || typeof value.code !== 'string') return undefined;
    const data = isObject(value.data) ? value.data : undefined;
    return {
      code: value.code,
      ...(typeof value.msg === 'string' ? { msg: value.msg } : {}),
      ...(typeof data?.receiptNo === 'string' ? { receiptNo: data.receiptNo } : {}),
    };
  } catch {
    return undefined;
  }
}
