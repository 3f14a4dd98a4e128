/**
 * The last step of every legacy → unified mapping: validate the candidate against the standard
 * and report every problem on the legacy field the sender must fix.
 */
import type { UnifiedMessage } from '../../standard/schema/message';
import { validateMessage } from '../../standard/validate';
import type { IssueCollector, MappingIssue } from './issues';

export type MappedResult = { ok: true; message: UnifiedMessage } | { ok: false; issues: MappingIssue[] };

export interface LegacyFieldLookup {
  /** The legacy field path for a unified validation path (e.g. persons[0].idNumber → BODY/XYRLIST/XYR[0]/ZJHM). */
  fieldFor(unifiedPath: string): string;
  /** The value the legacy field held, when it can be read back; else the unified value is reported. */
  valueAt?(legacyField: string): unknown;
}

/**
 * Validates `candidate` (built without undefined values). Mapping errors come first; a
 * validation issue on a legacy field that already has a mapping error is not repeated.
 */
export function validateMapped(candidate: unknown, issues: IssueCollector, lookup: LegacyFieldLookup): MappedResult {
  const result = validateMessage(candidate);
  if (result.ok && issues.errors.length === 0) return { ok: true, message: result.message };
  const errors: MappingIssue[] = [...issues.errors];
  if (!result.ok) {
    const alreadyWrong = new Set(errors.map((e) => e.field));
    const seen = new Set<string>();
    for (const issue of result.issues) {
      const field = lookup.fieldFor(issue.path);
      const key = `${field}\u0000${issue.reason}`;
      if (alreadyWrong.has(field) || seen.has(key)) continue;
      seen.add(key);
      const legacyValue = lookup.valueAt?.(field);
      errors.push({ field, value: legacyValue ?? issue.value, reason: issue.reason });
    }
  }
  return { ok: false, issues: errors };
}
