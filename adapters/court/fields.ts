/**
 * Where each unified field lives in an SPLC `<Message>`, so a standard validation failure
 * (`persons[0].idNumber`) is reported on the legacy field the sender must fix
 * (`Message[0]/Case/Defendant[0]/@idNo`).
 */
import { fieldTables, splitUnifiedPath } from '../shared/legacy-fields';
import fieldPaths from './field-paths.json';

/** Each section's unified field → its legacy field (field-paths.json). */
const { envelope: ENVELOPE, case: CASE, person: PERSON, custody: CUSTODY, document: DOCUMENT, file: FILE, sentence: SENTENCE } = fieldTables(fieldPaths);

/**
 * The legacy field of a unified path inside the message at `messagePath` (e.g. `Message[0]`).
 * `numberSystems` lists the system of each localCaseNumbers entry (COURT came from @ah).
 */
export function courtFieldFor(messagePath: string, unifiedPath: string, numberSystems: readonly string[] = []): string {
  const [head, ...rest] = splitUnifiedPath(unifiedPath);
  const at = (relative: string) => `${messagePath}/${relative}`;
  const index = (i: number) => rest[i];
  switch (head) {
    case 'localCaseNumbers': {
      const system = typeof index(0) === 'number' ? numberSystems[index(0) as number] : undefined;
      return at(system === 'COURT' ? 'Case/@ah' : system === 'PROCURATORATE' ? 'Case/@bmsah' : 'Case');
    }
    case 'case':
      return at(typeof index(0) === 'string' && CASE[index(0) as string] ? `Case/${CASE[index(0) as string]}` : 'Case');
    case 'persons': {
      if (typeof index(0) !== 'number') return at('Case/Defendant');
      const defendant = `Case/Defendant[${index(0)}]`;
      const field = index(1);
      if (field === 'custody' && typeof index(2) === 'string' && CUSTODY[index(2) as string]) return at(`${defendant}/Custody/${CUSTODY[index(2) as string]}`);
      return at(typeof field === 'string' && PERSON[field] ? `${defendant}/${PERSON[field]}` : defendant);
    }
    case 'documents': {
      if (typeof index(0) !== 'number') return at('Document');
      const document = `Document[${index(0)}]`;
      if (index(1) === 'attachments' && typeof index(2) === 'number') {
        const file = `${document}/File[${index(2)}]`;
        const field = index(3);
        return at(typeof field === 'string' && FILE[field] ? `${file}/${FILE[field]}` : file);
      }
      const field = index(1);
      return at(typeof field === 'string' && DOCUMENT[field] ? `${document}/${DOCUMENT[field]}` : document);
    }
    case 'payload': {
      if (index(0) === 'recommendationAdopted') return at('Sentence/@adopted');
      if (index(0) === 'sentence' && typeof index(1) === 'string' && SENTENCE[index(1) as string]) return at(`Sentence/${SENTENCE[index(1) as string]}`);
      return at('Sentence');
    }
    default:
      return typeof head === 'string' && ENVELOPE[head] ? at(ENVELOPE[head]) : `${messagePath} (${unifiedPath})`;
  }
}
