/** Writing legacy XML by hand: escaped text, one element per line, fixed element order. */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML attribute value or element content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** ` name="value"` for each defined attribute, in the order given. */
export function xmlAttributes(attributes: ReadonlyArray<readonly [string, string | undefined]>): string {
  return attributes
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

/**
 * One element written as the legacy systems' samples are: `<name a="v"/>` when it has no children,
 * else its start tag, each child on its own line, and its end tag at `indent`.
 */
export function xmlElement(
  qualifiedName: string,
  indent: string,
  attributes: ReadonlyArray<readonly [string, string | undefined]>,
  children: readonly string[] = [],
): string {
  const open = `${indent}<${qualifiedName}${xmlAttributes(attributes)}`;
  if (children.length === 0) return `${open}/>`;
  return `${open}>\n${children.join('\n')}\n${indent}</${qualifiedName}>`;
}

/** A line-oriented XML writer: `open`/`close` containers, `leaf` text elements (skipped when undefined). */
export class XmlLines {
  private readonly lines: string[] = [];
  private depth = 0;

  constructor(private readonly indent = '  ') {}

  raw(line: string): this {
    this.lines.push(line);
    return this;
  }

  open(name: string): this {
    this.lines.push(`${this.indent.repeat(this.depth)}<${name}>`);
    this.depth++;
    return this;
  }

  close(name: string): this {
    this.depth--;
    this.lines.push(`${this.indent.repeat(this.depth)}</${name}>`);
    return this;
  }

  leaf(name: string, value: string | number | undefined): this {
    if (value === undefined) return this;
    this.lines.push(`${this.indent.repeat(this.depth)}<${name}>${escapeXml(String(value))}</${name}>`);
    return this;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
