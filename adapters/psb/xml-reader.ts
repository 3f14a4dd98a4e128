/**
 * Reads the PSB element tree (safe-xml parseXml: every element an array, text as strings) by
 * legacy path, reporting shape problems and flagging every element the mapper does not know.
 */
import { bi } from '../shared/legacy-values';
import type { IssueCollector } from '../shared/issues';
import type { XmlNode } from '../shared/safe-xml';

const UNKNOWN = bi('unknown element, kept in the raw archive only, not mapped', '未知元素，仅保留在原文中，未映射');

/** One element's text; absent or empty means "not sent". */
export function leaf(parent: XmlNode, name: string, path: string, issues: IssueCollector): string | undefined {
  const value = parent[name];
  if (value === undefined) return undefined;
  const items = value as unknown[];
  if (items.length > 1) issues.error(`${path}/${name}`, items, bi('must occur once', '只能出现一次'));
  const item = items[0];
  if (typeof item === 'string') {
    const text = item.trim();
    return text === '' ? undefined : text;
  }
  if (item !== null && typeof item === 'object') {
    const node = item as XmlNode;
    const keys = Object.keys(node);
    const textValue = node['#text'];
    if (keys.every((k) => k === '#text' || k.startsWith('@'))) {
      for (const k of keys)
        if (k !== '#text') issues.warn(`${path}/${name}/${k}`, node[k], bi('unknown attribute, kept in the raw archive only', '未知属性，仅保留在原文中'));
      const text = typeof textValue === 'string' ? textValue.trim() : '';
      return text === '' ? undefined : text;
    }
    return issues.error(`${path}/${name}`, node, bi('must be text, not nested elements', '应为文本，不应包含子元素'));
  }
  return undefined;
}

/** One container element (`<AJXX>…</AJXX>`); `<AJXX/>` is an empty container. */
export function container(parent: XmlNode, name: string, path: string, issues: IssueCollector): XmlNode | undefined {
  const value = parent[name];
  if (value === undefined) return undefined;
  const items = value as unknown[];
  if (items.length > 1) issues.error(`${path}/${name}`, `${items.length}×`, bi('must occur once', '只能出现一次'));
  return asNode(items[0], `${path}/${name}`, issues);
}

/** Every repetition of a container element (zero, one or many). */
export function repeated(parent: XmlNode, name: string, path: string, issues: IssueCollector): XmlNode[] {
  const value = parent[name];
  if (value === undefined) return [];
  const out: XmlNode[] = [];
  (value as unknown[]).forEach((item, index) => {
    const node = asNode(item, `${path}/${name}[${index}]`, issues);
    out.push(node ?? {});
  });
  return out;
}

function asNode(item: unknown, path: string, issues: IssueCollector): XmlNode | undefined {
  if (item !== null && typeof item === 'object') return item as XmlNode;
  if (typeof item === 'string' && item.trim() === '') return {};
  return issues.error(path, item, bi('must hold elements, not text', '应包含子元素，而不是文本'));
}

/** Warns about every child of `node` whose name is not in `known` (attributes and stray text included). */
export function warnUnknown(node: XmlNode, path: string, known: ReadonlySet<string>, issues: IssueCollector): void {
  for (const key in node) {
    if (known.has(key)) continue;
    if (key === '#text') issues.warn(`${path}/text()`, node[key], bi('unexpected text, kept in the raw archive only', '多余文本，仅保留在原文中'));
    else if (key.startsWith('@')) issues.warn(`${path}/${key}`, node[key], bi('unknown attribute, kept in the raw archive only', '未知属性，仅保留在原文中'));
    else issues.warn(`${path}/${key}`, compact(node[key]), UNKNOWN);
  }
}

/** A warning value readable on one line: the text of a leaf, else the subtree as JSON. */
function compact(value: unknown): unknown {
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return value;
}

/**
 * The text at a legacy path such as `BODY/XYRLIST/XYR[0]/ZJHM` (for error values); undefined when
 * the path does not lead to text.
 */
export function textAtPath(packageNode: XmlNode, path: string): string | undefined {
  let current: unknown = packageNode;
  for (const segment of path.split('/')) {
    const m = /^([^[\]]+)(?:\[(\d+)\])?$/.exec(segment);
    if (!m || current === null || typeof current !== 'object') return undefined;
    const list = (current as XmlNode)[m[1]!] as unknown[] | undefined;
    if (!Array.isArray(list)) return undefined;
    current = list[m[2] === undefined ? 0 : Number(m[2])];
  }
  if (typeof current === 'string') return current.trim();
  if (current !== null && typeof current === 'object' && typeof (current as XmlNode)['#text'] === 'string')
    return ((current as XmlNode)['#text'] as string).trim();
  return undefined;
}
