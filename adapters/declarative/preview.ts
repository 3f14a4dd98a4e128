/**
 * The editor's preview: a system document and a pasted sample → the unified message (or the
 * legacy text, the other way), with field-level errors and warnings; a document with errors is
 * answered with every entry and reason. Never throws: the editor shows whatever comes back.
 */
import type { UnifiedMessage } from '../../standard/schema/message';
import { encodeBody } from '../shared/charset';
import { MappingError, type MappingIssue } from '../shared/issues';
import { checkSystemDocument, declarativeAdapter, SystemDocumentError } from './adapter';
import { readDocumentText } from './document-text';

export interface PreviewRequest {
  /** The system document, as JSON or YAML text, or an object. */
  document: unknown;
  /** `in`: a legacy message (text) → unified; `out`: a unified message (JSON text) → legacy text. */
  direction: 'in' | 'out';
  sample: string;
}

export type PreviewAnswer =
  | { ok: true; direction: 'in'; messages: UnifiedMessage[]; warnings: MappingIssue[] }
  | { ok: true; direction: 'out'; legacy: string; contentType: string }
  | { ok: false; stage: 'document'; problems: Array<{ entry: string; reason: string }> }
  | { ok: false; stage: 'sample'; issues: MappingIssue[] };

const bilingual = (en: string, zh: string): string => `${en} (${zh})`;

export function previewMapping(request: PreviewRequest): PreviewAnswer {
  let value = request.document;
  if (typeof value === 'string') {
    const read = readDocumentText(value, 'auto');
    if (!read.ok) return { ok: false, stage: 'document', problems: read.problems };
    value = read.value;
  }
  let adapter;
  let charset = 'utf-8';
  let mediaType = 'application/json';
  try {
    const doc = checkSystemDocument(value, 'editor');
    charset = doc.format.charset;
    mediaType = doc.format.type === 'xml' ? 'text/xml' : 'application/json';
    adapter = declarativeAdapter(doc);
  } catch (error) {
    if (error instanceof SystemDocumentError) return { ok: false, stage: 'document', problems: error.problems };
    return { ok: false, stage: 'document', problems: [{ entry: '(document)', reason: (error as Error).message }] };
  }
  if (typeof request.sample !== 'string' || request.sample.trim() === '') {
    return { ok: false, stage: 'sample', issues: [{ field: 'sample', reason: bilingual('paste a sample message', '请粘贴样例报文') }] };
  }
  if (request.direction === 'out') {
    let message: UnifiedMessage;
    try {
      message = JSON.parse(request.sample) as UnifiedMessage;
    } catch (error) {
      return { ok: false, stage: 'sample', issues: [{ field: 'sample', reason: bilingual(`not JSON: ${(error as Error).message}`, '不是JSON') }] };
    }
    try {
      const encoded = adapter.codec.encode(message, { credentials: { token: 'preview', appId: 'preview', secret: 'preview' } });
      return {
        ok: true,
        direction: 'out',
        legacy: encoded.body.toString(charset === 'utf-8' ? 'utf8' : 'latin1'),
        contentType: encoded.headers['Content-Type'] ?? '',
      };
    } catch (error) {
      return { ok: false, stage: 'sample', issues: error instanceof MappingError ? error.issues : [{ field: '(message)', reason: (error as Error).message }] };
    }
  }
  const result = adapter.codec.decode(encodeBody(request.sample, charset), { 'content-type': `${mediaType}; charset=${charset}` });
  if (result.rejected.length > 0) return { ok: false, stage: 'sample', issues: result.rejected.flatMap((r) => r.issues) };
  return { ok: true, direction: 'in', messages: result.messages.map((m) => m.message), warnings: result.messages.flatMap((m) => m.warnings) };
}
