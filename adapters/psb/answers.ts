/**
 * The PSB answer `<FHXX><FHDM/><FHMS/><BWBH/></FHXX>` (GBK, HTTP 200): FHDM 0 accepted, 1 format or
 * content error (do not retry), 2 duplicate (success), 9 busy (retry later).
 */
import { decodeBody } from '../shared/charset';
import { formatIssue, type MappingIssue } from '../shared/issues';
import { parseXml, type XmlNode } from '../shared/safe-xml';
import { XmlLines } from '../shared/xml-write';
import type { IngressAnswers, LegacyAnswer } from '../types';
import { PSB_CONTENT_TYPE, toGbk } from './encode';

export const FHDM = { ACCEPTED: '0', ERROR: '1', DUPLICATE: '2', BUSY: '9' } as const;

/** The FHMS the PSB writes with each FHDM when it has nothing more to say. */
export const FHMS = {
  [FHDM.ACCEPTED]: '接收成功',
  [FHDM.ERROR]: '报文格式或内容错误',
  [FHDM.DUPLICATE]: '重复报文，已接收',
  [FHDM.BUSY]: '系统繁忙，请稍后重试',
} as const;

/** The FHMS of an FHDM the PSB defines; undefined for any other code. */
export const fhmsOf = (fhdm: string): string | undefined => (FHMS as Readonly<Record<string, string>>)[fhdm];

/** FHMS is free text; keep it to a length a legacy column surely holds. */
const MAX_FHMS = 1000;

function safeGbk(text: string): Buffer {
  try {
    return toGbk(text);
  } catch {
    // A reason quoting a lone surrogate: replace it rather than fail the answer.
    return toGbk(
      Array.from(text, (ch) => {
        try {
          toGbk(ch);
          return ch;
        } catch {
          return '?';
        }
      }).join(''),
    );
  }
}

export function renderFhxx(fhdm: string, fhms: string, bwbh: string | undefined): Buffer {
  const x = new XmlLines();
  x.raw('<?xml version="1.0" encoding="GBK"?>')
    .open('FHXX')
    .leaf('FHDM', fhdm)
    .leaf('FHMS', fhms.slice(0, MAX_FHMS))
    .leaf('BWBH', bwbh ?? '')
    .close('FHXX');
  return safeGbk(x.toString());
}

export function fhxxAnswer(fhdm: string, fhms: string, bwbh: string | undefined): LegacyAnswer {
  return { status: 200, headers: { 'Content-Type': PSB_CONTENT_TYPE }, body: renderFhxx(fhdm, fhms, bwbh) };
}

export const psbAnswers: IngressAnswers = {
  accepted: (id) => fhxxAnswer(FHDM.ACCEPTED, FHMS[FHDM.ACCEPTED], id),
  duplicate: (id) => fhxxAnswer(FHDM.DUPLICATE, FHMS[FHDM.DUPLICATE], id),
  rejected: (id, issues: MappingIssue[]) => fhxxAnswer(FHDM.ERROR, issues.map(formatIssue).join('; ') || FHMS[FHDM.ERROR], id),
  busy: (id, reason) => fhxxAnswer(FHDM.BUSY, `${FHMS[FHDM.BUSY]}: ${reason}`, id),
  unauthorized: (reason) => fhxxAnswer(FHDM.ERROR, `认证失败 (unauthorized): ${reason}`, undefined),
};

export interface Fhxx {
  fhdm: string;
  fhms?: string;
  bwbh?: string;
}

function text(node: XmlNode, name: string): string | undefined {
  const value = (node[name] as unknown[] | undefined)?.[0];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Reads an FHXX answer; undefined when the bytes are not one. */
export function parseFhxx(body: Buffer, contentType?: string): Fhxx | undefined {
  try {
    const root = parseXml(decodeBody(body, contentType, { xml: true }), { maxBytes: 1024 * 1024, maxDepth: 8 });
    const fhxx = (root['FHXX'] as unknown[] | undefined)?.[0];
    if (fhxx === null || typeof fhxx !== 'object') return undefined;
    const fhdm = text(fhxx as XmlNode, 'FHDM');
    if (fhdm === undefined) return undefined;
    const fhms = text(fhxx as XmlNode, 'FHMS');
    const bwbh = text(fhxx as XmlNode, 'BWBH');
    return { fhdm, ...(fhms !== undefined ? { fhms } : {}), ...(bwbh !== undefined ? { bwbh } : {}) };
  } catch {
    return undefined;
  }
}
