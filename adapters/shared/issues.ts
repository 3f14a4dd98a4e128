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
