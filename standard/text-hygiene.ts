/**
 * Text that is not text: every string of a unified message must be something each legacy format
 * can carry as characters. Refused (never replaced: no specification here says to):
 * - NUL and the other C0 control characters except tab, line feed and carriage return, and
 *   U+FFFE / U+FFFF — not allowed in XML 1.0, so a GBK or SOAP document holding one is not
 *   well-formed;
 * - a lone UTF-16 surrogate (`"\ud800"` in JSON) — not a character at all; no encoder can write it.
 */
import { bilingual } from './schema/primitives';

const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface TextIssue {
  path: readonly PropertyKey[];
  value: string;
  reason: string;
}

const codePoint = (char: string): string => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` is not text, or undefined when it is. */
export function textProblem(text: string): string | undefined {
  const illegal = XML_ILLEGAL.exec(text);
  if (illegal) {
    return bilingual(
      `holds the control character ${codePoint(illegal[0])} at position ${illegal.index}, which no legacy format can carry`,
      `含有控制字符${codePoint(illegal[0])}（第${illegal.index}位），拒收`,
    );
  }
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    return bilingual(
      `holds a lone surrogate ${codePoint(lone[0])} at position ${lone.index}, which is not a character`,
      `含有孤立代理项${codePoint(lone[0])}（第${lone.index}位），不是有效字符，拒收`,
    );
  }
  return undefined;
}

/** Every string in `input` (objects and arrays, any depth) that is not text, with its path. */
export function textIssues(input: unknown): TextIssue[] {
  const issues: TextIssue[] = [];
  const walk = (value: unknown, path: PropertyKey[]): void => {
    if (typeof value === 'string') {
      const reason = textProblem(value);
      if (reason) issues.push({ path: [...path], value: JSON.stringify(value).slice(0, 80), reason });
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) walk(value[i], [...path, i]);
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (typeof key === 'string' && textProblem(key)) issues.push({ path: [...path, key], value: JSON.stringify(key), reason: textProblem(key)! });
        walk((value as Record<string, unknown>)[key], [...path, key]);
      }
    }
  };
  walk(input, []);
  return issues;
}
