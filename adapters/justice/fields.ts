/**
 * Where each unified field lives in an SFXZ item, so a standard validation failure
 * (`persons[0].idNumber`) is reported on the legacy field the sender must fix (`items[0].person.id_card`).
 */
import { joinPath } from '../shared/json-read';
import { fieldTables, splitUnifiedPath } from '../shared/legacy-fields';
import fieldPaths from './field-paths.json';

/** Each section's unified field → its legacy field (field-paths.json). */
const {
  envelope: ENVELOPE,
  case: CASE,
  person: PERSON,
  document: DOCUMENT,
  file: FILE,
  payload: PAYLOAD,
  lawyer: LAWYER,
  sentence: SENTENCE,
} = fieldTables(fieldPaths);

const pick = (table: Readonly<Record<string, string>>, key: string | number | undefined): string | undefined =>
  typeof key === 'string' ? table[key] : undefined;

/** The legacy path of a unified path inside the item at `itemPath` (`items[0]`, or '' for a single item). */
export function justiceFieldFor(itemPath: string, unifiedPath: string): string {
  const [head, a, b, c, d] = splitUnifiedPath(unifiedPath);
  const at = (relative: string) => joinPath(itemPath, relative);
  switch (head) {
    case 'case':
      return at(pick(CASE, a) ? `case.${pick(CASE, a)}` : 'case');
    case 'persons':
      return at(pick(PERSON, b) ? `person.${pick(PERSON, b)}` : 'person');
    case 'documents': {
      if (typeof a !== 'number') return at('documents');
      const document = `documents[${a}]`;
      if (b === 'attachments' && typeof c === 'number') return at(pick(FILE, d) ? `${document}.files[${c}].${pick(FILE, d)}` : `${document}.files[${c}]`);
      return at(pick(DOCUMENT, b) ? `${document}.${pick(DOCUMENT, b)}` : document);
    }
    case 'payload': {
      const field = pick(PAYLOAD, a);
      if (!field) return at('detail');
      const nested = a === 'lawyer' ? pick(LAWYER, b) : a === 'sentence' ? pick(SENTENCE, b) : undefined;
      return at(nested ? `detail.${field}.${nested}` : `detail.${field}`);
    }
    default:
      return typeof head === 'string' && ENVELOPE[head] ? at(ENVELOPE[head]) : `${itemPath || '(item)'} (${unifiedPath})`;
  }
}
