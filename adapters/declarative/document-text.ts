/**
 * The text of a system document → its value, before the zod check: JSON, or YAML (a `.yaml`/`.yml`
 * file, or text that is not JSON when the syntax is not known). YAML that could be hostile is refused
 * rather than read: alias expansion is bounded (`maxAliasCount`), any explicit tag (`!!js/function`,
 * `!custom`, even `!!str`) is refused, merge keys are off, duplicate keys and a second document are
 * errors, and only the core schema's plain values are built. Problems name the line and column.
 */
import { isNode, parseDocument, visit } from 'yaml';

export type DocumentSyntax = 'json' | 'yaml' | 'auto';

export interface DocumentProblem {
  entry: string;
  reason: string;
}

export type DocumentText = { ok: true; value: unknown } | { ok: false; problems: DocumentProblem[] };

/** Largest document text read (a system document is a few hundred lines). */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
/** Aliases a YAML document may use: enough for shared tables, far from an expansion bomb. */
export const MAX_YAML_ALIASES = 100;

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;

/** The syntax a file name implies: `.yaml`/`.yml` YAML, `.json` JSON, anything else either. */
export function syntaxOfName(name: string): DocumentSyntax {
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  return /\.json$/i.test(name) ? 'json' : 'auto';
}

function readJson(text: string): DocumentText {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problems: [{ entry: '(file)', reason: bilingual(`not readable JSON: ${(error as Error).message}`, '不是可读取的JSON') }] };
  }
}

const firstLine = (message: string): string => message.split('\n')[0]!;

function readYaml(text: string): DocumentText {
  const document = parseDocument(text, { schema: 'core', merge: false, uniqueKeys: true, strict: true, prettyErrors: true });
  const problems: DocumentProblem[] = [...document.errors, ...document.warnings].map((error) => ({
    entry: '(file)',
    reason: bilingual(`not readable YAML: ${firstLine(error.message)}`, '不是可读取的YAML'),
  }));
  visit(document, (_key, node) => {
    if (isNode(node) && node.tag !== undefined) {
      const where = node.range ? ` at offset ${node.range[0]}` : '';
      problems.push({ entry: '(file)', reason: bilingual(`YAML tag ${node.tag}${where} refused: documents hold plain values only`, 'YAML文档不得使用标签') });
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    return {
      ok: false,
      problems: [{ entry: '(file)', reason: bilingual(`YAML refused: ${(error as Error).message}`, `YAML文档被拒绝：别名展开超过${MAX_YAML_ALIASES}次上限`) }],
    };
  }
}

/**
 * Reads a document's text (a BOM is dropped) as the syntax says. `auto`: text that starts like JSON
 * is read as JSON (YAML flow style that is not JSON is then read as YAML; when neither reads, JSON's
 * reason is given), any other text as YAML.
 */
export function readDocumentText(text: string, syntax: DocumentSyntax): DocumentText {
  if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES)
    return { ok: false, problems: [{ entry: '(file)', reason: bilingual(`larger than ${MAX_DOCUMENT_BYTES} bytes`, '文档过大') }] };
  const clean = text.replace(/^\uFEFF/, '');
  if (syntax === 'json') return readJson(clean);
  if (syntax === 'yaml' || !/^\s*[{[]/.test(clean)) return readYaml(clean);
  const json = readJson(clean);
  if (json.ok) return json;
  const yaml = readYaml(clean);
  return yaml.ok ? yaml : json;
}
