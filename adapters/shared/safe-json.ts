import { MappingError } from './issues';

export interface JsonLimits {
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxBytes: 20 * 1024 * 1024, maxDepth: 64 };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Scans nesting depth before JSON.parse builds anything, so deep input is refused cheaply. */
function assertJsonDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) throw new MappingError([{ field: 'body', reason: `JSON nesting deeper than ${maxDepth} levels is refused (JSON嵌套超过${maxDepth}层，拒绝处理)` }]);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** Parses legacy JSON, refusing prototype-polluting keys, oversized bodies and deep nesting. */
export function parseJson(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): unknown {
  if (Buffer.byteLength(text) > limits.maxBytes) {
    throw new MappingError([{ field: 'body', reason: `larger than ${limits.maxBytes} bytes (报文过大)` }]);
  }
  assertJsonDepth(text, limits.maxDepth);
  const forbidden: string[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text, function (key, v) {
      if (FORBIDDEN_KEYS.has(key)) forbidden.push(key);
      return v;
    });
  } catch (error) {
    throw new MappingError([{ field: 'body', reason: `is not valid JSON: ${(error as Error).message} (JSON格式错误)` }]);
  }
  if (forbidden.length > 0) {
    throw new MappingError(forbidden.map((key) => ({ field: key, reason: 'this key is refused (prototype pollution) (禁止使用的键名)' })));
  }
  return value;
}
