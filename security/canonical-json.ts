/**
 * Canonical JSON: one byte-exact text per JSON value, so a hash or MAC over it survives a store
 * round trip. Object keys sorted by UTF-16 code units (as RFC 8785 JCS), no whitespace, strings
 * and numbers as JSON.stringify writes them, properties holding `undefined` left out (as
 * JSON.stringify does, so a value read back from storage gives the same text).
 *
 * It runs several times per message (seal at enqueue, check before delivery, audit records), so it
 * builds one string directly instead of joining arrays of parts.
 */

const MAX_DEPTH = 64;
/** What JSON.stringify escapes in a string: quote, backslash, control characters, lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

export function canonicalJson(value: unknown): string {
  return write(value, []);
}

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** `ancestors`: the objects being written around this value (cycle check); its length is the depth. */
function write(value: unknown, ancestors: object[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value} (规范化JSON不支持非有限数)`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value} (规范化JSON不支持${typeof value}类型)`);
  }
  if (ancestors.length >= MAX_DEPTH) throw new TypeError(`canonical JSON nests deeper than ${MAX_DEPTH} (嵌套过深)`);
  const object = value as object;
  if (ancestors.includes(object)) throw new TypeError('canonical JSON cannot hold a cycle (不支持循环引用)');
  ancestors.push(object);
  let out: string;
  if (Array.isArray(object)) {
    out = '[';
    for (let i = 0; i < object.length; i++) {
      const item: unknown = object[i];
      if (i > 0) out += ',';
      // A hole or undefined item is null, as JSON.stringify writes it.
      out += item === undefined ? 'null' : write(item, ancestors);
    }
    out += ']';
  } else if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    out = write((object as { toJSON: () => unknown }).toJSON(), ancestors);
  } else {
    const record = object as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out = '{';
    for (const key of keys) {
      const item = record[key];
      if (item === undefined) continue;
      if (out.length > 1) out += ',';
      out += `${quote(key)}:${write(item, ancestors)}`;
    }
    out += '}';
  }
  // Not popped when a throw ends the whole call: the list belongs to that call only.
  ancestors.pop();
  return out;
}
