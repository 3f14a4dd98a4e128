import type { z } from 'zod';
import { UnifiedMessageSchema, type UnifiedMessage } from './schema/message';

/** One failing field: where it is, what it held, and why it fails (English and Chinese). */
export interface FieldIssue {
  path: string;
  value: unknown;
  reason: string;
}

export type ValidationResult = { ok: true; message: UnifiedMessage } | { ok: false; issues: FieldIssue[] };

/** Renders a zod path as `persons[0].idNumber`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '(message)' : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function issuesFromZod(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        value: valueAt(input, [...issue.path, key]),
        reason: 'unknown field, not part of the standard (未知字段，不属于统一标准)',
      }));
    }
    return [{ path: formatPath(issue.path), value: valueAt(input, issue.path), reason: issue.message }];
  });
}

/** Validates a candidate unified message, reporting every failing field. */
export function validateMessage(input: unknown): ValidationResult {
  const result = UnifiedMessageSchema.safeParse(input);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, issues: issuesFromZod(result.error, input) };
}
