/**
 * Dotted paths into plain objects, as mapping documents write them: `case.name`,
 * `localCaseNumbers[system=PROCURATORATE].number` (the array item whose `system` is PROCURATORATE).
 * Keys that would reach Object.prototype are never read or written.
 */
type Obj = Record<string, unknown>;

interface Segment {
  key: string;
  /** `[name=value]`: the array item with this member. */
  match?: { name: string; value: string };
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);
const cache = new Map<string, Segment[]>();

export function segmentsOf(path: string): Segment[] {
  let segments = cache.get(path);
  if (segments) return segments;
  segments = path.split('.').map((part) => {
    const m = /^([^[\]]+)\[([^=\]]+)=([^\]]*)\]$/.exec(part);
    const segment: Segment = m ? { key: m[1]!, match: { name: m[2]!, value: m[3]! } } : { key: part };
    if (UNSAFE.has(segment.key)) throw new Error(`path ${path}: "${segment.key}" is not allowed (路径含保留名)`);
    return segment;
  });
  cache.set(path, segments);
  return segments;
}

const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

export function getPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of segmentsOf(path)) {
    if (!isObj(current) || !Object.prototype.hasOwnProperty.call(current, segment.key)) return undefined;
    current = current[segment.key];
    if (segment.match) {
      if (!Array.isArray(current)) return undefined;
      const { name, value } = segment.match;
      current = current.find((item) => isObj(item) && item[name] === value);
    }
  }
  return current;
}

export function setPath(root: Obj, path: string, value: unknown): void {
  const segments = segmentsOf(path);
  let current: Obj = root;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment.match) {
      let list = current[segment.key];
      if (!Array.isArray(list)) current[segment.key] = list = [];
      const { name, value: wanted } = segment.match;
      let item = (list as unknown[]).find((entry) => isObj(entry) && entry[name] === wanted) as Obj | undefined;
      if (!item) (list as unknown[]).push((item = { [name]: wanted }));
      if (last) throw new Error(`path ${path} cannot end in a match (路径不能以匹配结尾)`);
      current = item;
      return;
    }
    if (last) {
      current[segment.key] = value;
      return;
    }
    let next = current[segment.key];
    if (!isObj(next)) current[segment.key] = next = {};
    current = next as Obj;
  });
}

/** True when the path holds a value (not undefined or null). */
export function hasValue(root: unknown, path: string): boolean {
  const value = getPath(root, path);
  return value !== undefined && value !== null;
}
