/** Unified validation paths taken apart, and candidates cleaned, for mapping issues back to legacy fields. */
import { z } from 'zod';

/** `persons[0].custody.measure` → ['persons', 0, 'custody', 'measure']. */
export function splitUnifiedPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return out;
}

/** `persons[0].custody.measure` → [{key: 'persons', index: 0}, {key: 'custody'}, {key: 'measure'}]. */
export function unifiedPathSegments(path: string): Array<{ key: string; index?: number }> {
  const segments: Array<{ key: string; index?: number }> = [];
  for (const part of splitUnifiedPath(path)) {
    const last = segments[segments.length - 1];
    if (typeof part === 'string') segments.push({ key: part });
    else if (last !== undefined && last.index === undefined) last.index = part;
  }
  return segments;
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

/**
 * An adapter's field tables from its data file (`field-paths.json`): per section of the unified
 * message, each unified field name → where it lives in the legacy format; checked when the adapter loads.
 */
export function fieldTables<T extends Record<string, Record<string, string>>>(data: T): { readonly [K in keyof T]: Readonly<Record<string, string>> } {
  return z.record(z.string(), z.record(z.string(), z.string().min(1))).parse(data) as { [K in keyof T]: Record<string, string> };
}
