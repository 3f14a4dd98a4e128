/** Reading parsed legacy JSON by legacy path (`items[0].person.id_card`), flagging unknown keys. */
import type { IssueCollector } from './issues';
import { bi } from './legacy-values';

export type JsonObject = Record<string, unknown>;

export const joinPath = (base: string, key: string | number): string => (typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`);

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An optional nested object; null counts as absent. */
export function objectAt(parent: JsonObject, key: string, path: string, issues: IssueCollector): JsonObject | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) return issues.error(joinPath(path, key), value, bi('must be an object', '应为对象'));
  return value;
}

export function arrayAt(parent: JsonObject, key: string, path: string, issues: IssueCollector): unknown[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.error(joinPath(path, key), value, bi('must be an array', '应为数组'));
    return [];
  }
  return value;
}

/** An optional string; null counts as absent. */
export function stringAt(parent: JsonObject, key: string, path: string, issues: IssueCollector): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return issues.error(joinPath(path, key), value, bi('must be a string', '应为字符串'));
  return value;
}

export function booleanAt(parent: JsonObject, key: string, path: string, issues: IssueCollector): boolean | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') return issues.error(joinPath(path, key), value, bi('must be true or false', '应为 true 或 false'));
  return value;
}

export function numberAt(parent: JsonObject, key: string, path: string, issues: IssueCollector, options: { integer?: boolean } = {}): number | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (options.integer && !Number.isInteger(value))) {
    return issues.error(
      joinPath(path, key),
      value,
      bi(options.integer ? 'must be a non-negative whole number' : 'must be a non-negative number', options.integer ? '应为非负整数' : '应为非负数'),
    );
  }
  return value;
}

/** Adds a warning for every key not listed. */
export function warnUnknownKeys(value: JsonObject, path: string, known: readonly string[], issues: IssueCollector): void {
  for (const [key, v] of Object.entries(value)) {
    if (!known.includes(key)) issues.warn(joinPath(path, key), v, 'unknown field, kept in the raw archive only (未知字段，仅保留在原文中)');
  }
}

/** An optional nested object whose keys the format lists: a warning for every key not in `known`. */
export function knownObjectAt(parent: JsonObject, key: string, path: string, known: readonly string[], issues: IssueCollector): JsonObject | undefined {
  const value = objectAt(parent, key, path, issues);
  if (value) warnUnknownKeys(value, joinPath(path, key), known, issues);
  return value;
}
