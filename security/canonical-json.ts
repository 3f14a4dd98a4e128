/**
 * Canonical JSON: one byte-exact text per JSON value, so a hash or MAC over it survives a store
 * round trip. Object keys sorted by UTF-16 code units (as RFC 8785 JCS), no whitespace, strings
 * and numbers as JSON.stringify writes them, properties holding `undefined` left out (as
 * JSON.stringify does, so a value read back from storage gives the same text).
 */

const MAX_DEPTH = 64;

export function canonicalJson(value: unknown): string {
  return write(value, 0, new Set());
}

function write(value: unknown, depth: number, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value} (规范化JSON不支持非有限数)`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value} (规范化JSON不支持${typeof value}类型)`);
  }
  if (depth >= MAX_DEPTH) throw new TypeError(`canonical JSON nests deeper than ${MAX_DEPTH} (嵌套过深)`);
  const object = value as object;
  if (ancestors.has(object)) throw new TypeError('canonical JSON cannot hold a cycle (不支持循环引用)');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object.map((item) => (item === undefined ? 'null' : write(item, depth + 1, ancestors))).join(',')}]`;
    }
    if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
      return write((object as { toJSON: () => unknown }).toJSON(), depth + 1, ancestors);
    }
    const record = object as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${write(item, depth + 1, ancestors)}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    ancestors.delete(object);
  }
}
