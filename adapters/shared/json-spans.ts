/**
 * The exact source text of each element of a top-level JSON array property (e.g. an outbox
 * page's `items`), so a rejected item keeps its raw text as received. Call only on text that
 * parsed as JSON; undefined when the property is not a top-level array.
 */
export function topLevelArrayItemTexts(text: string, key: string): string[] | undefined {
  let i = 0;
  const n = text.length;
  const skipWs = () => {
    while (i < n && /\s/.test(text[i]!)) i++;
  };
  /** Moves past a string starting at i (a quote) and returns its raw inner text. */
  const readString = (): string => {
    const start = ++i;
    while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return text.slice(start, i++);
  };
  /** Moves past one JSON value starting at i. */
  const skipValue = () => {
    let depth = 0;
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        readString();
        if (depth === 0) return;
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (depth === 0) return;
        if (--depth === 0) {
          i++;
          return;
        }
      } else if (depth === 0 && (c === ',' || /\s/.test(c))) return;
      i++;
    }
  };

  skipWs();
  if (text[i] !== '{') return undefined;
  i++;
  for (;;) {
    skipWs();
    if (text[i] !== '"') return undefined;
    const name = readString();
    skipWs();
    i++; // ':'
    skipWs();
    if (JSON.parse(`"${name}"`) === key) {
      if (text[i] !== '[') return undefined;
      i++;
      const items: string[] = [];
      for (;;) {
        skipWs();
        if (text[i] === ']') return items;
        const start = i;
        skipValue();
        if (i === start || i > n) return undefined;
        items.push(text.slice(start, i).trimEnd());
        skipWs();
        if (text[i] === ',') i++;
      }
    }
    skipValue();
    skipWs();
    if (text[i] !== ',') return undefined;
    i++;
  }
}
