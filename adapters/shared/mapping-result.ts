/**
 * The last step of every legacy → unified mapping: validate the candidate against the standard
 * and report every problem on the legacy field the sender must fix.
 */
import type { UnifiedMessage } from '../../standard/schema/message';
import { validateMessage } from '../../standard/validate';
import { STANDARD_1_0, standardVersionFor } from '../../standard/versioning';
import type { DecodeResult } from '../types';
import { rejectedBody } from './body-decode';
import type { IssueCollector, MappingIssue } from './issues';

export type MappedResult = { ok: true; message: UnifiedMessage } | { ok: false; issues: MappingIssue[] };

/** One legacy message mapped: its id when readable, the result, and what was noticed. */
export interface MappedItem {
  legacyId?: string;
  result: MappedResult;
  warnings: MappingIssue[];
}

export interface LegacyFieldLookup {
  /** The legacy field path for a unified validation path (e.g. persons[0].idNumber → BODY/XYRLIST/XYR[0]/ZJHM). */
  fieldFor(unifiedPath: string): string;
  /** The value the legacy field held, when it can be read back; else the unified value is reported. */
  valueAt?(legacyField: string): unknown;
}

/** One legacy field is the other, or inside it (`BODY/XYRLIST/XYR[0]` holds `…/XYR[0]/ZJHM`; `items[0]` holds `items[0].person`). */
function overlaps(a: string, b: string): boolean {
  if (a.length === b.length) return a === b;
  const [outer, inner] = a.length < b.length ? [a, b] : [b, a];
  if (!inner.startsWith(outer)) return false;
  const next = inner.charCodeAt(outer.length);
  return next === 0x2f /* / */ || next === 0x2e /* . */ || next === 0x5b; /* [ */
}

/**
 * Validates `candidate` (built without undefined values). Mapping errors come first; a validation
 * issue on, inside or around a legacy field that already has a mapping error is not repeated
 * (a File whose sha256 was refused is not also reported "missing sha256").
 */
export function validateMapped(candidate: unknown, issues: IssueCollector, lookup: LegacyFieldLookup): MappedResult {
  const result = validateMessage(candidate);
  if (result.ok && issues.errors.length === 0) return { ok: true, message: result.message };
  const errors: MappingIssue[] = [...issues.errors];
  if (!result.ok) {
    const alreadyWrong = errors.map((e) => e.field);
    const seen = new Set<string>();
    for (const issue of result.issues) {
      const field = lookup.fieldFor(issue.path);
      const key = `${field}\u0000${issue.reason}`;
      if (seen.has(key) || alreadyWrong.some((wrong) => overlaps(field, wrong))) continue;
      seen.add(key);
      const legacyValue = lookup.valueAt?.(field);
      errors.push({ field, value: legacyValue ?? issue.value, reason: issue.reason });
    }
  }
  if (errors.length === 0) errors.push({ field: '(message)', reason: 'could not be mapped (无法映射)' });
  return { ok: false, issues: errors };
}

/** The head of one legacy message as a push system's mapper (PSB, procuratorate) read it, in unified terms. */
export interface CandidateHead {
  legacyId: string | undefined;
  messageType: string;
  process: string;
  sender: unknown;
  receiver: unknown;
  sentAt: unknown;
  inReplyTo: string | undefined;
}

/** The body of one legacy message, in unified terms. */
export interface CandidateBody {
  caseUid: unknown;
  localCaseNumbers: unknown;
  case: Record<string, unknown>;
  persons: unknown[];
  documents: unknown[];
  payload: unknown;
}

/**
 * The unified candidate of one mapped message, at the lowest standard version that holds what was
 * mapped (standard/versioning.ts); a case id or a reply-to the message did not carry is left out.
 */
export function unifiedCandidate(head: CandidateHead, body: CandidateBody): Record<string, unknown> {
  const { caseUid } = body;
  const { inReplyTo } = head;
  const candidate: Record<string, unknown> = {
    standardVersion: STANDARD_1_0,
    messageId: head.legacyId,
    messageType: head.messageType,
    process: head.process,
    ...(caseUid !== undefined ? { caseUid } : {}),
    localCaseNumbers: body.localCaseNumbers,
    sender: head.sender,
    receiver: head.receiver,
    sentAt: head.sentAt,
    ...(inReplyTo !== undefined ? { inReplyTo } : {}),
    case: body.case,
    persons: body.persons,
    documents: body.documents,
    payload: body.payload,
  };
  candidate.standardVersion = standardVersionFor(candidate);
  return candidate;
}

/** One legacy body's mapping: its id when readable, and the candidate unless the body could not be mapped at all. */
export interface MappedBody {
  legacyId?: string;
  candidate?: Record<string, unknown>;
}

/** The decode result of a body that holds one message: refused with every issue, or validated and taken with its warnings. */
export function decodedMessage(mapped: MappedBody, issues: IssueCollector, text: string, lookup: LegacyFieldLookup): DecodeResult {
  if (!mapped.candidate) return rejectedBody([...issues.errors], text, mapped.legacyId);
  const result = validateMapped(mapped.candidate, issues, lookup);
  if (!result.ok) return rejectedBody(result.issues, text, mapped.legacyId);
  return { messages: [{ message: result.message, warnings: issues.warnings, raw: text }], rejected: [] };
}
