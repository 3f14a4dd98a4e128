import type { z } from 'zod';
import { SUPPORTED_STANDARD_VERSIONS, UNSUPPORTED_VERSION_REASON, UnifiedMessageSchema, type UnifiedMessage } from './schema/message';
import { bilingual } from './schema/primitives';
import { textIssues } from './text-hygiene';

/** One failing field: where it is, what it held, and why it fails (English and Chinese). */
export interface FieldIssue {
  path: string;
  value: unknown;
  reason: string;
}

export type ValidationResult = { ok: true; message: UnifiedMessage } | { ok: false; issues: FieldIssue[] };

type ZodIssue = z.core.$ZodIssue;

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
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const HAS_CHINESE = /[\u3400-\u9fff]/;

/** English and Chinese names of the value kinds zod reports. */
const KINDS: Record<string, readonly [string, string]> = {
  string: ['a string', '字符串'],
  number: ['a number', '数字'],
  int: ['an integer', '整数'],
  nan: ['NaN', 'NaN'],
  boolean: ['true or false', '布尔值'],
  object: ['an object', '对象'],
  array: ['an array', '数组'],
  null: ['null', '空值'],
  undefined: ['absent', '缺失'],
  bigint: ['a big integer', '大整数'],
  date: ['a date', '日期'],
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'nan';
  return typeof value;
}

const kindEn = (kind: string): string => KINDS[kind]?.[0] ?? kind;
const kindZh = (kind: string): string => KINDS[kind]?.[1] ?? kind;

const literal = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

const REQUIRED = bilingual('is required', '必填字段缺失');

function oneOf(values: readonly unknown[]): string {
  const list = values.map(literal).join(', ');
  return values.length === 1 ? bilingual(`must be ${list}`, `应为 ${list}`) : bilingual(`must be one of ${list}`, `应为以下之一：${list}`);
}

function sizeReason(issue: Extract<ZodIssue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = String(small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      if (small && limit === '1') return bilingual('must not be empty', '不得为空');
      return small
        ? bilingual(`must be at least ${limit} characters long`, `长度至少为${limit}个字符`)
        : bilingual(`must be at most ${limit} characters long`, `长度至多为${limit}个字符`);
    case 'array':
    case 'set':
      return small ? bilingual(`must have at least ${limit} items`, `至少应有${limit}项`) : bilingual(`must have at most ${limit} items`, `至多应有${limit}项`);
    default:
      if (small) return inclusive ? bilingual(`must be at least ${limit}`, `不得小于${limit}`) : bilingual(`must be greater than ${limit}`, `应大于${limit}`);
      return inclusive ? bilingual(`must be at most ${limit}`, `不得大于${limit}`) : bilingual(`must be less than ${limit}`, `应小于${limit}`);
  }
}

function formatReason(issue: Extract<ZodIssue, { code: 'invalid_format' }>): string {
  const details = issue as { format: string; pattern?: string; prefix?: string; suffix?: string; includes?: string };
  switch (details.format) {
    case 'regex':
      return bilingual(`does not match the pattern ${details.pattern ?? ''}`.trim(), `不符合格式 ${details.pattern ?? ''}`.trim());
    case 'starts_with':
      return bilingual(`must start with ${literal(details.prefix)}`, `应以 ${literal(details.prefix)} 开头`);
    case 'ends_with':
      return bilingual(`must end with ${literal(details.suffix)}`, `应以 ${literal(details.suffix)} 结尾`);
    case 'includes':
      return bilingual(`must include ${literal(details.includes)}`, `应包含 ${literal(details.includes)}`);
    default:
      return bilingual(`is not a valid ${details.format}`, `不是有效的${details.format}格式`);
  }
}

function unionReason(issue: Extract<ZodIssue, { code: 'invalid_union' }>, value: unknown): string {
  if (HAS_CHINESE.test(issue.message)) return issue.message;
  const alternatives = issue.errors;
  // z.union([z.literal(1), z.literal(2)]): say "must be one of 1, 2" rather than listing each branch.
  if (alternatives.length > 0 && alternatives.every((errors) => errors.length === 1 && errors[0]!.code === 'invalid_value' && errors[0]!.path.length === 0)) {
    return oneOf(alternatives.flatMap((errors) => (errors[0] as { values: readonly unknown[] }).values));
  }
  if (alternatives.length === 0) return bilingual('is not one of the allowed forms', '不符合任何一种允许的形式');
  const reasons = alternatives.map((errors) => errors.map((inner) => reasonFor(inner, valueAt(value, inner.path))).join('; '));
  return `matches none of the allowed forms (不符合任何一种允许的形式): ${reasons.join(' | ')}`;
}

/**
 * The English and Chinese reason for one zod issue. A message the schema already wrote in both
 * languages is kept; zod's built-in (English-only) messages are rewritten from the issue code.
 */
export function reasonFor(issue: ZodIssue, value: unknown): string {
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')) return REQUIRED;
  if (issue.code === 'invalid_union') return unionReason(issue, value);
  if (HAS_CHINESE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const got = kindOf(value);
      return bilingual(`must be ${kindEn(issue.expected)}, not ${kindEn(got)}`, `应为${kindZh(issue.expected)}，实际为${kindZh(got)}`);
    }
    case 'too_small':
    case 'too_big':
      return sizeReason(issue);
    case 'invalid_format':
      return formatReason(issue);
    case 'not_multiple_of':
      return bilingual(`must be a multiple of ${String(issue.divisor)}`, `应为${String(issue.divisor)}的倍数`);
    case 'invalid_value':
      return oneOf(issue.values);
    case 'unrecognized_keys':
      return bilingual(`has unknown fields ${issue.keys.join(', ')}`, `含有未知字段 ${issue.keys.join(', ')}`);
    case 'invalid_key':
      return bilingual('has an invalid key', '含有无效的键');
    case 'invalid_element':
      return bilingual('has an invalid element', '含有无效的元素');
    case 'custom':
      return issue.message && issue.message !== 'Invalid input' ? `${issue.message} (校验未通过)` : bilingual('is invalid', '校验未通过');
    default:
      return `${(issue as { message: string }).message} (校验未通过)`;
  }
}

/** Every issue of a zod error as a field issue with path, value and a bilingual reason. */
export function issuesFromZod(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        value: valueAt(input, [...issue.path, key]),
        reason: bilingual('unknown field, not part of the standard', '未知字段，不属于统一标准'),
      }));
    }
    const value = valueAt(input, issue.path);
    return [{ path: formatPath(issue.path), value, reason: reasonFor(issue, value) }];
  });
}

const MAX_VALUE_CHARS = 80;

/** The value as one line of JSON, cut to a readable length; `(absent)` when missing. */
export function renderValue(value: unknown): string {
  if (value === undefined) return '(absent 缺失)';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** One issue as one line: `persons[0].idNumber = "4401…": check character should be 9 (校验码应为9)`. */
export function formatIssue(issue: FieldIssue): string {
  return `${issue.path} = ${renderValue(issue.value)}: ${issue.reason}`;
}

function unsupportedVersionOf(input: unknown): FieldIssue | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || !('standardVersion' in input)) return undefined;
  const version = (input as { standardVersion: unknown }).standardVersion;
  if (version === undefined || (SUPPORTED_STANDARD_VERSIONS as readonly unknown[]).includes(version)) return undefined;
  return { path: 'standardVersion', value: version, reason: UNSUPPORTED_VERSION_REASON };
}

/**
 * Validates a candidate unified message, reporting every failing field. A message of a standard
 * version this build does not read is refused with that one reason: checking it field by field
 * against another version's rules would only produce noise.
 */
export function validateMessage(input: unknown): ValidationResult {
  const versionIssue = unsupportedVersionOf(input);
  if (versionIssue) return { ok: false, issues: [versionIssue] };
  const result = UnifiedMessageSchema.safeParse(input);
  const text = textIssues(input).map((issue) => ({ path: formatPath(issue.path), value: issue.value, reason: issue.reason }));
  if (result.success && text.length === 0) return { ok: true, message: result.data };
  return { ok: false, issues: [...text, ...(result.success ? [] : issuesFromZod(result.error, input))] };
}
