import { MappingError } from './issues';

export interface JsonLimits {
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxBytes: 20 * 1024 * 1024, maxDepth: 64 };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface Frame {
  /** Where this object or array is, for naming a duplicated key (`head`, `ws[]`). */
  path: string;
  /** The keys seen so far; undefined for an array. */
  keys?: Set<string>;
  /** In an object: the next string is a key. */
  expectKey: boolean;
}

const depthRefused = (maxDepth: number): MappingError =>
  new MappingError([{ field: 'body', reason: `JSON nesting deeper than ${maxDepth} levels is refused (JSON嵌套超过${maxDepth}层，拒绝处理)` }]);

/**
 * Scans the text before JSON.parse builds anything: nesting deeper than `maxDepth` is refused
 * cheaply, and so is a key that appears twice in one object (JSON.parse would silently keep the
 * last value, while a gateway or the sender's own log may read the first — two readers, two
 * messages). Text that is not JSON is left to JSON.parse to refuse. Returns whether a forbidden
 * key (prototype pollution) was seen, so valid JSON without one is parsed without a reviver.
 */
function assertJsonStructure(text: string, maxDepth: number): boolean {
  let forbiddenSeen = false;
  const frames: Frame[] = [];
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      let escaped = false;
      for (i = start; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) {
          escaped = true;
          i++;
        } else if (d === 0x22) break;
      }
      const top = frames[frames.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = text.slice(start, i);
        let key = raw;
        if (escaped) {
          try {
            key = JSON.parse(`"${raw}"`) as string;
          } catch {
            return true; // not JSON: JSON.parse (with the reviver) says why
          }
        }
        if (top.keys.has(key)) {
          const field = top.path ? `${top.path}.${key}` : key;
          throw new MappingError([
            { field, value: key, reason: 'this key appears twice in one object: refused, readers could disagree on its value (同一对象中键名重复，拒收)' },
          ]);
        }
        top.keys.add(key);
        if (FORBIDDEN_KEYS.has(key)) forbiddenSeen = true;
        top.expectKey = false;
        lastKey = key;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (frames.length >= maxDepth) throw depthRefused(maxDepth);
      const parent = frames[frames.length - 1];
      const base = parent ? (parent.keys ? (parent.path ? `${parent.path}.${lastKey}` : lastKey) : `${parent.path}[]`) : '';
      frames.push(c === 0x7b ? { path: base, keys: new Set(), expectKey: true } : { path: base, expectKey: false });
    } else if (c === 0x7d || c === 0x5d) frames.pop();
    else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1];
      if (top?.keys) top.expectKey = true;
    }
  }
  return forbiddenSeen;
}

/** Parses legacy JSON, refusing prototype-polluting keys, duplicated keys, oversized bodies and deep nesting. */
export function parseJson(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): unknown {
  if (Buffer.byteLength(text) > limits.maxBytes) {
    throw new MappingError([{ field: 'body', reason: `larger than ${limits.maxBytes} bytes (报文过大)` }]);
  }
  const forbiddenSeen = assertJsonStructure(text, limits.maxDepth);
  const forbidden: string[] = [];
  let value: unknown;
  try {
    // A reviver takes JSON.parse off its fast path: only text where the scan saw a forbidden key (or could not read a key) needs it.
    value = forbiddenSeen
      ? JSON.parse(text, function (key, v) {
          if (FORBIDDEN_KEYS.has(key)) forbidden.push(key);
          return v;
        })
      : JSON.parse(text);
  } catch (error) {
    throw new MappingError([{ field: 'body', reason: `is not valid JSON: ${(error as Error).message} (JSON格式错误)` }]);
  }
  if (forbidden.length > 0) {
    throw new MappingError(forbidden.map((key) => ({ field: key, reason: 'this key is refused (prototype pollution) (禁止使用的键名)' })));
  }
  return value;
}
