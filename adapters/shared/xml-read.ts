/**
 * Reading nodes produced by safe-xml parseXml (every element an array, attributes as `@name`,
 * text as a string or `#text`) while flagging whatever the mapper does not know.
 */
import type { IssueCollector } from './issues';
import type { XmlNode } from './safe-xml';

/** The child elements named `name`, each as a node (`<a/>` → {}, `<a>t</a>` → {'#text': 't'}). */
export function elements(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (item !== null && typeof item === 'object') return item as XmlNode;
    const text = item === undefined || item === null ? '' : String(item);
    return text === '' ? {} : { '#text': text };
  });
}

export function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@${name}`];
  return value === undefined ? undefined : String(value);
}

export function text(node: XmlNode): string | undefined {
  const value = node['#text'];
  return value === undefined ? undefined : String(value);
}

export interface KnownShape {
  attributes: ReadonlySet<string>;
  children: ReadonlySet<string>;
  text: boolean;
}

/** The attributes, child elements and text an element may have (build once, at module level). */
export function knownShape(shape: { attributes?: readonly string[]; children?: readonly string[]; text?: boolean }): KnownShape {
  return { attributes: new Set(shape.attributes), children: new Set(shape.children), text: shape.text ?? false };
}

/** Adds a warning for every attribute, child element or text the shape does not list. */
export function warnUnknown(node: XmlNode, path: string, shape: KnownShape, issues: IssueCollector): void {
  for (const key in node) {
    const value = node[key];
    if (key.charCodeAt(0) === 64 /* @ */) {
      if (!shape.attributes.has(key.slice(1)))
        issues.warn(`${path}/${key}`, value, 'unknown attribute, kept in the raw archive only (未知属性，仅保留在原文中)');
    } else if (key === '#text') {
      if (!shape.text) issues.warn(`${path}/text()`, value, 'unexpected text, kept in the raw archive only (多余文本，仅保留在原文中)');
    } else if (!shape.children.has(key)) {
      issues.warn(`${path}/${key}`, value, 'unknown element, kept in the raw archive only (未知元素，仅保留在原文中)');
    }
  }
}

/**
 * The exact text of each `<name …>…</name>` element (any namespace prefix), in document order: what
 * a page of several messages keeps as each one's raw text. Elements of that name do not nest.
 */
export function elementTexts(text: string, name: string): string[] {
  const out: string[] = [];
  const open = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?)${name.replace(/\./g, '\\.')}[\\s>/]`, 'g');
  for (let m = open.exec(text); m !== null; m = open.exec(text)) {
    const tagEnd = text.indexOf('>', m.index);
    if (tagEnd < 0) break;
    if (text[tagEnd - 1] === '/') {
      out.push(text.slice(m.index, tagEnd + 1));
      continue;
    }
    const close = `</${m[1]}${name}>`;
    const end = text.indexOf(close, tagEnd);
    if (end < 0) break;
    out.push(text.slice(m.index, end + close.length));
    open.lastIndex = end + close.length;
  }
  return out;
}
