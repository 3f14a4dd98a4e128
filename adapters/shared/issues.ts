import { bilingual } from '../../standard/bilingual';

/**
 * A problem found while mapping a legacy message: the legacy field (its path in the legacy
 * format, e.g. `BODY/XYRLIST/XYR[0]/ZJHM`), the value it held and why it cannot be mapped.
 */
export interface MappingIssue {
  field: string;
  value?: unknown;
  reason: string;
}

/** Thrown when a legacy message cannot be read or mapped; carries every issue found. */
export class MappingError extends Error {
  constructor(readonly issues: MappingIssue[]) {
    super(issues.map(formatIssue).join('; '));
    this.name = 'MappingError';
  }
}

export function formatIssue(issue: MappingIssue): string {
  const value = issue.value === undefined ? '' : ` = ${JSON.stringify(issue.value)}`;
  return `${issue.field}${value}: ${issue.reason}`;
}

/** Collects issues while a mapper walks a message, so one pass reports all of them. */
export class IssueCollector {
  readonly errors: MappingIssue[] = [];
  readonly warnings: MappingIssue[] = [];

  error(field: string, value: unknown, reason: string): undefined {
    this.errors.push({ field, value, reason });
    return undefined;
  }

  warn(field: string, value: unknown, reason: string): void {
    this.warnings.push({ field, value, reason });
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new MappingError(this.errors);
  }
}

/**
 * A value's code in a legacy format, passed through; when the format has none (undefined), the
 * issue naming the unified field and its value joins `problems`, reported with the others at the end.
 */
export function codeOrIssue<T>(code: T | undefined, problems: MappingIssue[], issue: MappingIssue): T | undefined {
  if (code === undefined) problems.push(issue);
  return code;
}

/** A legacy system's name in both languages, as issue reasons name it (the court system, 法院系统). */
export interface SystemName {
  en: string;
  zh: string;
}

/** The issue reason of a message type the system has no code for. */
export const notExchangedBy = (system: SystemName): string =>
  bilingual(`${system.en} neither sends nor receives this message type`, `${system.zh}不收发此类报文`);

/** The issue reason of a document type the system has no code for. */
export const noDocumentCodeIn = (system: SystemName): string => bilingual(`${system.en} has no code for this document type`, `${system.zh}无此文书类型代码`);
