/** Small parsers for legacy values that report through an IssueCollector (legacy field, value, reason). */
import { parseUnitCode } from '../../standard/validators/unit-code';
import { createHash } from 'node:crypto';
import { parseOrgCode, type OrgRef } from '../../standard/codes/org-codes';
import { ETHNICITIES } from '../../standard/codes/ethnicities';
import { parseCourtCaseNumber } from '../../standard/validators/case-numbers';
import { isValidCalendarDate } from '../../standard/validators/resident-id';
import { toBeijingIsoExact } from '../../standard/beijing-time';
import { isoFromParts } from './beijing-time';
import type { IssueCollector } from './issues';
import { bilingual } from '../../standard/bilingual';

/** The project's bilingual message form (standard/bilingual.ts), under the short name the adapters use. */
export const bi = bilingual;

export function required<T>(value: T | undefined, field: string, issues: IssueCollector): T | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return issues.error(field, value, bi('is required', '必填'));
  }
  return value;
}

/** A required time in the format's own form (`form`, e.g. `yyyyMMddHHmmss`), read by `toIso`. */
export function requiredTimeValue(
  value: string | undefined,
  field: string,
  issues: IssueCollector,
  toIso: (text: string) => string | undefined,
  form: string,
): string | undefined {
  const text = required(value, field, issues);
  if (text === undefined) return undefined;
  return toIso(text) ?? issues.error(field, text, bi(`must be a time ${form}`, `应为时间 ${form}`));
}

/** `yyyy-MM-dd` checked against the calendar. */
export function isoDateValue(value: string | undefined, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m || !isValidCalendarDate(+m[1]!, +m[2]!, +m[3]!)) return issues.error(field, value, bi('must be a date yyyy-MM-dd', '应为日期 yyyy-MM-dd'));
  return m[0];
}

/** `yyyyMMdd` → `yyyy-MM-dd`. */
export function compactDateValue(value: string | undefined, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!m || !isValidCalendarDate(+m[1]!, +m[2]!, +m[3]!)) return issues.error(field, value, bi('must be a date yyyyMMdd', '应为日期 yyyyMMdd'));
  return `${m[1]}-${m[2]}-${m[3]}`;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * ISO 8601 date-time → the same instant written in Beijing time (`…+08:00`). A time without a
 * zone is Beijing time (standard-core.md).
 */
export function isoDateTimeValue(value: string | undefined, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  const m = ISO_DATE_TIME.exec(value.trim());
  const wall = m ? isoFromParts(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
  if (!m || !wall)
    return issues.error(field, value, bi('must be an ISO 8601 date-time such as 2022-12-26T10:12:00+08:00', '应为ISO 8601时间，如 2022-12-26T10:12:00+08:00'));
  const withZone = m[8] ? value.trim() : `${wall.slice(0, 19)}${m[7] ?? ''}+08:00`;
  return toBeijingIsoExact(Date.parse(withZone));
}

/** A date or a date-time, whichever the value is. */
export function dateOrDateTimeValue(value: string | undefined, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  return value.includes('T') ? isoDateTimeValue(value, field, issues) : isoDateValue(value, field, issues);
}

/** Epoch milliseconds (a JSON integer) → ISO 8601 +08:00. */
export function epochValue(value: unknown, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 253402300799999) {
    return issues.error(field, value, bi('must be epoch milliseconds (a non-negative integer)', '应为毫秒时间戳（非负整数）'));
  }
  return toBeijingIsoExact(value);
}

/**
 * A unit outside the 12-digit scheme, named by its unified social credit code (docs/org-directory.md).
 * Legacy formats carry no agency beside the code; in standard 1.0 the one agency type without a
 * platform org type is PRISON, so it is read as one, and the router takes the unit's agency from
 * the org directory.
 */
function creditCodeOrg(value: string): OrgRef | undefined {
  const unit = value.length === 18 ? parseUnitCode(value) : undefined;
  return unit?.ok ? { agency: 'PRISON', division: unit.division, orgCode: value } : undefined;
}

export function orgValue(value: string | undefined, field: string, issues: IssueCollector): OrgRef | undefined {
  if (required(value, field, issues) === undefined) return undefined;
  const org = parseOrgCode(value!.trim()) ?? creditCodeOrg(value!.trim());
  if (!org) {
    return issues.error(
      field,
      value,
      bi('is not a 12-digit platform org code (division + type 01-06 + 0000) nor a unified social credit code', '不是12位平台机构代码或统一社会信用代码'),
    );
  }
  return org;
}

/** A code looked up in a table; unknown codes are errors listing what is allowed. */
export function codeValue<T>(
  value: string | undefined,
  table: Readonly<Record<string, T>>,
  field: string,
  issues: IssueCollector,
  what: string,
): T | undefined {
  if (value === undefined) return undefined;
  const key = value.trim();
  if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
  return issues.error(field, value, bi(`is not a known ${what} code (expected ${Object.keys(table).join(', ')})`, '不是已知代码'));
}

export function ethnicityValue(value: string | undefined, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  const code = value.trim();
  if (Object.prototype.hasOwnProperty.call(ETHNICITIES, code)) return code;
  return issues.error(field, value, bi('is not a GB/T 3304 ethnicity code', '不是GB/T 3304民族代码'));
}

/** Yuan written as text with at most 2 decimals (`5000.00`). */
export function yuanText(value: string | undefined, field: string, issues: IssueCollector): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(value.trim()))
    return issues.error(field, value, bi('must be an amount in yuan such as 5000.00', '应为金额（元），如 5000.00'));
  return Number(value.trim());
}

export function nonNegativeIntText(value: string | undefined, field: string, issues: IssueCollector): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value.trim())) return issues.error(field, value, bi('must be a non-negative whole number', '应为非负整数'));
  return Number(value.trim());
}

export function booleanText(value: string | undefined, field: string, issues: IssueCollector): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return issues.error(field, value, bi('must be true or false', '应为 true 或 false'));
}

export interface AttachmentFields {
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  content?: string;
  /** The file on the sender's own system, fetched at ingress (attachments sent by reference). */
  sourceUrl?: string;
}

/**
 * Checks an attachment's declared size and SHA-256 against its inline base64 content, when
 * present; a mismatch means the file was damaged on the way and is an error.
 */
export function checkedAttachment(
  fields: { fileName?: string; mediaType?: string; size?: number; sha256?: string; content?: string; sourceUrl?: string },
  path: { sha256: string; size: string; content: string },
  issues: IssueCollector,
): AttachmentFields | undefined {
  let sha256 = fields.sha256?.trim().toLowerCase();
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256))
    sha256 = issues.error(path.sha256, fields.sha256, bi('must be 64 hex digits', '应为64位十六进制'));
  let content = fields.content?.replace(/\s+/g, '');
  if (content === '') content = undefined;
  if (content !== undefined) {
    if (content.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) {
      return issues.error(path.content, `${content.slice(0, 40)}…`, bi('is not base64', '不是base64编码'));
    }
    const bytes = Buffer.from(content, 'base64');
    if (fields.size !== undefined && bytes.length !== fields.size) {
      issues.error(path.size, fields.size, bi(`does not match the content (${bytes.length} bytes)`, `与内容长度${bytes.length}字节不符`));
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== undefined && actual !== sha256)
      issues.error(path.sha256, fields.sha256, bi(`does not match the content (sha256 ${actual})`, '与内容的SHA-256不符'));
  }
  if (fields.fileName === undefined || fields.mediaType === undefined || fields.size === undefined || sha256 === undefined) return undefined;
  const sourceUrl = fields.sourceUrl?.trim() || undefined;
  return {
    fileName: fields.fileName,
    mediaType: fields.mediaType,
    size: fields.size,
    sha256,
    ...(content !== undefined ? { content } : {}),
    ...(sourceUrl !== undefined ? { sourceUrl } : {}),
  };
}

/** A document number as issued, except that a court 案号 gets its normalised half-width brackets. */
export function docNoValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return parseCourtCaseNumber(value)?.normalized ?? value.trim();
}
