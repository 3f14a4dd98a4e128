/**
 * The last step of a legacy → unified mapping: validate the candidate against the standard and
 * report every problem on the legacy field the sender must fix. Like mapping-result.ts
 * validateMapped, but a validation issue inside or around a legacy field that already carries a
 * mapping error is not repeated (e.g. a File whose sha256 was refused is not also "missing").
 */
import type { UnifiedMessage } from '../../standard/schema/message';
import { validateMessage } from '../../standard/validate';
import type { IssueCollector, MappingIssue } from './issues';

export type MappedResult = { ok: true; message: UnifiedMessage } | { ok: false; issues: MappingIssue[] };

/** `persons[0].custody.measure` → ['persons', 0, 'custody', 'measure']. */
export function splitUnifiedPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return out;
}

/** Copies plain objects and arrays without undefined-valued keys (array holes stay, keeping indices). */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = typeof v === 'object' && v !== null ? withoutUndefined(v) : v;
  }
  return out as T;
}

const related = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

export function finishMapping(candidate: Record<string, unknown>, issues: IssueCollector, fieldFor: (unifiedPath: string) => string): MappedResult {
  const result = validateMessage(withoutUndefined(candidate));
  if (result.ok && issues.errors.length === 0) return { ok: true, message: result.message };
  const errors = [...issues.errors];
  if (!result.ok) {
    const wrong = errors.map((e) => e.field);
    const seen = new Set<string>();
    for (const issue of result.issues) {
      const field = fieldFor(issue.path);
      const key = `${field}\u0000${issue.reason}`;
      if (seen.has(key) || wrong.some((w) => related(field, w))) continue;
      seen.add(key);
      errors.push({ field, value: issue.value, reason: issue.reason });
    }
  }
  if (errors.length === 0) errors.push({ field: '(message)', reason: 'could not be mapped (无法映射)' });
  return { ok: false, issues: errors };
}
